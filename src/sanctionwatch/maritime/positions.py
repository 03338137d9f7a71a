"""AIS inputs read into one table of positions, with every rejected row counted by reason.

The positions table has: mmsi, t (epoch seconds, UTC), lat, lon, sog, cog, name, imo, call_sign,
flag. Every reader hands its rows to the same validation (``judge_sql``), in SQL, so that a CSV
row and an NMEA sentence are held to the same rules. Rows that cannot be used are never dropped
silently: ``InputSummary`` counts them per file and reason, and counts the values that were read
as unknown (a speed of 102.3, "not available") without losing the position.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from sanctionwatch.maritime.config import ReadingConfig
from sanctionwatch.maritime.reference import mid_countries

if TYPE_CHECKING:
    import pyarrow as pa

#: The columns of the positions table, in order.
POSITION_COLUMNS = ("mmsi", "t", "lat", "lon", "sog", "cog", "name", "imo", "call_sign", "flag")


@cache
def position_schema() -> pa.Schema:
    """The positions as Arrow (``read_positions``, Spark): pyarrow is imported only for them."""
    import pyarrow as pa

    numbers = {"mmsi": pa.int64()} | {name: pa.float64() for name in ("t", "lat", "lon", "sog", "cog")}
    return pa.schema([(name, numbers.get(name, pa.string())) for name in POSITION_COLUMNS])


#: The raw columns every reader provides (any type; text is parsed here).
RAW_COLUMNS = ("mmsi", "ts", "lat", "lon", "sog", "cog", "name", "imo", "call_sign", "flag", "mobile")


@dataclass
class InputSummary:
    """What one file gave: rows read, used and rejected by reason; positions kept; rows that gave
    a vessel's identity only; values read as unknown. ``read == used + sum(rejected)``."""

    path: str
    format: str
    read: int = 0
    used: int = 0
    kept: int = 0
    identity: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    unknown: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    #: The median interval between a vessel's consecutive reports (seconds), and on how many
    #: vessels it was measured: how densely the file samples a track (``loading._sampling``).
    report_interval_s: float | None = None
    sampled_vessels: int = 0
    #: Warnings the user must read with the events (sparse sampling: satellite revisits).
    caveats: list[str] = field(default_factory=list)
    #: The vessels of a sparsely sampled file: their gaps carry the caveat.
    sparse_vessels: set[int] = field(default_factory=set)

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "format": self.format,
            "read": self.read,
            "used": self.used,
            "kept": self.kept,
            "identity": self.identity,
            "rejected": dict(sorted(self.rejected.items())),
            "unknown": dict(sorted(self.unknown.items())),
            "seconds": round(self.seconds, 3),
            "sampling": {
                "median_report_interval_s": None
                if self.report_interval_s is None
                else round(self.report_interval_s, 1),
                "vessels": self.sampled_vessels,
            },
            "caveats": list(self.caveats),
        }

    def reject(self, reason: str, count: int = 1) -> None:
        self.read += count
        self.rejected[reason] += count


#: Bits of the ``notes`` column: values that were read as unknown, and why.
NOTES = {
    1: "speed not available (102.3)",
    2: "speed out of range",
    4: "course not available (360)",
    8: "course out of range",
    16: "IMO field holds no IMO number",
    32: "US official number in the IMO field",
}

#: MMSI ranges (ITU-R M.585) that are not ships: they are counted, never taken as vessels.
MMSI_CLASSES = (
    ("201000000 AND 775999999", None),
    ("992010000 AND 997759999", "not a vessel: aid to navigation"),
    ("2010000 AND 7759999", "not a vessel: base station"),
    ("111201000 AND 111775999", "not a vessel: search and rescue aircraft"),
    ("970000000 AND 974999999", "not a vessel: distress beacon"),
    ("982010000 AND 987759999", "not a vessel: craft attached to a ship"),
)
#: The DMA's "Type of mobile" values that are not ships, spelled as the DMA writes them.
MOBILE_CLASSES = {
    "Base Station": "not a vessel: base station",
    "AtoN": "not a vessel: aid to navigation",
    "SAR Airborne": "not a vessel: search and rescue aircraft",
    "Search and Rescue Transponder": "not a vessel: distress beacon",
    "Man Overboard Device": "not a vessel: distress beacon",
}


