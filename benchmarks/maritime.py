"""Maritime benchmark: every detector on 10 million simulated positions with DuckDB, and the same
gap and stop detection against MovingPandas on a shared subset, in one run.

MovingPandas works a trajectory at a time in Python and GeoPandas; on 10 million positions it
would run for hours, so both are timed on the same subset of vessels and the ratio is reported,
alongside the full-size DuckDB figures and Global Fishing Watch's published gap-detector figure
(10 million messages in 3.6 s on an Intel i7, github.com/GlobalFishingWatch/pipe-gaps).

    pip install -e '.[benchmark]'
    python benchmarks/maritime.py [--vessels 1000 --days 14 --interval 120 --subset-vessels 40]
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
import warnings
from datetime import timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
from rich.console import Console
from rich.table import Table

from sanctionwatch.maritime.config import DetectionConfig
from sanctionwatch.maritime.detect import detect, read_positions
from sanctionwatch.maritime.detections import gaps, port_visits
from sanctionwatch.maritime.engines import DuckDBEngine
from sanctionwatch.maritime.reference import ports_table
from sanctionwatch.maritime.simulate import simulate

GFW_SECONDS_PER_10M = 3.6
console = Console()


def peak_memory_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def movingpandas_gaps_and_stops(positions: pa.Table, config: DetectionConfig) -> tuple[int, int, float]:
    """Gaps (ObservationGapSplitter) and stops (TrajectoryStopDetector), as MovingPandas does them."""
    import geopandas as gpd
    import movingpandas as mpd
    import pandas as pd

    warnings.simplefilter("ignore")
    started = time.perf_counter()
    frame = positions.select(["mmsi", "t", "lat", "lon"]).to_pandas()
    frame["time"] = pd.to_datetime(frame["t"], unit="s")
    geo = gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame["lon"], frame["lat"]), crs="EPSG:4326")
    collection = mpd.TrajectoryCollection(geo, traj_id_col="mmsi", t="time")
    gap_pieces = mpd.ObservationGapSplitter(collection).split(gap=timedelta(hours=config.gap_hours))
    gaps_found = sum(len(pieces) - 1 for pieces in _pieces_per_vessel(gap_pieces))
    stops = mpd.TrajectoryStopDetector(collection).get_stop_segments(
        min_duration=timedelta(hours=config.port_visit_hours),
        max_diameter=2 * config.port_visit_distance_km * 1000,
    )
    return gaps_found, len(stops), time.perf_counter() - started


def _pieces_per_vessel(collection: object) -> list[list[object]]:
    by_vessel: dict[object, list[object]] = {}
    for trajectory in collection.trajectories:  # type: ignore[attr-defined]
        by_vessel.setdefault(trajectory.df["mmsi"].iloc[0], []).append(trajectory)
    return list(by_vessel.values())


def duckdb_gaps_and_stops(positions: pa.Table, config: DetectionConfig) -> tuple[int, int, float]:
    started = time.perf_counter()
    rows = DuckDBEngine().run(
        {"gap": gaps(config), "port_visit": port_visits(config)},
        {"positions": positions, "ports": ports_table()},
    )
    return len(rows["gap"]), len(rows["port_visit"]), time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description="sanctionwatch maritime detections vs MovingPandas")
    parser.add_argument("--vessels", type=int, default=1000)
    parser.add_argument("--days", type=float, default=14)
    parser.add_argument("--interval", type=float, default=120)
    parser.add_argument("--subset-vessels", type=int, default=40)
    args = parser.parse_args()
    config = DetectionConfig()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "traffic.parquet"
        started = time.perf_counter()
        made = simulate(path, seed=2024, vessels=args.vessels, days=args.days, interval_s=args.interval)
        simulated = time.perf_counter() - started
        started = time.perf_counter()
        positions, _ = read_positions([path])
        read_seconds = time.perf_counter() - started
        started = time.perf_counter()
        events, _ = detect(positions, DuckDBEngine(), config)
        detect_seconds = time.perf_counter() - started
        started = time.perf_counter()
        DuckDBEngine().run({"gap": gaps(config)}, {"positions": positions, "ports": ports_table()})
        gap_seconds = time.perf_counter() - started
        memory = peak_memory_gb()
        vessels = pc.unique(positions["mmsi"])[: args.subset_vessels]
        subset = positions.filter(pc.is_in(positions["mmsi"], value_set=vessels))
        ours = duckdb_gaps_and_stops(subset, config)
        theirs = movingpandas_gaps_and_stops(subset, config)
    count = positions.num_rows
    table = Table(
        title=f"Maritime: {count:,} simulated positions, {made['vessels']} vessels, {args.days:g} days"
    )
    for column in ("step", "positions", "seconds", "positions/s", "notes"):
        table.add_column(column)
    table.add_row(
        "simulate", f"{count:,}", f"{simulated:.1f}", f"{count / simulated:,.0f}", "numpy, one leg at a time"
    )
    table.add_row(
        "read + validate (Parquet)", f"{count:,}", f"{read_seconds:.1f}", f"{count / read_seconds:,.0f}", ""
    )
    kinds = {kind: sum(1 for e in events if e.type == kind) for kind in sorted({e.type for e in events})}
    table.add_row(
        "all detectors, DuckDB",
        f"{count:,}",
        f"{detect_seconds:.1f}",
        f"{count / detect_seconds:,.0f}",
        ", ".join(f"{k} {v}" for k, v in kinds.items()),
    )
    table.add_row(
        "read + all detectors",
        f"{count:,}",
        f"{read_seconds + detect_seconds:.1f}",
        "",
        f"peak memory {memory:.2f} GB",
    )
    scaled = gap_seconds * 10_000_000 / count
    table.add_row(
        "gap detector alone, DuckDB",
        f"{count:,}",
        f"{gap_seconds:.2f}",
        f"{count / gap_seconds:,.0f}",
        f"{scaled:.2f} s per 10M vs GFW {GFW_SECONDS_PER_10M} s (i7): {GFW_SECONDS_PER_10M / scaled:.1f}x",
    )
    table.add_row(
        f"gaps + stops, DuckDB ({args.subset_vessels} vessels)",
        f"{subset.num_rows:,}",
        f"{ours[2]:.2f}",
        f"{subset.num_rows / ours[2]:,.0f}",
        f"{ours[0]} gaps, {ours[1]} port visits",
    )
    table.add_row(
        f"gaps + stops, MovingPandas ({args.subset_vessels} vessels)",
        f"{subset.num_rows:,}",
        f"{theirs[2]:.2f}",
        f"{subset.num_rows / theirs[2]:,.0f}",
        f"{theirs[0]} gaps, {theirs[1]} stops",
    )
    console.print(table)
    console.print(f"DuckDB / MovingPandas speed ratio on the same subset: {theirs[2] / ours[2]:,.0f}x")


if __name__ == "__main__":
    main()
