from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sanctionwatch.api.app import create_app
from sanctionwatch.api.settings import ApiSettings
from sanctionwatch.cases.run import run
from sanctionwatch.lists.store import Store

KEY = "test-key-123"


@pytest.fixture(scope="session")
def api_db(bundled_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the bundled lists and the demo run, for the service to read."""
    db = tmp_path_factory.mktemp("api") / "db.duckdb"
    shutil.copy(bundled_db, db)
    with Store(db) as store:
        run(store)
    return db


@pytest.fixture(scope="session")
def client(api_db: Path) -> Iterator[TestClient]:
    app = create_app(api_db, ApiSettings(api_keys=(KEY,), rate_limit=0))
    with TestClient(app) as test_client:
        yield test_client
