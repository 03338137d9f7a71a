"""A command that fails where no store existed leaves none behind: a failed command changes
nothing. ``lists load`` of a mistyped path left an empty store; ``ais detect`` of a file in no AIS
format left a store with every bundled list loaded, and its index."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import run_cli


@pytest.mark.parametrize(
    "args",
    [
        ("lists", "load", "{bad}"),
        ("lists", "load", "{missing}"),
        ("ais", "detect", "{bad}"),
        ("run", "{missing}"),
    ],
    ids=["lists-load-unknown-format", "lists-load-missing", "ais-detect-unknown-format", "run-missing"],
)
def test_a_failed_command_leaves_no_store(tmp_path: Path, args: tuple[str, ...]) -> None:
    bad = tmp_path / "inputs" / "notes.csv"
    bad.parent.mkdir()
    bad.write_text("neither a list nor AIS\n", encoding="utf-8")
    files = {"bad": str(bad), "missing": str(tmp_path / "inputs" / "nosuch.xml")}
    db = tmp_path / "store" / "db.duckdb"
    db.parent.mkdir()
    backup = db.with_name("db.duckdb.bak")  # the user's, not the store's: it stays
    backup.write_bytes(b"an older store, moved aside")
    result = run_cli(db, *(arg.format(**files) for arg in args))
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert sorted(p.name for p in db.parent.iterdir()) == ["db.duckdb.bak"]
    assert backup.read_bytes() == b"an older store, moved aside"


def test_a_failed_command_keeps_a_store_that_was_there(bundled_db: Path, tmp_path: Path) -> None:
    """Only a store the command made goes: one that existed stays, as it was."""
    db = tmp_path / "db.duckdb"
    shutil.copy(bundled_db, db)
    before = db.read_bytes()
    bad = tmp_path / "notes.csv"
    bad.write_text("neither a list nor AIS\n", encoding="utf-8")
    result = run_cli(db, "lists", "load", str(bad))
    assert result.returncode == 2
    assert db.exists() and db.read_bytes() == before
