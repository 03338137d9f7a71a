"""The simulator: a start date, and tracks that keep to the sea."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pyarrow.csv as pacsv
import pytest
import shapely
from shapely.geometry import shape

from sanctionwatch.maritime.reference import ports
from tests.helpers import run_cli

LAND = Path(__file__).parents[2] / "src" / "sanctionwatch" / "data" / "report" / "land.geojson"
#: The way into a port may cross the bundled 1:50m land, which closes narrow estuaries (Nampo lies
#: up the Taedong, about 40 km from water this coastline shows open); nowhere else may a track.
PORT_APPROACH_KM = 45


@pytest.fixture(scope="module")
def traffic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("sim") / "week.csv"
    result = run_cli(
        out.with_suffix(".duckdb"),
        "ais", "simulate", str(out), "--seed", "3", "--vessels", "60", "--days", "4", "--start", "2025-03-10",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return out, pacsv.read_csv(out)


def test_traffic_begins_on_the_start_date(traffic: tuple[Path, object]) -> None:
    out, table = traffic
    times = sorted(table.column("BaseDateTime").to_pylist())
    # four days of traffic; a voyage under way at the end may finish a day later
    assert str(times[0]).startswith("2025-03-10") and str(times[-1]) < "2025-03-16"
    truth = json.loads(out.with_name("week.truth.json").read_text())
    assert all(event["start"] >= "2025-03-10" for event in truth["events"] if "start" in event)


def test_no_position_on_land_but_on_the_way_into_port(traffic: tuple[Path, object]) -> None:
    _, table = traffic
    features = json.loads(LAND.read_text())["features"]
    land = shapely.union_all([shapely.make_valid(shape(f["geometry"])) for f in features])
    lat = table.column("LAT").to_numpy()
    lon = table.column("LON").to_numpy()
    on_land = shapely.contains_xy(land, lon, lat)
    harbours = np.array([[p.lat, p.lon] for p in ports()])
    north = (lat[on_land, None] - harbours[:, 0]) * 111.2
    east = (lon[on_land, None] - harbours[:, 1]) * 111.2 * np.cos(np.radians(lat[on_land, None]))
    nearest_port_km = np.hypot(north, east).min(axis=1)
    assert on_land.sum() < len(lat)
    assert nearest_port_km.max(initial=0) <= PORT_APPROACH_KM, math.floor(nearest_port_km.max())


def test_a_start_that_is_no_date_is_an_error(tmp_path: Path) -> None:
    result = run_cli(
        tmp_path / "db.duckdb", "ais", "simulate", str(tmp_path / "x.csv"), "--seed", "1", "--start", "soon"
    )
    assert result.returncode == 2 and "--start 'soon'" in result.stderr and "Traceback" not in result.stderr
