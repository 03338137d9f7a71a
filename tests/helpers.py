"""Running the command line as a user does (a subprocess with its own store), and a coroutine in
an event loop of its own."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def run_cli(
    db: Path, *args: str, stdin: str | None = None, timeout: int = 300
) -> subprocess.CompletedProcess[str]:
    """``python -m sanctionwatch ARGS`` with ``SANCTIONWATCH_DB`` pointing at ``db``."""
    env = {**os.environ, "SANCTIONWATCH_DB": str(db)}
    return subprocess.run(
        [sys.executable, "-m", "sanctionwatch", *args],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=timeout,
    )


def run_coroutine(coroutine: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run(coroutine)`` in a thread of its own. The session's browser (``browser`` in
    ``tests/conftest.py``) keeps Playwright's event loop marked running in the main thread, and
    ``asyncio.run`` refuses to start inside a running loop, so a test calling it directly passes
    or fails by whether a browser test ran before it."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
