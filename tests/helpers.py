"""Running the command line as a user does: a subprocess with its own store."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


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