def _mmsi_reason() -> str:
    cases = " ".join(
        f"WHEN mmsi BETWEEN {span} THEN {'NULL' if reason is None else repr(reason)}"
        for span, reason in MMSI_CLASSES
    )
    mobiles = " ".join(f"WHEN {value!r} THEN {reason!r}" for value, reason in MOBILE_CLASSES.items())
    return f"CASE mobile {mobiles} ELSE CASE {cases} ELSE 'bad MMSI' END END"


def _check_digit_ok(number: str) -> str:
    """The IMO check digit: the first six digits weighted 7..2, summed, last digit of the sum
    (integer arithmetic on the number, cheaper than cutting text on every row)."""
    weighted = " + ".join(f"{7 - i} * ({number} // {10 ** (6 - i)} % 10)" for i in range(6))
    return f"(({weighted}) % 10 = {number} % 10)"


def _trimmed(text: str) -> str:
    """``trim(text)``, which costs several times a test of the two ends, run only where an end
    is a space (rarely)."""
    return f"CASE WHEN starts_with({text}, ' ') OR ends_with({text}, ' ') THEN trim({text}) ELSE {text} END"


#: The reason of a row whose position is "not available" (91/181) and that says nothing else.
NOT_AVAILABLE = "position not available (91/181)"


def us_mids() -> str:
    return ", ".join(str(mid) for mid, country in sorted(mid_countries().items()) if country == "us")


def judge_sql(source: str, file: int, config: ReadingConfig) -> str:
    """Every row of ``source`` (a SELECT giving ``RAW_COLUMNS``, ``ts`` in epoch seconds) parsed and
    judged: ``reason`` is NULL for a usable row; ``identity_only`` marks a row without a position
    (91/181, "not available") that still says who the vessel is; ``notes`` has the ``NOTES`` bits;
    ``position`` is TRUE for a usable row that is a position (``reason`` NULL and not
    ``identity_only``), decided without the text fields, so that a pass needing positions only
    (``track``) does not read and clean them: only the identity test reads them.

    The IMO field keeps only a seven-digit number not starting with 0 (``IMO0000000``, ``0`` and
    ``Unknown`` are "none"); on a US vessel (MMSI country digits of the USA) a number failing its
    check digit is a Coast Guard official number, which US vessels broadcast in that field, not a
    false IMO.

    It runs on every row of a file (10 million and more), so each value is computed once, in
    layers from the inside out, with plain string functions (no regular expressions), and what
    only rare rows need sits in a CASE branch that the other rows never evaluate: the identity
    test of a 91/181 row, the check digit of a US vessel's number, ``trim`` of a padded field.
    The layers are two, each usable alone: ``numbers_sql`` judges what the numbers say, row by
    row, and ``identity_sql`` the text fields, which a Parquet file's first pass applies to its
    rows grouped by their raw text instead of to every row (``PositionLoader._first_pass``)."""
    rows = identity_sql(numbers_sql(source, file, config))
    return f"""
SELECT file, mmsi, t, lat, lon, sog, cog, name, imo, call_sign, flag, reason, identity_only, notes, position
FROM ({rows}) AS judged
"""


