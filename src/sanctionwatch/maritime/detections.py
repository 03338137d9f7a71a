"""The detections, written once as SQL that both DuckDB and Spark SQL run unchanged.

Every query reads ``positions`` (mmsi, t in epoch seconds, lat, lon, sog, cog, name, imo,
call_sign, flag), through the stages built from it (``track``, ``identities``), and the
reference tables: ``ports``, ``port_cells`` (``reference.port_cells_table``), ``port_names`` and
``port_countries`` (``reference.port_labels_tables``); times are plain numbers so that no
engine's date functions are needed. Tracks are handled with window functions over each vessel's
time-ordered positions, and encounters with a space-time bucketed self-join. Nothing here imports
an engine.
"""

from __future__ import annotations

import math

from sanctionwatch.maritime.config import DetectionConfig
from sanctionwatch.maritime.reference import PORT_CELL_DEG

EARTH_RADIUS_M = 6371008.8
METRES_PER_NM = 1852.0
#: Grid cells for the encounter join, in degrees: larger than any encounter distance up to 60 N.
CELL_LAT = 0.01
CELL_LON = 0.02


#: Means are taken over whole ten-millionths (of a degree: about a centimetre; of a metre): a sum
#: of integers comes out the same in any order, where an engine's parallel sum of doubles does
#: not, and a mean on a rounding boundary of the output differed from run to run.
MEAN_SCALE = 10_000_000


def mean_sql(column: str) -> str:
    """``AVG(column)``, the same whatever order the engine adds the rows in."""
    return f"(AVG(CAST(ROUND({column} * {MEAN_SCALE}) AS BIGINT)) / {MEAN_SCALE})"


def distance_sql(lat1: str, lon1: str, lat2: str, lon2: str) -> str:
    """Great-circle distance in metres (haversine), as a portable SQL expression."""
    return (
        f"(2 * {EARTH_RADIUS_M} * ASIN(SQRT(POWER(SIN(RADIANS({lat2} - {lat1}) / 2), 2)"
        f" + COS(RADIANS({lat1})) * COS(RADIANS({lat2})) * POWER(SIN(RADIANS({lon2} - {lon1}) / 2), 2))))"
    )


def port_within(rows: str, key: str, metres: float) -> str:
    """The ``key`` of every row of ``rows`` (with ``lat``, ``lon``) that has a port closer than
    ``metres``. Only ports in the band of latitude that distance allows are measured (a great
    circle is never shorter than its north-south part), so a row is compared with a few ports
    instead of the world's 4,000; the rows left need the full minimum only for their report."""
    band = metres / (EARTH_RADIUS_M * math.pi / 180) + 0.01  # degrees, with a margin for rounding
    keys = ", ".join(f"r.{name.strip()}" for name in key.split(","))
    return f"""SELECT DISTINCT {keys} FROM {rows} r JOIN ports p
        ON p.port_lat >= r.lat - {band} AND p.port_lat <= r.lat + {band}
    WHERE {distance_sql("r.lat", "r.lon", "p.port_lat", "p.port_lon")} < {metres}"""


def long_runs(name: str, min_seconds: float) -> str:
    """Common table expressions ending in ``name`` (mmsi, t_start, t_end): the runs of an
    ``ends`` table (mmsi, t, first, last: the positions that open and close a run) lasting
    ``min_seconds`` or more. Each run is its opening position paired with the next closing one;
    only these ends are ordered again, never every position (no running sum)."""
    return f"""paired AS (
    SELECT mmsi, t AS t_start, first,
        CASE WHEN last = 1 THEN t ELSE LEAD(t) OVER (PARTITION BY mmsi ORDER BY t) END AS t_end
    FROM ends WHERE first = 1 OR last = 1
), {name} AS (
    SELECT mmsi, t_start, t_end FROM paired WHERE first = 1 AND t_end - t_start >= {min_seconds}"""


def running_sum(flag: str, partition: str, order: str) -> str:
    window = f"PARTITION BY {partition} ORDER BY {order} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW"
    return f"SUM({flag}) OVER ({window})"


