"""Shared fixtures, each built once per session and read-only for the tests that use it: a store
loaded from the bundled snapshots, the demo case run once through the command line, and one
headless Chromium for every browser test.

A test that needs to change a store copies the file first (``shutil.copy``) into its own
``tmp_path``, so no test depends on which others ran before it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from playwright.sync_api import Browser, sync_playwright

from sanctionwatch.lists.bundled import load_bundled
from sanctionwatch.lists.store import Store
from tests.browser import ARGS, CHROMIUM
from tests.helpers import run_cli

#: No test asserts a time: hypothesis's per-example deadline (200 ms) is one, and failed on a
#: loaded machine when the first example paid for a lazy load (ICU's transliterator, 276 ms).
settings.register_profile("sanctionwatch", deadline=None)
settings.load_profile("sanctionwatch")

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


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One Debian Chromium for every browser test of the session (the report's and the web UI's).

    Playwright's sync API runs its event loop in the main thread and leaves it marked running
    between calls, and a second ``sync_playwright()`` refuses to start inside it; so there is one,
    opened here, never one per module: two of them failed whenever a random order put one module's
    tests inside the other's lifetime. A test that needs an event loop of its own runs it in a
    thread (``tests.helpers.run_coroutine``)."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()
