"""How ``lists update`` writes a store that a running server (or a ``screen``) is reading.

DuckDB lets one process write a database file, and a process that reads it (``serve`` keeps its
store open, read-only, for as long as it runs) keeps any other from writing it. An update
therefore never writes the store in place: it copies it, loads the new lists into the copy, and
renames the copy over the store in one atomic step. Readers that have the store open go on
reading the version they opened; the server notices the new file and reopens it
(``lists/watch.py``); the next reader opens the new one. Nobody waits and nobody sees half an
update.

What keeps two writers apart:

- two updates (a cron job while the server's own schedule runs): an exclusive lock on
  ``<store>.update.lock``, taken without waiting; the second is told which process holds it;
- an update and a writer in place (``lists load``, ``run``): from the copy until it replaces the
  store, the update holds the store open read-only. DuckDB then refuses to let any process open
  it for writing, and an update that finds a writer already at work is refused in the same way;
  each side gets one line naming the other process, never a hang.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sanctionwatch.errors import StoreError
from sanctionwatch.lists.store import Store


def lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".update.lock")


@contextmanager
def update_lock(db: Path) -> Iterator[None]:
    """Hold the store's update lock, or fail at once naming the process that holds it."""
    path = lock_path(db)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise StoreError(
                f"{db}: another 'lists update' ({holder}) is updating this store; wait until it"
                " ends, then run this again"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"process {os.getpid()}")
        handle.flush()
        _remove_leftovers(db)
        yield
    finally:
        handle.close()  # closing the file releases the lock


def _next_path(db: Path) -> Path:
    return db.with_name(f"{db.name}.next-{os.getpid()}")


def _remove_leftovers(db: Path) -> None:
    """Copies an update killed midway left behind (only the lock holder makes them)."""
    for leftover in db.parent.glob(f"{db.name}.next-*"):
        leftover.unlink(missing_ok=True)


@contextmanager
def new_version(db: Path) -> Iterator[Store]:
    """A writable copy of the store, put in the store's place when the block ends normally and
    thrown away when it raises. Call it holding ``update_lock``.

    The store is copied first and held open read-only after: DuckDB's locks are POSIX record
    locks, which a process drops on a file as soon as it closes *any* descriptor of it, copying
    included. A writer that changed the store between the copy and the hold is caught by the
    file's identity (inode, size, modification time), and the update stops."""
    copy = _next_path(db)
    held: Store | None = None
    try:
        if db.exists():
            before = _identity(db)
            shutil.copyfile(db, copy)
            wal = db.with_name(db.name + ".wal")
            if wal.exists():  # a writer that died before its checkpoint: its log goes too
                shutil.copyfile(wal, copy.with_name(copy.name + ".wal"))
            held = Store(db, read_only=True)  # from here no writer may open it in place
            if _identity(db) != before:
                raise StoreError(
                    f"{db}: another process wrote the store while this update copied it; run the update again"
                )
        store = Store(copy)
        try:
            yield store
        finally:
            store.close()  # closing checkpoints: the copy is one complete file
        _fsync(copy)
        os.replace(copy, db)
        _fsync(db.parent)
    finally:
        for path in (copy, copy.with_name(copy.name + ".wal")):
            path.unlink(missing_ok=True)
        if held is not None:
            held.close()


def _identity(path: Path) -> tuple[int, int, int]:
    status = path.stat()
    return status.st_ino, status.st_size, status.st_mtime_ns


def _fsync(path: Path) -> None:
    """Make the file (or the folder's entry for it) durable before and after the rename."""
    flags = os.O_RDONLY | (os.O_DIRECTORY if path.is_dir() else 0)
    descriptor = os.open(path, flags)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