def track(config: DetectionConfig) -> str:
    """Stage ``track``: each position with the one before and after it (one sort of the whole
    input, shared by the gap and loitering detections; LAG and LEAD only, no running sums, which
    cost several times more on 10 million rows). Only the rows a detection reads are kept: slow
    positions (loitering; port visits and encounters read theirs here too, not the whole input
    again, see ``slow_knots``), those ending a silence of ``gap_hours`` (gaps), and those
    repeating the time before them (``repeated_positions``); most positions of a moving vessel
    are none."""
    slow = f"CASE WHEN sog IS NOT NULL AND sog < {config.loitering_max_knots} THEN 1 ELSE 0 END"
    window = "PARTITION BY mmsi ORDER BY t, lat, lon"
    return f"""
SELECT * FROM (
    SELECT mmsi, t, lat, lon, slow,
        LAG(t) OVER ({window}) AS prev_t,
        LAG(lat) OVER ({window}) AS prev_lat,
        LAG(lon) OVER ({window}) AS prev_lon,
        LAG(slow) OVER ({window}) AS prev_slow,
        LEAD(t) OVER ({window}) AS next_t,
        LEAD(slow) OVER ({window}) AS next_slow,
        sog
    FROM (SELECT mmsi, t, lat, lon, sog, {slow} AS slow FROM positions) AS flagged
) AS neighbours
WHERE slow = 1 OR t - prev_t >= {config.gap_hours * 3600} OR t = prev_t
    OR (sog IS NOT NULL AND sog < {slow_knots(config)})
"""


def slow_knots(config: DetectionConfig) -> float:
    """Every position slower than this is in ``track``: the port visits and encounters read their
    slow positions there (a few of the input's rows) instead of reading every position again,
    which costs a pass over the file when the positions are a view over Parquet."""
    return max(config.loitering_max_knots, config.port_visit_max_knots, config.encounter_max_knots)


def repeated_positions() -> str:
    """How many positions of ``track`` repeat the one before exactly (same vessel, time and
    place): sorted by vessel, time and place, copies sit side by side, so this finds duplicates
    without a pass of its own (``PositionLoader.finish``)."""
    return "SELECT count(*) FROM track WHERE t = prev_t AND lat = prev_lat AND lon = prev_lon"


#: The columns of an identity in the ``identities`` stage.
IDENTITY_KEYS = "mmsi, imo, name, call_sign, flag"


def identity_aggregates(rows: str | None = None) -> str:
    """What ``identities`` keeps of each identity, over the rows for which ``rows`` holds (all)."""
    only = f" FILTER (WHERE {rows})" if rows else ""
    return (
        f"COUNT(*){only} AS positions, MIN(t){only} AS first_t, MAX(t){only} AS last_t,"
        f" MIN_BY(lat, t){only} AS lat, MIN_BY(lon, t){only} AS lon"
    )


def identities(config: DetectionConfig) -> str:
    """Stage ``identities``: every identity a vessel broadcast (one aggregation of the whole input,
    shared by the identity checks and the vessel summary)."""
    return f"SELECT {IDENTITY_KEYS}, {identity_aggregates()} FROM positions GROUP BY {IDENTITY_KEYS}"


def merged_identity_aggregates() -> str:
    """``identity_aggregates`` of rows made of parts that each have them already."""
    return (
        "CAST(SUM(positions) AS BIGINT) AS positions, MIN(first_t) AS first_t, MAX(last_t) AS last_t,"
        " MIN_BY(lat, first_t) AS lat, MIN_BY(lon, first_t) AS lon"
    )


def identities_of(parts: str) -> str:
    """The ``identities`` stage from ``parts``, the same columns for each file's positions apart
    (``PositionLoader.identities``: aggregated while the file was first read)."""
    return f"""
SELECT {IDENTITY_KEYS}, {merged_identity_aggregates()}
FROM ({parts}) AS parts GROUP BY {IDENTITY_KEYS}
"""


