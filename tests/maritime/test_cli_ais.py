from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from tests.helpers import run_cli
from tests.maritime.factories import mc_row, write_marinecadastre


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(db, "ais", *args)


def test_simulate_then_detect_through_the_cli(tmp_path: Path, bundled_db: Path) -> None:
    db = tmp_path / "db.duckdb"
    shutil.copy(bundled_db, db)
    traffic = tmp_path / "t.csv"
    made = run(db, "simulate", str(traffic), "--seed", "3", "--vessels", "30", "--days", "2")
    assert made.returncode == 0 and (tmp_path / "t.truth.json").exists()
    result = run(
        db,
        "detect",
        str(traffic),
        "--json",
        "--geojson",
        str(tmp_path / "e.geojson"),
        "--kml",
        str(tmp_path / "e.kml"),
        "--csv",
        str(tmp_path / "e.csv"),
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["input"][0]["used"] == data["input"][0]["read"] > 1000
    event = data["events"][0]
    assert set(event) >= {
        "type",
        "mmsi",
        "imo",
        "start",
        "end",
        "lat",
        "lon",
        "port",
        "sanctioned",
        "details",
    }
    geo = json.loads((tmp_path / "e.geojson").read_text())
    assert len([f for f in geo["features"] if f["geometry"]["type"] == "Point"]) == len(data["events"])
    assert (tmp_path / "e.kml").read_text().count("<Placemark>") == len(data["events"])
    assert len((tmp_path / "e.csv").read_text().splitlines()) == len(data["events"]) + 1


def test_no_usable_rows_exits_2(tmp_path: Path, bundled_db: Path) -> None:
    db = tmp_path / "db.duckdb"
    shutil.copy(bundled_db, db)
    bad = write_marinecadastre(tmp_path / "bad.csv", [mc_row(445000001, 1_717_200_000, 95.0, 127.0)])
    result = run(db, "detect", str(bad))
    assert result.returncode == 2 and "bad.csv: no usable AIS positions" in result.stderr
