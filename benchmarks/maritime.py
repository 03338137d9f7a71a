"""Maritime benchmark: ``sanctionwatch ais detect`` as a user runs it (a CLI process reading a
file), from a CSV and from a Parquet file of simulated positions, beside a plain DuckDB peer in
the same run, and agreement with MovingPandas on the real Boston file.

The peer is one page of SQL a user would write instead: DuckDB reads the same file and finds
gaps (12 h) and slow runs (below 2 knots for 4 h) with one sort. Every figure comes from separate
processes measured the same way (wall time, peak resident memory from ``wait4``), one after the
other, so the ratio to the peer holds on a busy machine even when the seconds do not.

    pip install -e '.[benchmark]'
    nice -n 10 python benchmarks/maritime.py                # 10,000,000 positions, ~3,000 vessels
    python benchmarks/maritime.py --vessels 600 --days 9.6  # 2 million, quicker
    python benchmarks/maritime.py --files traffic.csv traffic.parquet   # files made before
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import warnings
from datetime import timedelta
from pathlib import Path

from rich.console import Console
from rich.table import Table

console = Console()
REAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "ais-real"
if not REAL.exists():
    REAL = Path("/work/shared/data/ais-real")

PEER_SQL = """
SET TimeZone = 'UTC';
WITH p AS (
    SELECT MMSI AS mmsi, epoch(CAST(BaseDateTime AS TIMESTAMPTZ)) AS t, SOG AS sog FROM {reader}
), w AS (
    SELECT mmsi, t, sog < 2 AS slow, t - LAG(t) OVER win AS dt,
        SUM(CASE WHEN sog < 2 THEN 0 ELSE 1 END) OVER (win ROWS UNBOUNDED PRECEDING) AS run
    FROM p WINDOW win AS (PARTITION BY mmsi ORDER BY t)
)
SELECT (SELECT count(*) FROM w WHERE dt >= 43200),
    (SELECT count(*) FROM (SELECT mmsi, run FROM w WHERE slow GROUP BY ALL HAVING max(t) - min(t) >= 14400));
"""


def run_measured(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak resident memory (GB) and standard output of one process, measured by a
    tiny wrapper process so that each figure is that process's own."""
    wrapper = (
        "import json, os, subprocess, sys, time;"
        "t = time.perf_counter();"
        "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, text=True);"
        "out = p.stdout.read(); _, status, usage = os.wait4(p.pid, 0);"
        "print(json.dumps({'seconds': time.perf_counter() - t, 'peak_gb': usage.ru_maxrss / 1048576,"
        " 'status': os.waitstatus_to_exitcode(status), 'out': out}))"
    )
    done = subprocess.run([sys.executable, "-c", wrapper, *command], capture_output=True, text=True)
    data = json.loads(done.stdout)
    if data["status"] not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed with status {data['status']}: {done.stderr[-500:]}")
    return data["seconds"], data["peak_gb"], data["out"]


def peer(path: Path) -> tuple[float, float, str]:
    reader = f"read_parquet('{path}')" if path.suffix == ".parquet" else f"read_csv('{path}')"
    code = (
        "import duckdb, sys; con = duckdb.connect(); statements = sys.argv[1].split(';');"
        "[con.execute(s).fetchall() for s in statements[:-2] if s.strip()];"
        "print(con.execute(statements[-2]).fetchall())"
    )
    return run_measured([sys.executable, "-c", code, PEER_SQL.format(reader=reader)])


def ours(path: Path, db: Path) -> tuple[float, float, dict[str, object]]:
    command = [sys.executable, "-m", "sanctionwatch", "ais", "detect", str(path), "--json", "--db", str(db)]
    seconds, peak, out = run_measured(command)
    return seconds, peak, json.loads(out)