def numbers_sql(source: str, file: int, config: ReadingConfig) -> str:
    """The first layer of ``judge_sql``: each row of ``source`` with its numbers typed and
    judged, its text fields as text, untouched. ``placed`` is the row's reason before the
    identity test (a 91/181 row is "not available" here), ``unplaced`` marks a 91/181 row, and
    ``number_notes`` has the ``NOTES`` bits of speed and course."""
    return f"""
SELECT {file} AS file, mmsi, ts AS t, lat, lon,
    CASE WHEN sog >= 0 AND sog < 102.3 THEN sog END AS sog,
    CASE WHEN cog >= 0 AND cog < 360 THEN cog END AS cog,
    name, imo, call_sign, flag,
    CASE
        WHEN mmsi_reason IS NOT NULL THEN mmsi_reason
        WHEN ts IS NULL THEN 'unparsable time'
        WHEN ts < {config.not_before} THEN 'time before the window'
        WHEN ts > {config.not_after} THEN 'time after the window'
        WHEN lat IS NULL OR lon IS NULL THEN 'impossible coordinates'
        WHEN lat = 91 OR lon = 181 THEN '{NOT_AVAILABLE}'
        WHEN lat < -90 OR lat > 90 OR lon < -180 OR lon > 180 THEN 'impossible coordinates'
        WHEN lat = 0 AND lon = 0 THEN 'position 0,0 (no fix)'
        ELSE NULL END AS placed,
    COALESCE(lat = 91 OR lon = 181, FALSE) AS unplaced,
    (CASE WHEN sog = 102.3 THEN 1 WHEN sog < 0 OR sog > 102.3 THEN 2 ELSE 0 END)
        + (CASE WHEN cog = 360 THEN 4 WHEN cog < 0 OR cog > 360 THEN 8 ELSE 0 END) AS number_notes
FROM (
    SELECT *, {_mmsi_reason()} AS mmsi_reason
    FROM (
        SELECT
            TRY_CAST(mmsi AS BIGINT) AS mmsi,
            TRY_CAST(ts AS DOUBLE) AS ts,
            TRY_CAST(lat AS DOUBLE) AS lat,
            TRY_CAST(lon AS DOUBLE) AS lon,
            TRY_CAST(sog AS DOUBLE) AS sog,
            TRY_CAST(cog AS DOUBLE) AS cog,
            CAST(name AS VARCHAR) AS name,
            CAST(imo AS VARCHAR) AS imo,
            CAST(call_sign AS VARCHAR) AS call_sign,
            CAST(flag AS VARCHAR) AS flag,
            CAST(mobile AS VARCHAR) AS mobile
        FROM ({source}) AS given
    ) AS typed
) AS classed
"""


def identity_sql(rows: str) -> str:
    """The second layer of ``judge_sql``: over ``rows`` from ``numbers_sql`` (or those rows
    grouped by everything this layer reads: ``mmsi``, the four text fields, ``placed``,
    ``unplaced``, ``number_notes``), the text fields cleaned and the judgement finished:
    ``reason``, ``identity_only``, ``notes`` and ``position``. Every other column of ``rows`` is
    kept."""
    return f"""
SELECT * REPLACE (CASE WHEN imo_ok AND NOT us_number THEN imo END AS imo),
    CASE WHEN placed = '{NOT_AVAILABLE}' AND identity_only THEN NULL ELSE placed END AS reason,
    number_notes
        + (CASE WHEN imo_number IS NOT NULL AND NOT imo_ok THEN 16 ELSE 0 END)
        + (CASE WHEN us_number THEN 32 ELSE 0 END) AS notes,
    placed IS NULL AS position
FROM (
    SELECT *,
        CASE WHEN unplaced THEN name IS NOT NULL OR imo_ok OR call_sign IS NOT NULL
            ELSE FALSE END AS identity_only,
        CASE WHEN imo_ok AND mmsi // 1000000 IN ({us_mids()}) THEN NOT {_check_digit_ok("imo_number")}
            ELSE FALSE END AS us_number
    FROM (
        SELECT *, COALESCE(length(imo) = 7 AND imo_number >= 1000000, FALSE) AS imo_ok
        FROM (
            SELECT *, TRY_CAST(imo AS INTEGER) AS imo_number
            FROM (
                SELECT * REPLACE (
                    NULLIF({_trimmed("name")}, '') AS name,
                    {_trimmed("imo")} AS imo,
                    NULLIF({_trimmed("call_sign")}, '') AS call_sign,
                    NULLIF({_trimmed("flag")}, '') AS flag)
                FROM (
                    -- 'IMO9846421' as MarineCadastre writes it since 2015, in any case
                    SELECT * REPLACE (CASE WHEN starts_with(imo, 'IMO') THEN substr(imo, 4)
                        WHEN upper(substr(imo, 1, 3)) = 'IMO' THEN substr(imo, 4) ELSE imo END AS imo)
                    FROM ({rows}) AS text
                ) AS prefixed
            ) AS cleaned
        ) AS numbered
    ) AS parsed
) AS judged
"""