def gaps(config: DetectionConfig) -> str:
    """Transmissions stop for at least ``gap_hours`` with both ends at sea, then resume."""
    at_sea = config.gap_min_port_distance_km * 1000
    return f"""
WITH gaps AS (
    SELECT mmsi, prev_t AS t_start, t AS t_end, prev_lat AS lat, prev_lon AS lon,
        lat AS end_lat, lon AS end_lon
    FROM track WHERE prev_t IS NOT NULL AND t - prev_t >= {config.gap_hours * 3600}
), ends AS (
    SELECT g.mmsi, g.t_start,
        MIN({distance_sql("g.lat", "g.lon", "p.port_lat", "p.port_lon")}) AS start_port_m,
        MIN({distance_sql("g.end_lat", "g.end_lon", "p.port_lat", "p.port_lon")}) AS end_port_m
    FROM gaps g CROSS JOIN ports p GROUP BY g.mmsi, g.t_start
)
SELECT g.mmsi, g.t_start, g.t_end, g.lat, g.lon, g.end_lat, g.end_lon,
    {distance_sql("g.lat", "g.lon", "g.end_lat", "g.end_lon")} AS distance_m,
    e.start_port_m, e.end_port_m
FROM gaps g JOIN ends e ON g.mmsi = e.mmsi AND g.t_start = e.t_start
WHERE e.start_port_m >= {at_sea} AND e.end_port_m >= {at_sea}
"""


def port_visits(config: DetectionConfig) -> str:
    """Stopped (under ``port_visit_max_knots``) within ``port_visit_distance_km`` of a port for
    at least ``port_visit_hours``. Positions meet the ports near them through ``port_cells``
    (every grid cell within reach of a port), an equality join that stays fast with the world's
    ports. A visit runs from a position that starts one (after a silence longer than
    ``max_interval_hours``, or at another port) to the next that ends one, as a slow run does in
    ``loitering``: only the two ends are ordered again, and only long visits are read again for
    their mean position (no running sum over every position). Ports are sorted and compared by
    their numbers (``port_rank``, ``country_rank``: the names' order), and named at the end.

    The nearest port of a vessel at a time is ranked only where there is a choice: a position
    ``alone`` (no other position of the vessel at its time, which ``track`` says by ``prev_t`` and
    ``next_t``; its grid cell near one port only) has one candidate, and that is most stopped
    positions, so only the few others are sorted for it (one sort of them all took as long as
    finding the visits)."""
    reach = config.port_visit_distance_km * 1000
    interval = config.max_interval_hours * 3600
    return f"""
WITH cells AS (
    SELECT *, COUNT(*) OVER (PARTITION BY cy, cx) AS ports_here FROM port_cells
), near AS (
    SELECT s.mmsi, s.t, s.lat, s.lon, c.port_rank AS port, c.country_rank,
        {distance_sql("s.lat", "s.lon", "c.port_lat", "c.port_lon")} AS d,
        c.ports_here = 1 AND (s.prev_t IS NULL OR s.prev_t <> s.t) AND (s.next_t IS NULL OR s.next_t <> s.t)
            AS alone
    FROM track s JOIN cells c
        ON FLOOR(s.lat / {PORT_CELL_DEG}) = c.cy AND FLOOR(s.lon / {PORT_CELL_DEG}) = c.cx
    WHERE s.sog IS NOT NULL AND s.sog < {config.port_visit_max_knots}
), nearest AS (
    SELECT mmsi, t, lat, lon, port, country_rank FROM near WHERE alone AND d <= {reach}
    UNION ALL
    SELECT mmsi, t, lat, lon, port, country_rank FROM (
        SELECT *, ROW_NUMBER() OVER (PARTITION BY mmsi, t ORDER BY d, port) AS rank
        FROM near WHERE NOT alone AND d <= {reach}
    ) ranked WHERE rank = 1
), marked AS (
    SELECT *,
        LAG(t) OVER (PARTITION BY mmsi ORDER BY t) AS prev_t,
        LAG(port) OVER (PARTITION BY mmsi ORDER BY t) AS prev_port,
        LEAD(t) OVER (PARTITION BY mmsi ORDER BY t) AS next_t,
        LEAD(port) OVER (PARTITION BY mmsi ORDER BY t) AS next_port
    FROM nearest
), ends AS (
    SELECT mmsi, t, port,
        CASE WHEN prev_t IS NULL OR t - prev_t > {interval} OR prev_port <> port THEN 1 ELSE 0 END AS first,
        CASE WHEN next_t IS NULL OR next_t - t > {interval} OR next_port <> port THEN 1 ELSE 0 END AS last
    FROM marked
), {long_runs("visits", config.port_visit_hours * 3600)}
), found AS (
    SELECT v.mmsi, MIN(n.port) AS port_rank, MIN(n.country_rank) AS country_rank, v.t_start, v.t_end,
        {mean_sql("n.lat")} AS lat, {mean_sql("n.lon")} AS lon, COUNT(*) AS positions
    FROM visits v JOIN nearest n ON n.mmsi = v.mmsi AND n.t >= v.t_start AND n.t <= v.t_end
    GROUP BY v.mmsi, v.t_start, v.t_end
)
SELECT f.mmsi, p.port, c.port_country, f.t_start, f.t_end, f.lat, f.lon, f.positions
FROM found f JOIN port_names p ON p.port_rank = f.port_rank
    JOIN port_countries c ON c.country_rank = f.country_rank
"""


