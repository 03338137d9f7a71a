"""Two processes and one store: updates go to a copy swapped in atomically; two writers get one
line each naming the other, never a hang or a traceback (lists/swap.py)."""

from __future__ import annotations

import fcntl
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from sanctionwatch.errors import StoreError
from sanctionwatch.lists.fetch import Fetcher
from sanctionwatch.lists.loading import load_paths
from sanctionwatch.lists.store import Store
from sanctionwatch.lists.swap import lock_path, new_version
from sanctionwatch.lists.update import update_lists
from tests.helpers import run_cli
from tests.lists.fixtures import UN_XML
from tests.lists.publisher import Publisher
from tests.lists.test_update import UN_NEXT


def quick() -> Fetcher:
    return Fetcher(timeout=2.0, retries=0, sleep=lambda _: None)


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    un = tmp_path / "un.xml"
    un.write_text(UN_XML)
    path = tmp_path / "store.duckdb"
    with Store(path) as store:
        load_paths(store, [un])
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_second_update_is_told_who_holds_the_lock(publisher: Publisher, db: Path) -> None:
    url = publisher.serve("/un.xml", UN_NEXT.encode())
    with lock_path(db).open("a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        held.write("process 4242")
        held.flush()
        before = digest(db)
        with pytest.raises(StoreError, match=r"another 'lists update' \(process 4242\)"):
            update_lists(db, ["un"], origin=url, fetcher=quick())
        assert digest(db) == before
    assert update_lists(db, ["un"], origin=url, fetcher=quick()).outcomes[0].status == "updated"


def test_a_writer_in_place_refuses_the_update(publisher: Publisher, db: Path) -> None:
    url = publisher.serve("/un.xml", UN_NEXT.encode())
    code = f"import duckdb, time; c = duckdb.connect({str(db)!r}); print('held', flush=True); time.sleep(30)"
    with subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
            before = digest(db)
            with pytest.raises(
                StoreError, match=rf"in use by another sanctionwatch process \(process {holder.pid}"
            ):
                update_lists(db, ["un"], origin=url, fetcher=quick())
            assert digest(db) == before and not list(db.parent.glob("*.next-*"))
        finally:
            holder.kill()


def test_readers_keep_their_version_and_the_next_one_sees_the_new(publisher: Publisher, db: Path) -> None:
    url = publisher.serve("/un.xml", UN_NEXT.encode())
    reader = Store(db, read_only=True)  # a server holding its store
    try:
        assert reader.find("KPe.901")
        update_lists(db, ["un"], origin=url, fetcher=quick())
        assert reader.find("KPe.901") and not reader.find("KPe.902")  # still the version it opened
        with Store(db, read_only=True) as fresh:  # in the same process, the new file
            assert fresh.find("KPe.902") and not fresh.find("KPe.901")
    finally:
        reader.close()


def test_a_writer_that_starts_during_an_update_is_refused(db: Path, tmp_path: Path) -> None:
    other = tmp_path / "other" / "un.xml"
    other.parent.mkdir()
    other.write_text(UN_NEXT)
    with new_version(db) as copy:
        copy.load([])  # the update at work on its copy
        result = run_cli(db, "lists", "load", str(other))
        assert result.returncode == 2 and result.stderr.count("\n") == 1
        assert "in use by another sanctionwatch process" in result.stderr and "Traceback" not in result.stderr
    assert run_cli(db, "lists", "load", str(other)).returncode == 0  # once it is done


def test_a_failed_update_leaves_no_copy_behind(db: Path) -> None:
    before = digest(db)
    with pytest.raises(RuntimeError), new_version(db) as copy:
        copy.con.execute("CREATE TABLE scratch (x INTEGER)")
        raise RuntimeError("the update failed midway")
    assert digest(db) == before and not list(db.parent.glob("*.next-*"))