def movingpandas_agreement() -> list[tuple[str, int, int]]:
    """On the real Boston file: MovingPandas' gaps (ObservationGapSplitter, 12 h and 2 h) and
    stops (TrajectoryStopDetector, 3 h within 8 km) found by ours (gaps with the at-sea rule off,
    and slow runs, since MovingPandas knows no ports): (what, found by both, found by MovingPandas)."""
    import geopandas as gpd
    import movingpandas as mpd
    import pandas as pd

    from sanctionwatch.maritime.config import DetectionConfig
    from sanctionwatch.maritime.detect import detect_files, read_positions

    warnings.simplefilter("ignore")
    path = REAL / "marinecadastre_boston_201401.csv"
    positions, _ = read_positions([path])
    frame = positions.select(["mmsi", "t", "lat", "lon", "sog"]).to_pandas()
    frame["time"] = pd.to_datetime(frame["t"], unit="s")
    geo = gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame["lon"], frame["lat"]), crs="EPSG:4326")
    collection = mpd.TrajectoryCollection(geo, traj_id_col="mmsi", t="time")
    results = []
    for hours in (12, 2):
        pieces = mpd.ObservationGapSplitter(collection).split(gap=timedelta(hours=hours))
        theirs = set()
        by_vessel: dict[int, list[object]] = {}
        for piece in pieces.trajectories:
            by_vessel.setdefault(int(str(piece.id).rsplit("_", 1)[0]), []).append(piece)
        for mmsi, items in by_vessel.items():
            items.sort(key=lambda p: p.get_start_time())  # type: ignore[attr-defined]
            for before in items[:-1]:
                theirs.add((mmsi, before.get_end_time().timestamp()))  # type: ignore[attr-defined]
        config = DetectionConfig(gap_hours=hours, gap_min_port_distance_km=0)
        found = {
            (e.mmsi[0], round(e.start)) for e in detect_files([path], config=config).events if e.type == "gap"
        }
        both = sum(1 for mmsi, start in theirs if (mmsi, round(start)) in found)
        results.append((f"gaps of {hours} h or more", both, len(theirs)))
    # a stop as the port-visit rule sees one: 3 h within 4 km of a point (8 km across)
    stops = mpd.TrajectoryStopDetector(collection).get_stop_segments(
        min_duration=timedelta(hours=3), max_diameter=8000
    )
    # MovingPandas sees a stop across a silence; ours breaks a run at 2 h unless told otherwise
    config = DetectionConfig(loitering_hours=3, loitering_min_port_distance_nm=0, max_interval_hours=12)
    runs = [e for e in detect_files([path], config=config).events if e.type == "loitering"]
    matched = 0
    for stop in stops.trajectories:
        mmsi = int(str(stop.id).split("_", 1)[0])
        start, end = stop.get_start_time().timestamp(), stop.get_end_time().timestamp()
        matched += any(e.mmsi == [mmsi] and e.start < end and start < e.end for e in runs)
    results.append(("stops of 3 h or more (slow runs, no port rule)", matched, len(stops.trajectories)))
    return results


def simulate(folder: Path, vessels: int, days: float) -> list[Path]:
    from sanctionwatch.maritime.simulate import simulate as make

    csv_path = folder / "traffic.csv"
    make(csv_path, seed=2024, vessels=vessels, days=days, interval_s=180)
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    table = pacsv.read_csv(csv_path)
    pq.write_table(table, folder / "traffic.parquet")
    return [csv_path, folder / "traffic.parquet"]


def _load() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description="sanctionwatch ais detect vs a DuckDB one-sort peer")
    parser.add_argument("--vessels", type=int, default=3000)
    parser.add_argument("--days", type=float, default=9.6, help="9.6 days at 3 minutes: 10 million positions")
    parser.add_argument("--files", nargs="*", type=Path, help="CSV and Parquet files made before")
    parser.add_argument("--no-movingpandas", action="store_true")
    args = parser.parse_args()
    load_before = _load()
    with tempfile.TemporaryDirectory(prefix="sanctionwatch-bench-") as name:
        folder = Path(name)
        files = args.files or simulate(folder, args.vessels, args.days)
        db = folder / "bench.duckdb"
        # the first use of a store loads the bundled lists and builds the screening index: untimed
        ours(REAL / "marinecadastre_boston_201401.csv", db)
        table = Table(title="ais detect (CLI, all five detectors) vs a DuckDB one-sort peer, same run")
        for column in (
            "file",
            "positions",
            "ours s",
            "parse s",
            "detect s",
            "ours GB",
            "peer s",
            "peer GB",
            "ratio",
        ):
            table.add_column(column)
        for path in files:
            seconds, peak, data = ours(path, db)
            peer_seconds, peer_peak, _ = peer(path)
            timing = data["seconds"]  # type: ignore[index]
            table.add_row(
                path.suffix.lstrip(".") or path.name,
                f"{data['positions']:,}",
                f"{seconds:.1f}",
                f"{timing['parse']:.1f}",  # type: ignore[index]
                f"{timing['detect']:.1f}",  # type: ignore[index]
                f"{peak:.2f}",
                f"{peer_seconds:.1f}",
                f"{peer_peak:.2f}",
                f"{seconds / peer_seconds:.2f}x",
            )
        console.print(table)
        # the machine may be shared: the load says how far the seconds can be trusted (the ratio more)
        console.print(f"load average (1, 5, 15 min) before: {load_before}, after: {_load()}")
    if not args.no_movingpandas:
        agreement = Table(
            title="Agreement with MovingPandas on the real Boston file (4 vessels, 972 positions)"
        )
        for column in ("what", "found by both", "found by MovingPandas"):
            agreement.add_column(column)
        for what, both, theirs in movingpandas_agreement():
            agreement.add_row(what, str(both), str(theirs))
        console.print(agreement)


if __name__ == "__main__":
    main()
