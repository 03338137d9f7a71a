"""The store's nesting transaction, and a second process meeting a store that is in use."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sanctionwatch.errors import StoreError
from sanctionwatch.lists.loading import load_paths
from sanctionwatch.lists.store import Store
from tests.lists.fixtures import UK_CSV, UN_XML


def refs(store: Store) -> set[str]:
    return {entity.ref for entity in store.entities()}


def write_lists(folder: Path) -> tuple[Path, Path]:
    un = folder / "un.xml"
    un.write_text(UN_XML)
    uk = folder / "uk.csv"
    uk.write_bytes(UK_CSV.encode("cp1252"))
    return un, uk


def test_nested_transaction_commits_once(tmp_path: Path) -> None:
    un, uk = write_lists(tmp_path)
    with Store(tmp_path / "db.duckdb") as store:
        with store.transaction():
            load_paths(store, [un])
            assert store.in_transaction
            with store.transaction():
                load_paths(store, [uk])
            store.con.execute("CREATE TABLE extra AS SELECT 1 AS x")
        assert not store.in_transaction
    with Store(tmp_path / "db.duckdb") as store:
        assert refs(store) == {"KPi.901", "KPe.901", "GB-HMT-901", "GB-HMT-902"}
        assert len(store.loads()) == 2


def test_failure_after_a_nested_load_changes_nothing(tmp_path: Path) -> None:
    un, uk = write_lists(tmp_path)
    with Store(tmp_path / "db.duckdb") as store:
        load_paths(store, [un])
        with pytest.raises(RuntimeError), store.transaction():
            load_paths(store, [uk])  # commits nothing by itself: it joins the outer transaction
            raise RuntimeError("the documents of the run could not be read")
        assert refs(store) == {"KPi.901", "KPe.901"}
        assert len(store.loads()) == 1


def test_a_swallowed_nested_failure_still_rolls_back(tmp_path: Path) -> None:
    un, _ = write_lists(tmp_path)
    with Store(tmp_path / "db.duckdb") as store:
        # a programming error (a caller swallowed the nested failure), not a user's: RuntimeError
        with pytest.raises(RuntimeError, match="nothing was changed"), store.transaction():
            load_paths(store, [un])
            try:
                with store.transaction():
                    raise ValueError("inner")
            except ValueError:
                pass
        assert refs(store) == set()
        with store.transaction():  # the store is usable afterwards
            load_paths(store, [un])
        assert len(refs(store)) == 2


def test_second_process_gets_one_line_not_a_hang(tmp_path: Path) -> None:
    db = tmp_path / "db.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sys, time, duckdb
                con = duckdb.connect({str(db)!r})
                con.execute("CREATE TABLE t (x INT)")
                print("ready", flush=True)
                sys.stdin.read()
                """
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        for read_only in (False, True):
            with pytest.raises(StoreError) as info:
                Store(db, read_only=read_only)
            message = str(info.value)
            assert "in use by another sanctionwatch process" in message
            assert f"process {holder.pid}" in message and "\n" not in message
    finally:
        holder.communicate("")
