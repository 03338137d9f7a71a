"""Shared fixtures, each built once per session and read-only for the tests that use it: a store
loaded from the bundled snapshots, and the demo case run once through the command line.

A test that needs to change a store copies the file first (``shutil.copy``) into its own
``tmp_path``, so no test depends on which others ran before it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from sanctionwatch.lists.bundled import load_bundled
from sanctionwatch.lists.store import Store
from tests.helpers import run_cli

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
def bundled_store(bundled_db: Path) -> Iterator[Store]:
    store = Store(bundled_db, read_only=True)
    yield store
    store.close()


@pytest.fixture(scope="session")
def demo_run(bundled_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo case run once, as a user runs it: ``db.duckdb`` holds the run, ``report/`` its
    outputs. Tests read both; a test that writes copies them first."""
    folder = tmp_path_factory.mktemp("run")
    db = folder / "db.duckdb"
    shutil.copy(bundled_db, db)
    result = run_cli(db, "run", "--out", str(folder / "report"))
    assert result.returncode == 0, result.stderr
    assert "INC-001" in result.stdout
    return folder
