from __future__ import annotations

import json
import shutil
import subprocess
from importlib import resources
from pathlib import Path

from sanctionwatch.screening.warm import stamp_path
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


def test_detect_reads_standard_input(tmp_path: Path, bundled_db: Path) -> None:
    db = tmp_path / "db.duckdb"
    shutil.copy(bundled_db, db)
    rows = [mc_row(445000001, 1_717_200_000 + i * 600, 39.0, 150.0) for i in range(5)]
    text = write_marinecadastre(tmp_path / "in.csv", rows).read_text()
    result = run_cli(db, "ais", "detect", "-", "--json", stdin=text)
    assert result.returncode == 0, result.stderr
    (summary,) = json.loads(result.stdout)["input"]
    assert summary["path"] == "-" and summary["kept"] == 5


def test_detect_exits_1_when_a_listed_vessel_takes_part(tmp_path: Path, bundled_db: Path) -> None:
    db = tmp_path / "db.duckdb"
    shutil.copy(bundled_db, db)
    # ANGARA (IMO 9179842, on the OFAC list) silent for 13 hours in the open Pacific: a gap at sea
    rows = [mc_row(273000001, 1_717_200_000, 35.0, 160.0, imo="IMO9179842", name="ANGARA")]
    rows.append(mc_row(273000001, 1_717_200_000 + 13 * 3600, 35.1, 160.1, imo="IMO9179842", name="ANGARA"))
    path = write_marinecadastre(tmp_path / "listed.csv", rows)
    result = run(db, "detect", str(path), "--json")
    assert result.returncode == 1, result.stderr
    assert any(event["sanctioned"] for event in json.loads(result.stdout)["events"])
    quiet = write_marinecadastre(tmp_path / "quiet.csv", [mc_row(273000002, 1_717_200_000, 35.0, 160.0)])
    assert run(db, "detect", str(quiet)).returncode == 0


def test_a_second_detect_reads_the_index_from_the_stamp_with_the_same_flags(
    tmp_path: Path, bundled_db: Path
) -> None:
    """The first call opens the store and stamps it (``screening/warm.py``); the next one reads the
    index beside it without opening the store, and flags the same listed vessels."""
    db = tmp_path / "db.duckdb"
    shutil.copy(bundled_db, db)
    demo = Path(str(resources.files("sanctionwatch"))) / "data" / "demo" / "ais" / "demo-week.csv.gz"
    first = run(db, "detect", str(demo), "--json")
    assert stamp_path(db).exists()
    second = run(db, "detect", str(demo), "--json")
    assert first.returncode == second.returncode == 1, second.stderr  # a listed vessel took part
    cold, warm = json.loads(first.stdout), json.loads(second.stdout)
    assert warm["events"] == cold["events"] and any(event["sanctioned"] for event in warm["events"])
