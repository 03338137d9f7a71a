"""The stamp beside a store, in this process: what ``remember`` writes, ``recall`` gives back, and
when it refuses. ``test_warm.py`` drives the same through ``screen`` in subprocesses, which a
mutation run cannot see into; these tests call the functions themselves."""

from __future__ import annotations

import json
import os
import stat
import tempfile
from pathlib import Path

import pytest

from sanctionwatch.lists.status import ListStatus, list_status
from sanctionwatch.lists.store import Store
from sanctionwatch.screening.index import ScreeningIndex, index_path, load_index
from sanctionwatch.screening.matcher import Matcher
from sanctionwatch.screening.query import make_query
from sanctionwatch.screening.warm import recall, remember, stamp_path, warm_index

Stored = tuple[Path, ScreeningIndex, list[ListStatus]]


@pytest.fixture()
def stored(small_store: Path) -> Stored:
    """The small store, its index (cached beside it) and its lists' status, the store closed:
    ready to be stamped."""
    with Store(small_store, read_only=True) as store:
        index = load_index(store)
        statuses = list_status(store)
    assert index_path(small_store).exists()
    return small_store, index, statuses


def answers(index: ScreeningIndex) -> list[list[tuple[str, float]]]:
    queries = [
        make_query("Korea Mining Development Trading"),
        make_query("Kim Yong Chol", "person", dob="1946"),
        make_query("", imo="9356593"),
    ]
    return [[(m.subject.id, m.score) for m in Matcher(index).screen(query)] for query in queries]


def test_a_stamp_gives_back_the_index_and_the_lists_status(stored: Stored) -> None:
    db, index, statuses = stored
    assert stamp_path(db) == db.parent / "db.duckdb.index.stamp"  # Store removes it by this name
    assert recall(db) is None  # no stamp yet
    remember(db, index, statuses)
    warm = recall(db)
    assert warm is not None
    recalled, recalled_statuses = warm
    assert recalled_statuses == statuses
    assert [status.records for status in statuses] == [3]
    assert recalled.version == index.version
    found = answers(recalled)
    assert found == answers(index)
    assert found[0] and found[1] and found[2]


def test_the_stamp_can_be_read_by_everyone_who_can_read_the_store(stored: Stored) -> None:
    """mkstemp makes its file for its owner alone (0600); the stamp is made 0644, as the index is."""
    db, index, statuses = stored
    remember(db, index, statuses)
    assert stat.S_IMODE(stamp_path(db).stat().st_mode) == 0o644


def test_the_stamp_is_written_beside_the_store_not_in_the_temporary_folder(
    stored: Stored, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stamp is written to a temporary file beside it and moved into place: one rename on one
    file system, never half a stamp. A temporary folder that cannot be used changes nothing."""
    db, index, statuses = stored
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no such folder"))
    remember(db, index, statuses)
    assert recall(db) is not None


def test_a_stamp_that_cannot_be_moved_into_place_leaves_nothing_behind(stored: Stored) -> None:
    db, index, statuses = stored
    stamp_path(db).mkdir()  # a folder in its place: the final rename fails
    remember(db, index, statuses)  # quietly: the next call only opens the store
    assert recall(db) is None
    assert sorted(path.name for path in db.parent.iterdir()) == sorted(
        [db.name, index_path(db).name, stamp_path(db).name]
    )


def test_a_store_changed_since_its_stamp_is_opened(stored: Stored) -> None:
    db, index, statuses = stored
    remember(db, index, statuses)
    assert recall(db) is not None
    os.utime(db, ns=(db.stat().st_atime_ns, db.stat().st_mtime_ns + 1))
    assert recall(db) is None


def test_a_stamp_of_another_version_or_other_name_rules_is_ignored(stored: Stored) -> None:
    db, index, statuses = stored
    remember(db, index, statuses)
    good = json.loads(stamp_path(db).read_text(encoding="utf-8"))
    for change in ({"stamp_version": 2}, {"index_version": "0|rules|lists"}):
        stamp_path(db).write_text(json.dumps({**good, **change}), encoding="utf-8")
        assert recall(db) is None, change
    stamp_path(db).write_text(json.dumps(good), encoding="utf-8")
    assert recall(db) is not None


def test_a_stamp_whose_index_cache_is_gone_is_not_used(stored: Stored) -> None:
    db, index, statuses = stored
    remember(db, index, statuses)
    index_path(db).unlink()
    assert recall(db) is None


def test_a_folder_that_refuses_the_rename_and_the_clean_up_is_not_an_error(
    stored: Stored, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder that lets the temporary file be made but then refuses both the rename and its
    removal (its permissions changed meanwhile) only means the next call opens the store."""
    db, index, statuses = stored

    def refuse(*args: object) -> None:
        raise PermissionError("refused")

    monkeypatch.setattr(os, "replace", refuse)
    monkeypatch.setattr(os, "unlink", refuse)
    remember(db, index, statuses)
    monkeypatch.undo()
    assert recall(db) is None


def test_an_index_of_no_lists_is_not_stamped(tmp_path: Path) -> None:
    """A stamp over an empty store would let every later ``screen`` answer from an index of no
    lists: the call must open the store instead, which loads the bundled lists on first use."""
    db = tmp_path / "db.duckdb"
    with Store(db) as store:
        index = load_index(store)
        statuses = list_status(store)
    assert not index.subjects
    remember(db, index, statuses)
    assert not stamp_path(db).exists()
    assert recall(db) is None


def test_warm_index_serves_from_the_stamp_without_opening_the_store(stored: Stored) -> None:
    """``ais detect``'s way in: a stamped store is not opened; an unstamped one is opened for the
    block and stamped once it is closed."""
    db, index, statuses = stored
    opened: list[bool] = []

    def open_store() -> Store:
        opened.append(True)
        return Store(db, read_only=True)

    with warm_index(db, open_store) as (cold, cold_statuses):
        assert opened == [True] and not stamp_path(db).exists()  # stamped only once closed
    assert stamp_path(db).exists()
    assert cold.version == index.version and cold_statuses == statuses

    def refuse() -> Store:
        raise AssertionError("a stamped store was opened")

    with warm_index(db, refuse) as (warm, warm_statuses):
        assert answers(warm) == answers(index) and warm_statuses == statuses
