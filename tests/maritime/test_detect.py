"""Detections on simulated traffic, against the simulator's truth file."""

from __future__ import annotations

import csv
import json
import math
from datetime import datetime
from pathlib import Path

import pytest

from sanctionwatch.maritime.config import DetectionConfig
from sanctionwatch.maritime.detect import detect, detect_files, read_positions
from sanctionwatch.maritime.engines import DuckDBEngine, SparkEngine
from sanctionwatch.maritime.simulate import simulate, truth_file
from sanctionwatch.maritime.vessels import VesselLookup
from sanctionwatch.names.forms import VESSEL, name_forms
from sanctionwatch.screening.index import Subject
from tests.maritime.factories import mc_row, write_marinecadastre


def seconds(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def same(found: dict, planted: dict, slack: float = 3600) -> bool:
    return (
        found["type"] == planted["type"]
        and sorted(found["mmsi"]) == sorted(planted["mmsi"])
        and seconds(found["start"]) - slack <= seconds(planted["end"])
        and seconds(planted["start"]) - slack <= seconds(found["end"])
    )


@pytest.fixture(scope="module")
def traffic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ais") / "traffic.csv"
    simulate(path, seed=11, vessels=60, days=4)
    return path


@pytest.fixture(scope="module")
def found(traffic: Path) -> list[dict]:
    return [event.as_dict() for event in detect_files([traffic]).events]


@pytest.fixture(scope="module")
def truth(traffic: Path) -> dict:
    return json.loads(truth_file(traffic).read_text())


@pytest.mark.parametrize("kind", ["gap", "encounter", "loitering", "identity_change"])
def test_every_planted_event_is_found_and_nothing_else(found: list[dict], truth: dict, kind: str) -> None:
    planted = [e for e in truth["events"] if e["type"] == kind]
    detected = [e for e in found if e["type"] == kind]
    assert planted, f"the simulator planted no {kind}"
    assert all(any(same(d, p) for d in detected) for p in planted)
    assert all(any(same(d, p) for p in planted) for d in detected)


def test_port_visits(found: list[dict], truth: dict) -> None:
    planted = [e for e in truth["events"] if e["type"] == "port_visit"]
    detected = [e for e in found if e["type"] == "port_visit"]
    recalled = sum(any(same(d, p) and d["port"] == p["port"] for d in detected) for p in planted)
    precise = sum(any(same(d, p) for p in planted) for d in detected)
    assert recalled / len(planted) >= 0.97 and precise / len(detected) >= 0.97


def test_hard_negatives_stay_quiet(found: list[dict], truth: dict) -> None:
    kinds = {n["type"] for n in truth["hard_negatives"]}
    assert kinds == {"short_gap", "fast_close_pass", "moored_together_in_port", "slow_drift_near_port"}
    for negative in truth["hard_negatives"]:
        if negative["type"] == "moored_together_in_port":
            assert not any(
                e["type"] == "encounter" and set(e["mmsi"]) == set(negative["mmsi"]) for e in found
            )
        if negative["type"] == "slow_drift_near_port":
            vessel = negative["mmsi"][0]
            assert not any(
                e["type"] in ("loitering", "port_visit")
                and e["mmsi"] == [vessel]
                and seconds(e["start"]) < seconds(truth["events"][0]["start"]) + 8 * 3600
                for e in found
            )
        if negative["type"] == "short_gap":
            assert not any(
                e["type"] == "gap" and e["mmsi"] == negative["mmsi"] and same(e, {**negative, "type": "gap"})
                for e in found
            )


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (lat1, lon1, lat2, lon2))
    a = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def test_gap_figures(found: list[dict], truth: dict, traffic: Path) -> None:
    # figures worked from the input file itself: the vessel's two positions either side of the
    # longest silence in its track, not the detector's own start and end
    planted = next(e for e in truth["events"] if e["type"] == "gap")
    (mmsi,) = planted["mmsi"]
    with traffic.open(newline="") as handle:
        track = sorted(
            (seconds(row["BaseDateTime"] + "Z"), float(row["LAT"]), float(row["LON"]))
            for row in csv.DictReader(handle)
            if int(row["MMSI"]) == mmsi
        )
    before, after = max(zip(track, track[1:], strict=False), key=lambda pair: pair[1][0] - pair[0][0])
    hours = (after[0] - before[0]) / 3600
    km = _haversine_km(before[1], before[2], after[1], after[2])
    gap = next(e for e in found if e["type"] == "gap" and e["mmsi"] == [mmsi])
    details = gap["details"]
    assert hours > 6  # the planted silence, far longer than any reporting interval
    assert details["hours"] == pytest.approx(hours, abs=0.01)
    assert details["distance_km"] == pytest.approx(km, rel=0.01)
    assert details["implied_speed_knots"] == pytest.approx(km / 1.852 / hours, rel=0.02)
    assert details["dark_port_distance_km"] >= 10


