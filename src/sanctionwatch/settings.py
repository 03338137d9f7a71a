"""Settings from ``SANCTIONWATCH_*`` environment variables, with local defaults.

| variable | meaning | default |
|---|---|---|
| ``SANCTIONWATCH_DB`` | path of the DuckDB store | ``./sanctionwatch.duckdb`` |
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DB = "sanctionwatch.duckdb"


def db_path(override: str | Path | None = None) -> Path:
    """The store to use: the explicit option, else ``SANCTIONWATCH_DB``, else the default."""
    if override:
        return Path(override)
    return Path(os.environ.get("SANCTIONWATCH_DB") or DEFAULT_DB)
