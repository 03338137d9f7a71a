"""Vessels named in documents, found among the AIS vessels; the hand-written case end to end."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sanctionwatch.cases.identity import AISVessels, tie_to_claims
from tests.helpers import run_cli

HANDWRITTEN = Path(__file__).parent / "data" / "handwritten"
VESSELS = {
    477218783: {"name": "HAI STAR 15", "imo": "8000020", "call_sign": "C00015"},
    636025305: {"name": "HAI STAR 1", "imo": "9154024", "call_sign": "C00001"},
    412000001: {"name": "PACIFIC GLORY 14", "imo": None, "call_sign": None},
}


def found(text: str) -> set[tuple[int, str]]:
    return {(m.mmsi, m.identifier) for m in AISVessels(VESSELS).mentions(text)}


def test_a_name_ties_with_its_numeral_and_only_with_it() -> None:
    assert found("The tanker Hai Star 15 met Pacific Glory 14 at sea.") == {
        (477218783, "name"),
        (412000001, "name"),
    }
    assert found("The tanker Hai Star 1 sailed.") == {(636025305, "name")}
    assert found("A ship named Hai Star sailed.") == set()  # no numeral: neither of the two


def test_identifiers_tie_when_the_ais_vessel_has_them() -> None:
    assert found("It broadcast IMO 9154024.") == {(636025305, "imo")}
    assert found("It broadcast IMO 9154025.") == set()  # fails its check digit
    assert found("Its transponder, MMSI 477218783, went quiet.") == {(477218783, "mmsi")}
    assert found("call sign C00015 was heard") == {(477218783, "call_sign")}


def test_a_mention_ties_to_the_claims_of_its_paragraph() -> None:
    text = "Hai Star 15 loaded diesel.\n\nOther news: coal went to China."
    claims = [{"start": 0, "end": 25}, {"start": 28, "end": 58}]
    tie_to_claims(text, AISVessels(VESSELS).mentions(text), claims)
    assert [c.get("vessels", []) for c in claims][1] == []
    assert claims[0]["vessels"][0]["mmsi"] == 477218783


@pytest.fixture(scope="module")
def handwritten(bundled_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Two articles written by hand that name both vessels of an encounter in `ais simulate`
    traffic (seed 7: STAR WAVE 2 and SEA LUCK 3 meet in October 2025), read by the run."""
    folder = tmp_path_factory.mktemp("handwritten")
    sources = folder / "sources"
    shutil.copytree(HANDWRITTEN, sources)
    db = folder / "db.duckdb"
    shutil.copy(bundled_db, db)
    traffic = sources / "traffic.csv"
    simulated = run_cli(
        db,
        "ais",
        "simulate",
        str(traffic),
        "--seed",
        "7",
        "--vessels",
        "30",
        "--days",
        "3",
        "--start",
        "2025-10-01",
    )
    assert simulated.returncode == 0, simulated.stderr
    truth = json.loads(traffic.with_name("traffic.truth.json").read_text())
    result = run_cli(db, "run", str(sources), "--out", str(folder / "report"), "--json")
    assert result.returncode in (0, 1), result.stderr
    return {"truth": truth, **json.loads(result.stdout)}


def test_the_handwritten_case_is_a_multi_stream_incident(handwritten: dict) -> None:
    (planted,) = [e for e in handwritten["truth"]["events"] if e["type"] == "encounter"]
    meeting = [
        i
        for i in handwritten["incidents"]
        if any(e["kind"] == "ais_event" and e["type"] == "encounter" for e in i["evidence"])
    ]
    (incident,) = meeting
    assert incident["corroboration"] == "multi-stream" and incident["recipient"] == "KP"
    assert {"Harbour Watch", "East Sea Monitor"} <= set(incident["sources"])
    (encounter,) = [e for e in incident["evidence"] if e["kind"] == "ais_event"]
    assert sorted(encounter["mmsi"]) == sorted(planted["mmsi"])
    tied = {(t["mmsi"], t["identifier"]) for t in incident["ties"]}
    assert {(mmsi, "name") for mmsi in planted["mmsi"]} <= tied  # both vessels, each by its name
    assert (412365867, "imo") in tied and (412365867, "mmsi") in tied
    assert not any(e["kind"] == "screening" for e in incident["evidence"])  # neither ship is listed