def loitering(config: DetectionConfig) -> str:
    """Slower than ``loitering_max_knots`` for ``loitering_hours`` or more, at least
    ``loitering_min_port_distance_nm`` from any port. A run of slow positions starts after a fast
    one or a silence longer than ``max_interval_hours`` and ends before one; only its two ends
    need a second ordering, and only the long runs are read again for their mean position."""
    interval = config.max_interval_hours * 3600
    min_port_m = config.loitering_min_port_distance_nm * METRES_PER_NM
    return f"""
WITH ends AS (
    SELECT mmsi, t,
        CASE WHEN prev_slow IS NULL OR prev_slow = 0 OR t - prev_t > {interval} THEN 1 ELSE 0 END AS first,
        CASE WHEN next_slow IS NULL OR next_slow = 0 OR next_t - t > {interval} THEN 1 ELSE 0 END AS last
    FROM track WHERE slow = 1
), {long_runs("long_runs", config.loitering_hours * 3600)}
), slow_runs AS (
    SELECT r.mmsi, r.t_start, r.t_end, {mean_sql("s.lat")} AS lat, {mean_sql("s.lon")} AS lon,
        COUNT(*) AS positions
    FROM long_runs r JOIN track s ON s.mmsi = r.mmsi AND s.t >= r.t_start AND s.t <= r.t_end
    WHERE s.slow = 1
    GROUP BY r.mmsi, r.t_start, r.t_end
), near_port AS (
    {port_within("slow_runs", "mmsi, t_start", min_port_m)}
), far AS (
    SELECT r.* FROM slow_runs r LEFT JOIN near_port n ON r.mmsi = n.mmsi AND r.t_start = n.t_start
    WHERE n.mmsi IS NULL
)
SELECT r.mmsi, r.t_start, r.t_end, r.lat, r.lon, r.positions,
    MIN({distance_sql("r.lat", "r.lon", "p.port_lat", "p.port_lon")}) AS port_m
FROM far r CROSS JOIN ports p
GROUP BY r.mmsi, r.t_start, r.t_end, r.lat, r.lon, r.positions
HAVING MIN({distance_sql("r.lat", "r.lon", "p.port_lat", "p.port_lon")}) >= {min_port_m}
"""