def _vessel_subject(
    ref: str, name: str, imo: list[str] | None = None, mmsi: list[str] | None = None
) -> Subject:
    return Subject(
        id=ref,
        caption=name,
        schema="Vessel",
        kind="vessel",
        refs=[ref],
        datasets=["t"],
        birth_dates=[],
        countries=[],
        imo=imo or [],
        mmsi=mmsi or [],
        dprk=True,
    )


def test_listed_vessels_are_flagged_by_imo_mmsi_or_name(tmp_path: Path) -> None:
    # the lookup reads listed vessels as subjects (their IMO and MMSI checked against the
    # broadcast one), by MMSI and by name key; the plain by_name/by_mmsi maps this test once
    # filled are not what flags a vessel, so it failed in any order
    angara = _vessel_subject("OFAC-37059", "ANGARA", imo=["9179842"])
    other = _vessel_subject("X-1", "SOMEONE ELSE", mmsi=["273999999"])
    lookup = VesselLookup(
        by_imo={"9179842": ["OFAC-37059"]},
        vessels_by_name={"".join(name_forms("ANGARA", VESSEL)[0].keys): [angara]},
        subjects_by_mmsi={"273999999": [other]},
    )
    rows = [
        mc_row(273111111, 1_717_200_000 + i * 600, 43.0, 134.0, 0.1, "SOMETHING", "IMO9179842")
        for i in range(30)
    ]
    rows += [mc_row(273222222, 1_717_200_000 + i * 600, 41.0, 134.0, 0.1, "ANGARA", "") for i in range(30)]
    rows += [mc_row(273999999, 1_717_200_000 + i * 600, 39.0, 134.0, 0.1, "OTHER", "") for i in range(30)]
    path = write_marinecadastre(tmp_path / "listed.csv", rows)
    events = detect_files([path], lookup=lookup).events
    flagged = {event.mmsi[0]: event.sanctioned for event in events if len(event.mmsi) == 1}
    assert flagged == {273111111: ["OFAC-37059"], 273222222: ["OFAC-37059"], 273999999: ["X-1"]}


def test_configurable_thresholds(traffic: Path) -> None:
    positions, _ = read_positions([traffic])
    strict, _ = detect(positions, DuckDBEngine(), DetectionConfig(gap_hours=48))
    assert not [e for e in strict if e.type == "gap"]


def test_duckdb_and_spark_find_identical_events(traffic: Path) -> None:
    positions, _ = read_positions([traffic])
    duck, _ = detect(positions, DuckDBEngine())
    spark, _ = detect(positions, SparkEngine())
    assert [e.as_dict() for e in duck] == [e.as_dict() for e in spark]
    assert len(duck) > 50


# Hand-made tracks whose events are known by construction: a silence and a meeting, each once at
# a quay and once far out at sea. The simulator plants neither next to a port, so mutants that
# change the port thresholds' units lived (docs/testing.md).
QUAY = (38.7333 + 0.027, 125.3833)  # 3 km from Nampo (data/ports.csv), inside every port radius
OPEN_SEA = (37.2, 123.9)  # the Yellow Sea, over 100 km from any port
T0 = 1_717_200_000


def _track(mmsi: int, where: tuple[float, float], hours: list[tuple[float, float]], name: str) -> list[str]:
    """Positions every 10 minutes, at rest, during each (from, to) span of hours after T0."""
    return [
        mc_row(mmsi, T0 + int(start * 3600) + i * 600, where[0], where[1], 0.0, name)
        for start, end in hours
        for i in range(int((end - start) * 6) + 1)
    ]


def test_a_silence_is_a_gap_at_sea_but_not_at_the_quay(tmp_path: Path) -> None:
    silent = [(0.0, 3.0), (23.0, 26.0)]  # 20 hours without a position
    rows = _track(273100001, QUAY, silent, "AT QUAY") + _track(273100002, OPEN_SEA, silent, "AT SEA")
    events = detect_files([write_marinecadastre(tmp_path / "gaps.csv", rows)]).events
    gaps = [(e.mmsi, round((e.end - e.start) / 3600, 1)) for e in events if e.type == "gap"]
    assert gaps == [([273100002], 20.0)]


def test_two_ships_together_meet_at_sea_but_not_at_the_quay(tmp_path: Path) -> None:
    hours = [(0.0, 6.0)]
    rows = _track(273200001, QUAY, hours, "QUAY A") + _track(273200002, QUAY, hours, "QUAY B")
    rows += _track(273300001, OPEN_SEA, hours, "SEA A") + _track(273300002, OPEN_SEA, hours, "SEA B")
    events = detect_files([write_marinecadastre(tmp_path / "meet.csv", rows)]).events
    assert [sorted(e.mmsi) for e in events if e.type == "encounter"] == [[273300001, 273300002]]
