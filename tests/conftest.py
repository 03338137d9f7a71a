"""Shared fixtures: a store loaded once from the bundled snapshots, and tiny list files."""

from __future__ import annotations

from pathlib import Path

import pytest

from sanctionwatch.lists.bundled import load_bundled
from sanctionwatch.lists.store import Store

#: the loopback list publisher (``publisher`` fixture) of the ``lists update`` tests
pytest_plugins = ["tests.lists.publisher"]


@pytest.fixture(scope="session")
def bundled_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store file with every bundled list loaded; tests open it read-only or copy it."""
    path = tmp_path_factory.mktemp("store") / "bundled.duckdb"
    with Store(path) as store:
        load_bundled(store)
    return path


@pytest.fixture()
def bundled_store(bundled_db: Path) -> Store:
    store = Store(bundled_db, read_only=True)
    yield store
    store.close()
