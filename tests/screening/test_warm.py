"""A ``screen`` call after one that opened the store reads the index and the lists' status from
the stamp beside it, without DuckDB, and only while the store file is as that call left it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from sanctionwatch.lists.store import Store
from sanctionwatch.screening.warm import file_stamp, recall, stamp_path
from tests.helpers import run_cli

#: Screens one name as ``sanctionwatch screen`` does, then says on stderr whether DuckDB was
#: imported on the way.
_SCREEN = """
import sys
from sanctionwatch.cli.app import main
sys.argv = ["sanctionwatch", "screen", *sys.argv[1:], "--json"]
try:
    main()
finally:
    sys.stderr.write("\\nduckdb imported: %s\\n" % ("duckdb" in sys.modules))
"""


def screen(db: Path, name: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SANCTIONWATCH_DB": str(db)}
    return subprocess.run(
        [sys.executable, "-c", _SCREEN, name], capture_output=True, text=True, env=env, timeout=300
    )


def warnings(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("warning:")]


def test_a_second_call_screens_without_opening_the_store(bundled_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "db.duckdb"
    shutil.copy(bundled_db, db)
    first, second = screen(db, "Kim Jong Un"), screen(db, "Kim Jong Un")
    assert first.returncode == second.returncode == 1, first.stderr + second.stderr
    assert "duckdb imported: True" in first.stderr
    assert "duckdb imported: False" in second.stderr
    assert json.loads(second.stdout) == json.loads(first.stdout)
    assert json.loads(second.stdout)["matches"]
    # the snapshots are years old: both calls warn, in the same words
    assert warnings(first) and warnings(second) == warnings(first)


def test_a_load_leaves_the_index_ready_with_what_it_loaded(bundled_db: Path, tmp_path: Path) -> None:
    """``lists load`` writes the store, which voids the stamp, and stamps the index it built over
    what it loaded: the first call after it finds the new name without opening the store."""
    db = tmp_path / "db.duckdb"
    shutil.copy(bundled_db, db)
    assert "duckdb imported: True" in screen(db, "Zorbulax Qentimar").stderr
    before = json.loads(stamp_path(db).read_text(encoding="utf-8"))
    listed = tmp_path / "extra.ftm.json"
    entity = {"id": "zq-1", "schema": "Person", "properties": {"name": ["Zorbulax Qentimar"]}}
    listed.write_text(json.dumps(entity) + "\n", encoding="utf-8")
    loaded = run_cli(db, "lists", "load", str(listed))
    assert loaded.returncode == 0, loaded.stderr
    after = json.loads(stamp_path(db).read_text(encoding="utf-8"))
    assert after["store"] == file_stamp(db) != before["store"]
    assert after["index_version"] != before["index_version"]
    result = screen(db, "Zorbulax Qentimar")
    assert result.returncode == 1, result.stderr
    assert "duckdb imported: False" in result.stderr
    assert [m["name"] for m in json.loads(result.stdout)["matches"]] == ["Zorbulax Qentimar"]


def test_a_store_written_by_another_command_voids_the_stamp(bundled_db: Path, tmp_path: Path) -> None:
    """Only a load or an update stamps again; any other write (a monitoring run saving its
    results) leaves the stamp void, and the next call opens the store."""
    db = tmp_path / "db.duckdb"
    shutil.copy(bundled_db, db)
    screen(db, "Kim Jong Un")
    assert recall(db) is not None
    with Store(db) as store:
        store.con.execute("CREATE TABLE written_since (x INTEGER)")
    assert recall(db) is None
    assert "duckdb imported: True" in screen(db, "Kim Jong Un").stderr


def test_the_monitoring_run_leaves_the_index_ready(demo_run: Path) -> None:
    """``run`` writes its results into the store, which voids the stamp ``lists load`` left; it
    stamps again, so the screen a user tries after ``make run`` does not open the store."""
    result = screen(demo_run / "db.duckdb", "Kim Jong Un")
    assert result.returncode == 1, result.stderr
    assert "duckdb imported: False" in result.stderr


def test_a_store_with_a_write_ahead_log_is_opened(tmp_path: Path) -> None:
    db = tmp_path / "db.duckdb"
    db.write_bytes(b"store")
    assert file_stamp(db) is not None
    db.with_name("db.duckdb.wal").write_bytes(b"")
    assert file_stamp(db) is None


def test_a_stamp_that_does_not_agree_is_ignored(bundled_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "db.duckdb"
    shutil.copy(bundled_db, db)
    screen(db, "Kim Jong Un")
    assert recall(db) is not None
    os.utime(db)  # touched: its times no longer those stamped
    assert recall(db) is None
    screen(db, "Kim Jong Un")
    stamp = json.loads(stamp_path(db).read_text(encoding="utf-8"))
    stamp["index_version"] = "0|rules|lists"
    stamp_path(db).write_text(json.dumps(stamp), encoding="utf-8")
    assert recall(db) is None
    stamp_path(db).write_text("{not json", encoding="utf-8")
    assert recall(db) is None
