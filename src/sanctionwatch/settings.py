"""Settings from ``SANCTIONWATCH_*`` environment variables, with local defaults.

| variable | meaning | default |
|---|---|---|
| ``SANCTIONWATCH_DB`` | path of the DuckDB store | ``./sanctionwatch.duckdb`` |
| ``SANCTIONWATCH_MAX_SHRINK`` | largest fraction one load may shrink a list by | ``0.5`` |
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


#: The largest fraction by which one load may shrink a list without ``--force``. Real lists
#: change by a few percent between publications (the UN list grew from 879 to 1,003 records
#: between August 2025 and February 2026; delistings are a few dozen a year), so a file with
#: half the records is a truncated download, an extract or the wrong file, not a new list.
DEFAULT_MAX_SHRINK = 0.5


def max_shrink() -> float:
    """``SANCTIONWATCH_MAX_SHRINK``: a fraction from 0 (refuse any shrink) to 1 (allow all)."""
    from sanctionwatch.errors import ConfigError

    raw = os.environ.get("SANCTIONWATCH_MAX_SHRINK", "").strip()
    if not raw:
        return DEFAULT_MAX_SHRINK
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise ConfigError(f"SANCTIONWATCH_MAX_SHRINK={raw!r}: give a fraction from 0 to 1, e.g. 0.5")
    return value
