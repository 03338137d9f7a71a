"""The ``track`` stage keeps only the rows a detection reads (issue 22: on 11 million positions
the whole sorted track was most of the peak memory). Built by hand: which rows each detection
reads follows from the stage's contract, not from running it."""

from __future__ import annotations

import duckdb
import pyarrow as pa

from sanctionwatch.maritime.config import DetectionConfig
from sanctionwatch.maritime.detections import track
from sanctionwatch.maritime.positions import position_schema

CONFIG = DetectionConfig()


def _kept(rows: list[tuple[float, float]]) -> list[float]:
    """The times of the rows ``track`` keeps for one vessel given (time, speed) rows, sailing
    north a little at each report."""
    table = pa.table(
        {
            "mmsi": [273111111] * len(rows),
            "t": [t for t, _ in rows],
            "lat": [40.0 + 0.001 * i for i in range(len(rows))],
            "lon": [130.0] * len(rows),
            "sog": [sog for _, sog in rows],
            "cog": [0.0] * len(rows),
            "name": [None] * len(rows),
            "imo": [None] * len(rows),
            "call_sign": [None] * len(rows),
            "flag": [None] * len(rows),
        },
        schema=position_schema(),
    )
    con = duckdb.connect()
    try:
        con.register("positions", table)
        return sorted(row[1] for row in con.execute(track(CONFIG)).fetchall())
    finally:
        con.close()


def test_a_vessel_under_way_reporting_every_ten_minutes_leaves_no_row() -> None:
    fast = CONFIG.loitering_max_knots + 8
    assert _kept([(600.0 * i, fast) for i in range(50)]) == []


def test_the_rows_kept_are_the_slow_ones_and_the_end_of_a_silence() -> None:
    fast, slow = CONFIG.loitering_max_knots + 8, CONFIG.loitering_max_knots / 2
    silence = CONFIG.gap_hours * 3600
    rows = [(600.0 * i, fast) for i in range(10)]  # under way: none kept
    rows += [(5400.0 + 600 * i, slow) for i in range(5)]  # slow: each kept (loitering)
    rows += [(8400.0, fast), (8400.0 + silence, fast), (9000.0 + silence, fast)]  # a silence
    assert _kept(rows) == [5400.0, 6000.0, 6600.0, 7200.0, 7800.0, 8400.0 + silence]
