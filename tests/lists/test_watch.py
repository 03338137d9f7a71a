"""A running service and ``lists update``: the service picks up the new store without a pause in
its answers, refreshes its lists on a schedule, and says which lists are stale (lists/watch.py)."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sanctionwatch.api.app import create_app
from sanctionwatch.api.settings import ApiSettings
from sanctionwatch.errors import StoreError
from sanctionwatch.lists.loading import load_paths
from sanctionwatch.lists.store import Store
from sanctionwatch.lists.watch import StoreWatcher
from tests.helpers import run_cli
from tests.lists.fixtures import UN_XML
from tests.lists.publisher import Publisher
from tests.lists.test_update import UN_NEXT


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    un = tmp_path / "given" / "un.xml"
    un.parent.mkdir()
    un.write_text(UN_XML)
    path = tmp_path / "store.duckdb"
    with Store(path) as store:
        load_paths(store, [un])
    return path


def eventually(check: Callable[[], bool], seconds: float = 120.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def test_the_watcher_sees_a_swap_not_a_touch(publisher: Publisher, db: Path) -> None:
    seen: list[float] = []
    watcher = StoreWatcher(db, lambda: seen.append(time.monotonic()), interval=0.05).start()
    try:
        os.utime(db)  # rewritten in place (impossible while served) or touched: not a new store
        time.sleep(0.3)
        assert seen == []
        url = publisher.serve("/un.xml", UN_NEXT.encode())
        assert run_cli(db, "lists", "update", "un", "--from", url).returncode == 0
        assert eventually(lambda: len(seen) == 1, 10)
    finally:
        watcher.stop()


def test_a_new_store_that_cannot_be_opened_yet_is_tried_again(tmp_path: Path) -> None:
    # the update that swaps a store in may hold it a moment longer (it builds the index beside
    # it); the watcher gave up at the first failure and the service never took the new lists
    store = tmp_path / "store.duckdb"
    store.write_bytes(b"old")
    calls: list[int] = []

    def opening() -> None:
        calls.append(1)
        if len(calls) < 3:
            raise StoreError("the store is in use by another sanctionwatch process")

    watcher = StoreWatcher(store, opening, interval=0.05).start()
    try:
        swapped = tmp_path / "new.duckdb"
        swapped.write_bytes(b"new")
        swapped.replace(store)
        assert eventually(lambda: len(calls) == 3, 10)
        time.sleep(0.3)
        assert len(calls) == 3  # opened at the third try, and not again
    finally:
        watcher.stop()


def searching(client: TestClient, name: str) -> set[str]:
    found = client.get("/search/default", params={"q": name}).json()["results"]
    return {ref for result in found for ref in result.get("refs", [])}


def test_the_service_switches_to_the_updated_store_without_a_pause(publisher: Publisher, db: Path) -> None:
    app = create_app(db, ApiSettings(rate_limit=0))
    failures: list[int] = []
    answered = [0]
    stop = threading.Event()
    with TestClient(app) as client:
        ready = client.get("/readyz").json()
        assert ready["status"] == "ok" and [item["list"] for item in ready["stale"]] == ["un_sc"]
        assert "KPe.901" in searching(client, "Korea Test Trading Corporation")

        def keep_asking() -> None:
            while not stop.is_set():
                status = client.get("/search/default", params={"q": "Ri Won Ho"}).status_code
                answered[0] += 1
                if status != 200:
                    failures.append(status)

        reader = threading.Thread(target=keep_asking)
        reader.start()
        try:
            url = publisher.serve("/un.xml", UN_NEXT.encode())
            update = run_cli(db, "lists", "update", "un", "--from", url)  # another process, as from cron
            assert update.returncode == 0, update.stderr
            assert eventually(lambda: "KPe.902" in searching(client, "Korea New Test Corporation"))
        finally:
            stop.set()
            reader.join()
        assert failures == [] and answered[0] > 0
        assert "KPe.901" not in searching(client, "Korea Test Trading Corporation")
        catalog = client.get("/catalog").json()
        assert catalog["stale"] == []  # just checked at its publisher


def test_the_service_refreshes_its_lists_on_a_schedule(
    publisher: Publisher, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SANCTIONWATCH_SOURCE_UN", publisher.serve("/un/consolidated.xml", UN_NEXT.encode()))
    monkeypatch.setenv("SANCTIONWATCH_REFRESH_HOURS", "24")
    with TestClient(create_app(db, ApiSettings(rate_limit=0))) as client:
        assert eventually(lambda: "KPe.902" in searching(client, "Korea New Test Corporation"))
        ready = client.get("/readyz").json()
        assert ready["stale"] == []  # checked at the publisher just now
    assert [seen.status for seen in publisher.requests("/un/consolidated.xml")] == [200]