def encounters(config: DetectionConfig) -> str:
    """Two vessels within ``encounter_distance_m`` for ``encounter_hours``, both slower than
    ``encounter_max_knots``, at least ``encounter_min_port_distance_km`` from any port. Vessels
    moored in a harbour are many and close: their time bins within half that distance of a port
    are left out before pairing (``port_cells`` reaches that far), which keeps the pairing small."""
    bin_s = config.encounter_bin_minutes * 60
    near_port = encounter_port_filter_km(config) * 1000
    return f"""
WITH binned AS (
    SELECT mmsi, FLOOR(t / {bin_s}) AS bin, {mean_sql("lat")} AS lat, {mean_sql("lon")} AS lon
    FROM track WHERE sog IS NOT NULL AND sog < {config.encounter_max_knots}
    GROUP BY mmsi, FLOOR(t / {bin_s})
), in_port AS (
    SELECT DISTINCT b.mmsi, b.bin FROM binned b JOIN port_cells c
        ON FLOOR(b.lat / {PORT_CELL_DEG}) = c.cy AND FLOOR(b.lon / {PORT_CELL_DEG}) = c.cx
    WHERE {distance_sql("b.lat", "b.lon", "c.port_lat", "c.port_lon")} < {near_port}
), slow AS (
    SELECT b.* FROM binned b LEFT JOIN in_port i ON b.mmsi = i.mmsi AND b.bin = i.bin WHERE i.mmsi IS NULL
), cells AS (
    SELECT mmsi, bin, lat, lon, FLOOR(lat / {CELL_LAT}) AS cy, FLOOR(lon / {CELL_LON}) AS cx FROM slow
), shifted AS (
    SELECT c.mmsi, c.bin, c.lat, c.lon, c.cy + dy.v AS cy, c.cx + dx.v AS cx
    FROM cells c CROSS JOIN (VALUES (-1), (0), (1)) AS dy(v) CROSS JOIN (VALUES (-1), (0), (1)) AS dx(v)
), pairs AS (
    SELECT a.mmsi AS mmsi_a, b.mmsi AS mmsi_b, a.bin,
        (a.lat + b.lat) / 2 AS lat, (a.lon + b.lon) / 2 AS lon,
        {distance_sql("a.lat", "a.lon", "b.lat", "b.lon")} AS d
    FROM cells a JOIN shifted b ON a.bin = b.bin AND a.cy = b.cy AND a.cx = b.cx AND a.mmsi < b.mmsi
    WHERE {distance_sql("a.lat", "a.lon", "b.lat", "b.lon")} <= {config.encounter_distance_m}
), marked AS (
    SELECT *, CASE
        WHEN LAG(bin) OVER (PARTITION BY mmsi_a, mmsi_b ORDER BY bin) IS NULL THEN 1
        WHEN bin - LAG(bin) OVER (PARTITION BY mmsi_a, mmsi_b ORDER BY bin) > 2 THEN 1
        ELSE 0 END AS new_run
    FROM pairs
), runs AS (
    SELECT *, {running_sum("new_run", "mmsi_a, mmsi_b", "bin")} AS run FROM marked
), meetings AS (
    SELECT mmsi_a, mmsi_b, run, MIN(bin) AS first_bin, MAX(bin) AS last_bin,
        {mean_sql("lat")} AS lat, {mean_sql("lon")} AS lon,
        MIN(d) AS min_distance_m, {mean_sql("d")} AS mean_distance_m, COUNT(*) AS bins
    FROM runs GROUP BY mmsi_a, mmsi_b, run
    HAVING (MAX(bin) - MIN(bin) + 1) * {bin_s} >= {config.encounter_hours * 3600}
)
SELECT m.mmsi_a, m.mmsi_b, m.first_bin * {bin_s} AS t_start, (m.last_bin + 1) * {bin_s} AS t_end,
    m.lat, m.lon, m.min_distance_m, m.mean_distance_m, m.bins,
    MIN({distance_sql("m.lat", "m.lon", "p.port_lat", "p.port_lon")}) AS port_m
FROM meetings m CROSS JOIN ports p
GROUP BY m.mmsi_a, m.mmsi_b, m.run, m.first_bin, m.last_bin, m.lat, m.lon,
    m.min_distance_m, m.mean_distance_m, m.bins
HAVING MIN({distance_sql("m.lat", "m.lon", "p.port_lat", "p.port_lon")})
    >= {config.encounter_min_port_distance_km * 1000}
"""


def encounter_port_filter_km(config: DetectionConfig) -> float:
    """Time bins this close to a port never take part in an encounter."""
    return config.encounter_min_port_distance_km / 2


def port_cells_reach_km(config: DetectionConfig) -> float:
    """How far from each port ``port_cells`` must reach for the detections that join on it."""
    return max(config.port_visit_distance_km, encounter_port_filter_km(config))


