"""A running reader (``serve`` holds its store read-only while it runs) leaves the store readable
by other commands, and a writer is told who holds it (issue 25: readers never wait)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest

from sanctionwatch.errors import StoreBusy
from sanctionwatch.lists.layout import open_failure
from sanctionwatch.lists.store import Store
from tests.helpers import run_cli

HOLDER = """
import sys
from sanctionwatch.lists.store import Store
store = Store(sys.argv[1], read_only=True)
print("ready", flush=True)
sys.stdin.read()
store.close()
"""


@contextmanager
def held(bundled_db: Path, tmp_path: Path, script: str = HOLDER) -> Iterator[Path]:
    """A copy of the bundled store, held by another process running ``script`` while inside."""
    db = tmp_path / "db.duckdb"
    shutil.copy(bundled_db, db)
    holder = subprocess.Popen(
        [sys.executable, "-c", script, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        yield db
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=60)
        if holder.stdout is not None:
            holder.stdout.close()


def test_commands_that_read_work_while_another_process_holds_the_store(
    bundled_db: Path, tmp_path: Path
) -> None:
    with held(bundled_db, tmp_path) as db:
        screened = run_cli(db, "screen", "Kim Jong Un", "--json")
        assert screened.returncode in (0, 1) and "Traceback" not in screened.stderr, screened.stderr
        assert "KPi.0" in screened.stdout or "OFAC-" in screened.stdout
        status = run_cli(db, "lists", "status", "--json")
        assert status.returncode == 0, status.stderr
        written = run_cli(db, "lists", "load", "--force", str(_un_snapshot(tmp_path)))
        assert written.returncode == 2 and "Traceback" not in written.stderr
        assert "in use by another sanctionwatch process" in written.stderr
        assert len(written.stderr.strip().splitlines()) == 1
        with pytest.raises(StoreBusy, match="in use by another"):  # what open_store falls back on
            Store(db)


def _un_snapshot(folder: Path) -> Path:
    import lzma

    from sanctionwatch.lists.bundled import DATA

    path = folder / "un.xml"
    path.write_bytes(lzma.decompress((DATA / "sanctions" / "un_consolidated_2026-02-27.xml.xz").read_bytes()))
    return path


WRITER = HOLDER.replace("read_only=True", "read_only=False")


def test_serve_while_a_load_writes_the_store_is_one_line_and_exit_2(bundled_db: Path, tmp_path: Path) -> None:
    """It exited 3 with two tracebacks (the error was raised inside uvicorn's start-up)."""
    with held(bundled_db, tmp_path, WRITER) as db:
        served = subprocess.run(
            [sys.executable, "-m", "sanctionwatch", "serve", "--port", "0", "--db", str(db)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert served.returncode == 2 and "Traceback" not in served.stderr, served.stderr
        assert len(served.stderr.strip().splitlines()) == 1
        assert "in use by another sanctionwatch process" in served.stderr


def test_a_store_from_a_newer_duckdb_says_which_duckdb_to_install(tmp_path: Path) -> None:
    # DuckDB's own words when a store written by DuckDB 2 is opened by 1.5 (the benchmark extra's
    # pin), which the message used to pass on with "check the --db path"
    words = (
        "IO Error: Trying to read a database file with version number 69, but we can only read versions"
        " between 64 and 68.\nThe database file was created with a newer version of DuckDB."
    )
    message = str(open_failure(tmp_path / "db.duckdb", duckdb.IOException(words)))
    assert "newer DuckDB than the one installed" in message and "check the --db path" not in message
    assert "\n" not in message
