"""Settings from ``SANCTIONWATCH_*`` environment variables, with local defaults.

| variable | meaning | default |
|---|---|---|
| ``SANCTIONWATCH_DB`` | path of the DuckDB store | ``./sanctionwatch.duckdb`` |
| ``SANCTIONWATCH_MAX_SHRINK`` | largest fraction one load may shrink a list by | ``0.5`` |
| ``SANCTIONWATCH_MAX_DOCUMENT_CHARS`` | longest text a document may hold for claims | ``2000000`` |
| ``SANCTIONWATCH_MAX_DOCUMENT_MB`` | largest document file (HTML, PDF, text) read for claims | ``50`` |
| ``SANCTIONWATCH_STALE_DAYS`` | a list not known current for more days than this is reported stale | ``7`` |
| ``SANCTIONWATCH_SOURCE_<NAME>`` | URL or path of a list (``_UN``, ``_OFAC``, ``_EU``...) | publisher's |
| ``SANCTIONWATCH_MAX_DOWNLOAD_MB`` | largest list download | ``1024`` |
| ``SANCTIONWATCH_HTTP_TIMEOUT`` | seconds a download waits for the server (to connect, per read) | ``60`` |
| ``SANCTIONWATCH_HTTP_RETRIES`` | attempts after the first, on network errors and 5xx/429 answers | ``3`` |
| ``SANCTIONWATCH_HTTP_BACKOFF`` | seconds before the first retry, doubled for each next one | ``2`` |
| ``SANCTIONWATCH_REFRESH_HOURS`` | ``serve`` updates its lists every this many hours (0: never) | ``0`` |
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DB = "sanctionwatch.duckdb"
#: Claims are read in linear time (claims/documents.py), about 30,000 characters a second: two
#: million characters, a long UN panel report, take about a minute.
DEFAULT_MAX_DOCUMENT_CHARS = 2_000_000
DEFAULT_MAX_DOCUMENT_MB = 50


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


def _positive_int(variable: str, default: int) -> int:
    from sanctionwatch.errors import ConfigError

    raw = os.environ.get(variable, "").strip()
    if not raw:
        return default
    try:
        value = int(raw.replace("_", "").replace(",", ""))
    except ValueError:
        value = 0
    if value <= 0:
        raise ConfigError(f"{variable}={raw!r}: give a whole number above 0")
    return value


def max_document_chars() -> int:
    """The longest text a document may hold for claims (``SANCTIONWATCH_MAX_DOCUMENT_CHARS``)."""
    return _positive_int("SANCTIONWATCH_MAX_DOCUMENT_CHARS", DEFAULT_MAX_DOCUMENT_CHARS)


def max_document_bytes() -> int:
    """The largest document file read for claims (``SANCTIONWATCH_MAX_DOCUMENT_MB``), in bytes."""
    return _positive_int("SANCTIONWATCH_MAX_DOCUMENT_MB", DEFAULT_MAX_DOCUMENT_MB) * 1_000_000


def _number(name: str, default: float, minimum: float = 0.0) -> float:
    """A number setting; one line naming the variable when it is not a number or too small."""
    from sanctionwatch.errors import ConfigError

    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not value >= minimum:
        raise ConfigError(f"{name}={raw!r}: give a number of at least {minimum:g}")
    return value


#: Days after which a list is reported stale: analysts refresh daily, so a week without a
#: successful check (or, never checked, a week past its publication date) means screening
#: runs against designations that may have changed.
DEFAULT_STALE_DAYS = 7


def stale_days() -> float:
    """``SANCTIONWATCH_STALE_DAYS``: a list not known current for longer is stale."""
    return _number("SANCTIONWATCH_STALE_DAYS", DEFAULT_STALE_DAYS)


def max_download_bytes() -> int:
    """``SANCTIONWATCH_MAX_DOWNLOAD_MB``: the largest list download (OpenSanctions' ``default``
    collection is the largest source, well under the default)."""
    return int(_number("SANCTIONWATCH_MAX_DOWNLOAD_MB", 1024, minimum=0.001) * 1024 * 1024)


def http_timeout() -> float:
    return _number("SANCTIONWATCH_HTTP_TIMEOUT", 60.0, minimum=0.001)


def http_retries() -> int:
    return int(_number("SANCTIONWATCH_HTTP_RETRIES", 3))


def http_backoff() -> float:
    return _number("SANCTIONWATCH_HTTP_BACKOFF", 2.0)


def refresh_hours() -> float:
    """``SANCTIONWATCH_REFRESH_HOURS``: how often ``serve`` updates its lists; 0 never."""
    return _number("SANCTIONWATCH_REFRESH_HOURS", 0.0)
