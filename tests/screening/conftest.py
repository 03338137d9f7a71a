from __future__ import annotations

import json
from pathlib import Path

import pytest

from sanctionwatch.lists.loading import load_paths
from sanctionwatch.lists.store import Store
from sanctionwatch.screening.matcher import Matcher
from sanctionwatch.screening.service import open_matcher


@pytest.fixture(scope="session")
def matcher(bundled_db: Path) -> Matcher:
    with Store(bundled_db, read_only=True) as store:  # shared: no test may change it
        return open_matcher(store)


#: A small list of the three kinds (its index is built in a moment), loaded as a user loads one.
SMALL_LIST = [
    {"id": "t-1", "schema": "Organization", "properties": {"name": ["Korea Mining Development Trading"]}},
    {"id": "t-2", "schema": "Person", "properties": {"name": ["Kim Yong Chol"], "birthDate": ["1946-06-18"]}},
    {"id": "t-3", "schema": "Vessel", "properties": {"name": ["Dream II"], "imoNumber": ["IMO9356593"]}},
]


@pytest.fixture()
def small_store(tmp_path: Path) -> Path:
    """A store file of its own (``store/db.duckdb``) holding one list of three subjects."""
    listed = tmp_path / "lists" / "small.ftm.json"
    listed.parent.mkdir()
    listed.write_text("".join(json.dumps(entity) + "\n" for entity in SMALL_LIST), encoding="utf-8")
    db = tmp_path / "store" / "db.duckdb"
    db.parent.mkdir()
    with Store(db) as store:
        load_paths(store, [listed])
    return db
