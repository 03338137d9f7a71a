"""AIS inputs read into one table of positions, with every rejected row counted by reason.

The positions table (Arrow) has: mmsi, t (epoch seconds, UTC), lat, lon, sog, cog, name, imo,
call_sign, flag. Rows that cannot be used are never dropped silently: ``InputSummary`` counts
them per file and reason.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

POSITION_SCHEMA = pa.schema(
    [
        ("mmsi", pa.int64()),
        ("t", pa.float64()),
        ("lat", pa.float64()),
        ("lon", pa.float64()),
        ("sog", pa.float64()),
        ("cog", pa.float64()),
        ("name", pa.string()),
        ("imo", pa.string()),
        ("call_sign", pa.string()),
        ("flag", pa.string()),
    ]
)


@dataclass
class InputSummary:
    """What one file gave: rows read, rows used, rows rejected by reason."""

    path: str
    format: str
    read: int = 0
    used: int = 0
    rejected: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "format": self.format,
            "read": self.read,
            "used": self.used,
            "rejected": dict(sorted(self.rejected.items())),
        }


#: Validation shared by the tabular readers: the raw columns arrive as text and are parsed,
#: checked and counted here, in SQL, never row by row in Python.
VALIDATE_SQL = """
WITH parsed AS (
    SELECT
        TRY_CAST(mmsi AS BIGINT) AS mmsi,
        {time_expression} AS ts,
        TRY_CAST(lat AS DOUBLE) AS lat,
        TRY_CAST(lon AS DOUBLE) AS lon,
        TRY_CAST(sog AS DOUBLE) AS sog,
        TRY_CAST(cog AS DOUBLE) AS cog,
        NULLIF(TRIM(CAST(name AS VARCHAR)), '') AS name,
        NULLIF(regexp_replace(COALESCE(CAST(imo AS VARCHAR), ''), '[^0-9]', '', 'g'), '') AS imo,
        NULLIF(TRIM(CAST(call_sign AS VARCHAR)), '') AS call_sign,
        NULLIF(TRIM(CAST(flag AS VARCHAR)), '') AS flag
    FROM raw
), judged AS (
    SELECT *, CASE
        WHEN mmsi IS NULL OR mmsi < 100000000 OR mmsi > 999999999 THEN 'bad MMSI'
        WHEN ts IS NULL THEN 'unparsable time'
        WHEN lat IS NULL OR lon IS NULL OR lat < -90 OR lat > 90 OR lon < -180 OR lon > 180
            THEN 'impossible coordinates'
        WHEN sog IS NOT NULL AND (sog < 0 OR sog > 102.2) THEN 'impossible speed'
        ELSE NULL END AS reason
    FROM parsed
)
"""


def validate(
    con: duckdb.DuckDBPyConnection, raw: pa.Table, time_expression: str, summary: InputSummary
) -> pa.Table:
    """Parse and check raw text columns; count rejects in ``summary``; return the good positions."""
    con.register("raw", raw)
    try:
        base = VALIDATE_SQL.format(time_expression=time_expression)
        for reason, count in con.execute(
            base + "SELECT reason, count(*) FROM judged GROUP BY reason"
        ).fetchall():
            if reason is not None:
                summary.rejected[reason] += count
        # a relation's Arrow result, read before "raw" is unregistered (DuckDB 1.x and 2.x alike)
        table = con.sql(
            base + "SELECT mmsi, epoch(ts)::DOUBLE AS t, lat, lon, sog, cog, name,"
            " CASE WHEN length(imo) = 7 THEN imo END AS imo, call_sign, flag"
            " FROM judged WHERE reason IS NULL"
        ).to_arrow_table()
    finally:
        con.unregister("raw")
    summary.read += raw.num_rows
    summary.used += table.num_rows
    return table.cast(POSITION_SCHEMA)
