"""The scheduled ``lists update`` of a server (``Refresher``), with the update command replaced by
a script that answers as the real one does: JSON on stdout, a one-line error on stderr, an exit
status. The real command's run is ``test_watch.py``'s (slow: it starts servers and updates)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from sanctionwatch.lists.watch import Refresher


def fake_update(folder: Path, body: str) -> Path:
    script = folder / "update.sh"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(0o755)
    return script


def test_a_failed_scheduled_update_is_returned_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An update that fails (no network, a bad list) must not stop the refresher's thread: its exit
    status and message are returned, and there is no report."""
    monkeypatch.setattr(sys, "executable", str(fake_update(tmp_path, "echo 'lists: no network' >&2; exit 2")))
    result = Refresher(tmp_path / "sw.duckdb", 24, lambda: None).run_once()
    assert (result["exit"], result["error"], result["report"]) == (2, "lists: no network", None)


def test_the_refresher_runs_the_update_on_its_store_once_when_due(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No check has ever been made, so an update is due at once: it runs ``lists update
    --keep-going --json`` on the refresher's store, and its JSON report becomes ``last`` (empty
    before)."""
    body = """printf '{"db": "%s", "args": "%s"}' "$SANCTIONWATCH_DB" "$*\""""
    monkeypatch.setattr(sys, "executable", str(fake_update(tmp_path, body)))
    refresher = Refresher(tmp_path / "sw.duckdb", 24, lambda: None)
    assert refresher.last == {}
    refresher.start()
    deadline = time.monotonic() + 30
    while not refresher.last and time.monotonic() < deadline:
        time.sleep(0.05)
    refresher.stop()
    assert refresher.last["exit"] == 0 and refresher.last["error"] == ""
    assert refresher.last["report"] == {
        "db": str(tmp_path / "sw.duckdb"),
        "args": "-m sanctionwatch lists update --keep-going --json",
    }
