"""Versions and designation history (lists/history.py), list status and the stale warning
(lists/status.py): through the command line where users meet them."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from sanctionwatch.lists.fetch import Fetcher
from sanctionwatch.lists.history import history, versions
from sanctionwatch.lists.loading import load_paths
from sanctionwatch.lists.status import list_status, stale_warning
from sanctionwatch.lists.store import Store
from sanctionwatch.lists.update import update_lists
from tests.helpers import run_cli
from tests.lists.fixtures import UK_CSV, UN_XML
from tests.lists.publisher import Publisher
from tests.lists.test_update import UN_NEXT


def quick() -> Fetcher:
    return Fetcher(timeout=2.0, retries=0, sleep=lambda _: None)


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    un = tmp_path / "given" / "un.xml"
    un.parent.mkdir()
    un.write_text(UN_XML)
    path = tmp_path / "store.duckdb"
    with Store(path) as store:
        load_paths(store, [un])
    return path


def test_each_load_is_a_version_and_history_outlives_delisting(publisher: Publisher, db: Path) -> None:
    update_lists(db, ["un"], origin=publisher.serve("/un.xml", UN_NEXT.encode()), fetcher=quick())
    kept = json.loads(run_cli(db, "lists", "history", "KPi.901", "--json").stdout)["versions"]
    assert [(v["version"], v["change"], v["fields"]) for v in kept] == [
        (1, "added", []),
        (2, "changed", ["aliases"]),
    ]
    assert "RI Won-ho" in kept[1]["record"]["aliases"] and "RI Won-ho" not in kept[0]["record"]["aliases"]
    assert kept[1]["source"] == publisher.url("/un.xml") and kept[1]["list_date"] == "2026-02-03"
    gone = run_cli(db, "lists", "history", "KPe.901", "--json")
    assert [(v["version"], v["change"]) for v in json.loads(gone.stdout)["versions"]] == [
        (1, "added"),
        (2, "removed"),
    ]
    assert json.loads(gone.stdout)["versions"][1]["record"]["name"] == "KOREA TEST TRADING CORPORATION (KTTC)"
    shown = run_cli(db, "lists", "history", "un-sc-KPe.902", "--json")  # a record id works too
    assert [v["name"] for v in json.loads(shown.stdout)["versions"]] == ["KOREA NEW TEST CORPORATION"]
    assert run_cli(db, "lists", "history", "KPe.902").returncode == 0  # and the table
    missing = run_cli(db, "lists", "history", "KPi.999")
    assert missing.returncode == 2 and "KPi.999" in missing.stderr


def test_a_store_from_before_versions_gets_a_first_version_from_its_last_load(
    publisher: Publisher, db: Path
) -> None:
    with Store(db) as store:
        loaded_at = store.last_load("un_sc")["loaded_at"]
        store.con.execute("DROP TABLE versions")
        store.con.execute("DROP TABLE designations")
    update_lists(db, ["un"], origin=publisher.serve("/un.xml", UN_NEXT.encode()), fetcher=quick())
    with Store(db, read_only=True) as store:
        first, second = versions(store, "un_sc")
        assert (first["version"], first["loaded_at"], first["added"]) == (1, loaded_at, 2)
        assert (second["added"], second["removed"], second["changed"]) == (1, 1, 1)
        assert [item["change"] for item in history(store, "KPe.901")] == ["added", "removed"]


def test_notes_alone_do_not_change_a_record_across_formats(tmp_path: Path) -> None:
    fixtures = Path(__file__).parent / "fixtures" / "ofac"
    with Store(tmp_path / "db.duckdb") as store:
        load_paths(store, [fixtures / "sdn.csv"])
        (record,) = load_paths(store, [fixtures / "SDN.XML"])
        assert record.version == 2 and record.changes == {"added": 0, "removed": 0, "changed": 0}


def test_status_and_staleness(publisher: Publisher, db: Path, tmp_path: Path) -> None:
    ofsi = tmp_path / "ConList.csv"
    ofsi.write_bytes(UK_CSV.encode("cp1252"))
    with Store(db) as store:
        load_paths(store, [ofsi])
    now = datetime(2026, 3, 1, 12, 0)
    with Store(db, read_only=True) as store:
        before = {s.list: s for s in list_status(store, now=now, stale_days=7)}
    assert before["un_sc"].list_date == "2026-01-02" and before["un_sc"].last_check is None
    assert (before["un_sc"].age_days, before["un_sc"].stale) == (58, True)
    assert before["gb_hmt"].note.startswith("OFSI stopped updating")
    update_lists(db, ["un"], origin=publisher.serve("/un.xml", UN_NEXT.encode()), fetcher=quick())
    today = datetime.now()
    with Store(db, read_only=True) as store:
        after = {s.list: s for s in list_status(store, now=today, stale_days=7)}
    un = after["un_sc"]
    assert un.last_check and un.current_as_of == un.last_check[:10] and not un.stale and un.age_days <= 1
    assert un.source == publisher.url("/un.xml") and un.records == 2
    assert after["gb_hmt"].stale  # the OFSI list is as old as its date, however often checked
    message = stale_warning([s for s in after.values() if s.stale])
    assert message and "gb_hmt" in message and "un_sc" not in message


def test_a_file_given_by_path_is_as_old_as_its_list_date(db: Path, tmp_path: Path) -> None:
    mirror = tmp_path / "mirror.xml"
    mirror.write_text(UN_NEXT)
    update_lists(db, ["un"], origin=str(mirror), fetcher=quick())
    with Store(db, read_only=True) as store:
        (un,) = list_status(store, now=datetime(2026, 3, 1), stale_days=7)
    assert un.last_check and un.current_as_of == "2026-02-03" and un.age_days == 26 and un.stale


def test_status_command(db: Path) -> None:
    result = run_cli(db, "lists", "status", "--json")
    (status,) = json.loads(result.stdout)["lists"]
    fields = {"list", "source", "list_date", "last_check", "last_change", "age_days", "stale", "records"}
    assert fields <= set(status) and status["list"] == "un_sc"


def test_screen_warns_on_stderr_never_in_its_json(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SANCTIONWATCH_STALE_DAYS", "1")
    result = run_cli(db, "screen", "Ri Won Ho", "--json")
    assert json.loads(result.stdout)["matches"]
    assert result.stderr.startswith("warning: lists older than 1 days: un_sc (")
    assert "sanctionwatch lists update" in result.stderr and result.stderr.count("\n") == 1
    monkeypatch.setenv("SANCTIONWATCH_STALE_DAYS", "100000")
    assert run_cli(db, "screen", "Ri Won Ho", "--json").stderr == ""
    monkeypatch.setenv("SANCTIONWATCH_STALE_DAYS", "soon")
    refused = run_cli(db, "screen", "Ri Won Ho")
    assert refused.returncode == 2 and "SANCTIONWATCH_STALE_DAYS='soon'" in refused.stderr
