"""Means of positions come out the same on every run: DuckDB adds a group's doubles in parallel,
in an order that changes from run to run, and a port visit's mean longitude read 130.30001 in one
run of 11 million positions and 130.3 in the next."""

from __future__ import annotations

import math
import random

import duckdb
import pyarrow as pa

from sanctionwatch.maritime.detections import mean_sql


def test_a_mean_is_the_same_on_every_run_and_within_a_centimetre() -> None:
    rng = random.Random(27)
    groups = {g: [38 + rng.random() * 3 for _ in range(100_000)] for g in range(5)}
    rows = pa.table(
        {
            "g": [g for g, lats in groups.items() for _ in lats],
            "lat": [lat for lats in groups.values() for lat in lats],
        }
    )
    con = duckdb.connect()
    con.execute("SET threads = 4")  # AVG(lat) here gives a different last digit from run to run
    con.register("t", rows)
    query = f"SELECT g, {mean_sql('lat')} FROM t GROUP BY g ORDER BY g"
    runs = {tuple(con.execute(query).fetchall()) for _ in range(10)}
    assert len(runs) == 1
    for g, mean in runs.pop():
        exact = math.fsum(groups[g]) / len(groups[g])
        assert abs(mean - exact) < 1e-7  # whole ten-millionths of a degree: about a centimetre
