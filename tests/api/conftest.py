from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sanctionwatch.api.app import create_app
from sanctionwatch.api.settings import ApiSettings

KEY = "test-key-123"


@pytest.fixture(scope="session")
def api_db(demo_run: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the session's demo run (the bundled lists and the run), for the service: API
    tests that write change this copy, never the run other tests read."""
    db = tmp_path_factory.mktemp("api") / "db.duckdb"
    shutil.copy(demo_run / "db.duckdb", db)
    return db


@pytest.fixture(scope="session")
def client(api_db: Path) -> Iterator[TestClient]:
    app = create_app(api_db, ApiSettings(api_keys=(KEY,), rate_limit=0))
    with TestClient(app) as test_client:
        yield test_client