def identity_changes(config: DetectionConfig) -> str:
    """One MMSI broadcasting a new IMO, name or call sign (unknown values are not changes)."""
    return """
WITH combos AS (
    SELECT mmsi, imo, name, call_sign, MIN(first_t) AS first_t, MAX(last_t) AS last_t,
        MIN_BY(lat, first_t) AS lat, MIN_BY(lon, first_t) AS lon
    FROM identities WHERE imo IS NOT NULL OR name IS NOT NULL OR call_sign IS NOT NULL
    GROUP BY mmsi, imo, name, call_sign
), ordered AS (
    SELECT *, LAG(imo) OVER (PARTITION BY mmsi ORDER BY first_t, imo, name, call_sign) AS prev_imo,
        LAG(name) OVER (PARTITION BY mmsi ORDER BY first_t, imo, name, call_sign) AS prev_name,
        LAG(call_sign) OVER (PARTITION BY mmsi ORDER BY first_t, imo, name, call_sign) AS prev_call_sign,
        LAG(last_t) OVER (PARTITION BY mmsi ORDER BY first_t, imo, name, call_sign) AS prev_last_t
    FROM combos
)
SELECT mmsi, first_t AS t_start, last_t AS t_end, lat, lon, imo, name, call_sign,
    prev_imo, prev_name, prev_call_sign, prev_last_t
FROM ordered
WHERE (imo IS NOT NULL AND prev_imo IS NOT NULL AND imo <> prev_imo)
    OR (name IS NOT NULL AND prev_name IS NOT NULL AND name <> prev_name)
    OR (call_sign IS NOT NULL AND prev_call_sign IS NOT NULL AND call_sign <> prev_call_sign)
"""


def imo_reuse(config: DetectionConfig) -> str:
    """A known IMO number reappearing under another MMSI."""
    return """
WITH by_imo AS (
    SELECT imo, mmsi, MIN(first_t) AS first_t, MAX(last_t) AS last_t, MIN_BY(lat, first_t) AS lat,
        MIN_BY(lon, first_t) AS lon
    FROM identities WHERE imo IS NOT NULL GROUP BY imo, mmsi
), ordered AS (
    SELECT *, LAG(mmsi) OVER (PARTITION BY imo ORDER BY first_t, mmsi) AS prev_mmsi,
        LAG(last_t) OVER (PARTITION BY imo ORDER BY first_t, mmsi) AS prev_last_t
    FROM by_imo
)
SELECT imo, mmsi, prev_mmsi, first_t AS t_start, last_t AS t_end, lat, lon, prev_last_t
FROM ordered WHERE prev_mmsi IS NOT NULL
"""


def identifiers(config: DetectionConfig) -> str:
    """Every (MMSI, IMO, flag) broadcast, for the check-digit and country-digit checks."""
    return """
SELECT mmsi, imo, flag, MIN(first_t) AS t_start, MAX(last_t) AS t_end, MIN_BY(lat, first_t) AS lat,
    MIN_BY(lon, first_t) AS lon
FROM identities WHERE imo IS NOT NULL OR flag IS NOT NULL GROUP BY mmsi, imo, flag
"""


def tracks(config: DetectionConfig) -> str:
    """Per vessel: its names and identifiers, and how many positions it sent."""
    return """
SELECT mmsi, SUM(positions) AS positions, MIN(first_t) AS t_start, MAX(last_t) AS t_end,
    MAX(imo) AS imo, MAX(name) AS name, MAX(call_sign) AS call_sign
FROM identities GROUP BY mmsi
"""


#: Tables built once and read by several detections; each engine materialises them in order.
STAGES = {"track": track, "identities": identities}

QUERIES = {
    "gap": gaps,
    "port_visit": port_visits,
    "loitering": loitering,
    "encounter": encounters,
    "identity_change": identity_changes,
    "imo_reuse": imo_reuse,
    "identifiers": identifiers,
    "tracks": tracks,
}


def queries(config: DetectionConfig) -> dict[str, str]:
    return {name: build(config) for name, build in QUERIES.items()}


def stages(config: DetectionConfig) -> dict[str, str]:
    return {name: build(config) for name, build in STAGES.items()}
