"""A server's side of ``lists update``: noticing a new store, and updating on a schedule.

``StoreWatcher`` looks at the store file every few seconds; when an update has swapped a new file
in (``lists/swap.py``: a new inode), it calls back, and the service opens the new store and builds
its index in that thread while requests go on being answered from the old one, then switches.
``Refresher`` runs ``sanctionwatch lists update --keep-going`` every ``SANCTIONWATCH_REFRESH_HOURS``
in a child process: parsing a list and loading it take seconds of CPU and memory that the serving
process should not carry, and the child's writes go through the same copy-and-swap and lock as
an update run from cron, so the two never meet. With several worker processes each one runs a
refresher; the update lock lets one of them update, and the others find the lists checked.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sanctionwatch.errors import SanctionwatchError

log = logging.getLogger(__name__)


def identity(path: Path) -> tuple[int, int] | None:
    """The file's device and inode: they change when an update renames a new store over it, and
    only then (a file held open keeps its inode number, so the new one cannot reuse it)."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_dev, status.st_ino


class StoreWatcher:
    """Calls ``on_change`` (in its own thread) each time the store file is replaced."""

    def __init__(self, path: Path, on_change: Callable[[], None], interval: float = 2.0) -> None:
        self.path = path
        self.on_change = on_change
        self.interval = interval
        self.seen = identity(path)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="store-watcher", daemon=True)

    def start(self) -> StoreWatcher:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self.interval + 5)

    def _run(self) -> None:
        failed: tuple[int, int] | None = None
        while not self._stop.wait(self.interval):
            now = identity(self.path)
            if now is None or now == self.seen:
                continue
            try:
                self.on_change()
            except (SanctionwatchError, OSError) as exc:
                # the old store goes on serving, and the new one is tried again at the next look:
                # the update that swapped it in may hold it a while longer (it builds the index
                # beside it), and a store given up on at the first try was never served
                if now != failed:
                    log.error("could not open the updated store %s (trying again): %s", self.path, exc)
                    failed = now
                continue
            self.seen = now


class Refresher:
    """Runs ``lists update`` on the store every ``hours`` hours, in a child process.

    ``last_check`` gives the time of the store's latest check: the serving process must not open
    the store file a second time to find it, since closing that second handle would drop the
    lock its own connection holds (DuckDB's locks are POSIX record locks)."""

    def __init__(self, db: Path, hours: float, last_check: Callable[[], datetime | None]) -> None:
        self.db = db
        self.hours = hours
        self.last_check = last_check
        self.last: dict[str, object] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="lists-refresher", daemon=True)

    def start(self) -> Refresher:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            if self.due():
                self.last = self.run_once()
            if self._stop.wait(self.hours * 3600):
                return

    def due(self) -> bool:
        """No update has checked the lists within the last half interval (another worker, or
        cron, may just have)."""
        newest = self.last_check()
        if newest is None:
            return True
        age = datetime.now(UTC).replace(tzinfo=None) - newest
        return age.total_seconds() > self.hours * 3600 / 2

    def run_once(self) -> dict[str, object]:
        """One update; its JSON report, or what went wrong, is logged and returned."""
        command = [sys.executable, "-m", "sanctionwatch", "lists", "update", "--keep-going", "--json"]
        env = {**os.environ, "SANCTIONWATCH_DB": str(self.db)}
        started = datetime.now(UTC).isoformat(timespec="seconds")
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        result: dict[str, object] = {"started": started, "exit": done.returncode}
        result["error"] = done.stderr.strip()
        try:
            result["report"] = json.loads(done.stdout)
        except json.JSONDecodeError:
            result["report"] = None
        if done.returncode:
            log.warning("scheduled lists update: %s", result["error"] or f"exit {done.returncode}")
        else:
            log.info("scheduled lists update done")
        return result
