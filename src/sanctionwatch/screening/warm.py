"""Screening without opening the store, while the store file is as it was.

One ``screen`` call spent a fifth of its second importing DuckDB and opening the store only to
learn that the index cache beside it was current. After a call that opened the store, a stamp
(``<db>.index.stamp``) records the store file as it was left (device, inode, size, modification
and change times), the index version it matched and the lists' status facts for the stale-list
warning. The next call that finds the file exactly so, with no write-ahead log beside it (a
write not yet in the file), reads the index and the facts without DuckDB. Any write to the store
changes its change time (which no tool can set back) and so voids the stamp; a stamp or index
that does not agree is ignored, and the caller opens the store as before.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sanctionwatch.lists.status import ListStatus
from sanctionwatch.screening.index import (
    INDEX_VERSION,
    ScreeningIndex,
    frozen,
    index_path,
    read_cache,
    rules_fingerprint,
)

if TYPE_CHECKING:  # the store (and DuckDB) is imported only when the stamp does not serve
    from sanctionwatch.lists.store import Store
    from sanctionwatch.screening.matcher import Matcher

STAMP_VERSION = 1


def warm_matcher(
    db: Path, open_store: Callable[[], contextlib.AbstractContextManager[Store]]
) -> tuple[Matcher, list[ListStatus]]:
    """The matcher over the store's lists and the lists' status facts: from the stamp when the
    store is as the last call left it, else from the store (``open_store``, the caller's way of
    opening it, with its own errors), stamped for the next call."""
    from sanctionwatch.screening.matcher import Matcher

    with warm_index(db, open_store) as (index, statuses):
        return Matcher(index), statuses


@contextlib.contextmanager
def warm_index(
    db: Path, open_store: Callable[[], contextlib.AbstractContextManager[Store]]
) -> Iterator[tuple[ScreeningIndex, list[ListStatus]]]:
    """The index of the store's lists and the lists' status facts, for the block: from the stamp
    when the store is as the last call left it (the store is not opened); else from the store,
    which stays open for the block (so that a store made for a block that fails is removed again,
    ``Store.__exit__``), stamped once it is closed."""
    warm = recall(db)
    if warm is not None:
        yield warm
        return
    from sanctionwatch.lists.status import list_status
    from sanctionwatch.screening.index import load_index

    with open_store() as store:
        found = load_index(store), list_status(store)
        yield found
    remember(db, *found)


def stamp_path(db: Path) -> Path:
    return index_path(db).with_name(index_path(db).name + ".stamp")


def file_stamp(db: Path) -> list[int] | None:
    """The store file as it is now, or None when it is missing or has a write-ahead log (DuckDB
    writes there first; the file alone is then not the store)."""
    if db.with_name(db.name + ".wal").exists():
        return None
    try:
        found = db.stat()
    except OSError:
        return None
    return [found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns]


def remember(db: Path, index: ScreeningIndex, statuses: list[ListStatus]) -> None:
    """Write the stamp for the store as it is now (call it once the store is closed). A location
    that cannot be written only means the next call opens the store. An index of no lists is not
    stamped: the next call opens the store, which loads the bundled lists on first use."""
    stamp = file_stamp(db)
    if stamp is None or not index.subjects:
        return
    record = {
        "stamp_version": STAMP_VERSION,
        "store": stamp,
        "index_version": index.version,
        "lists": [asdict(status) for status in statuses],
    }
    path = stamp_path(db)
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(record, out)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def recall(db: Path) -> tuple[ScreeningIndex, list[ListStatus]] | None:
    """The index and the lists' status facts, when the stamp says the store is as it was and the
    index cache is the one the stamp names; None otherwise."""
    try:
        record: Any = json.loads(stamp_path(db).read_text(encoding="utf-8"))
        if record["stamp_version"] != STAMP_VERSION or record["store"] != file_stamp(db):
            return None
        version = str(record["index_version"])
        if not version.startswith(f"{INDEX_VERSION}|{rules_fingerprint()}|"):
            return None  # built under other name rules
        statuses = [ListStatus(**status) for status in record["lists"]]
    except (OSError, ValueError, TypeError, KeyError):
        return None
    index = frozen(lambda: read_cache(index_path(db), version))
    return None if index is None else (index, statuses)
