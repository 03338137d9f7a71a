"""The log of each source's checks: when ``lists update`` asked the publisher, and what came back.

One row per source and successful check (table ``checks``): the URL, when, whether the list had
changed (``updated``) or not (``unchanged``: a 304, or the same bytes as last time), the HTTP
status, the sha256 and size of what was downloaded, the ETag and Last-Modified the next request
sends back, every header kept of every file (JSON), and the version of the list it made. A check
that failed changes nothing, so it is not logged: the list's last check stays the last good one.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sanctionwatch.lists.fetch import Download
    from sanctionwatch.lists.store import Store

SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS checks (
    source VARCHAR, dataset VARCHAR, url VARCHAR, checked_at TIMESTAMP, outcome VARCHAR,
    http_status INTEGER, sha256 VARCHAR, bytes BIGINT, etag VARCHAR, last_modified VARCHAR,
    downloads VARCHAR, version INTEGER
);
"""


def record_check(
    store: Store,
    source: str,
    dataset: str,
    outcome: str,
    downloads: list[Download],
    version: int,
    checked_at: datetime | None = None,
) -> None:
    """Log one check; ``downloads[0]`` is the list's main file."""
    store.con.execute(SCHEMA_SQL)
    main = downloads[0]
    store.con.execute(
        "INSERT INTO checks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            source,
            dataset,
            main.url,
            checked_at or datetime.now(UTC).replace(tzinfo=None),
            outcome,
            main.http_status,
            main.sha256,
            main.size,
            main.headers.get("etag"),
            main.headers.get("last-modified"),
            json.dumps([download.as_dict() for download in downloads]),
            version,
        ],
    )


def _has_checks(store: Store) -> bool:
    row = store.con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'checks'"
    ).fetchone()
    return bool(row and row[0])


def checks(store: Store) -> list[dict[str, Any]]:
    """Every check logged, oldest first."""
    if not _has_checks(store):
        return []
    cursor = store.con.execute("SELECT * FROM checks ORDER BY checked_at")
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def last_checks(store: Store) -> dict[str, dict[str, Any]]:
    """The latest check of each source, by source name."""
    return {row["source"]: row for row in checks(store)}


def last_check_by_dataset(store: Store) -> dict[str, dict[str, Any]]:
    """The latest check of each dataset, whichever source it came from."""
    return {row["dataset"]: row for row in checks(store)}
