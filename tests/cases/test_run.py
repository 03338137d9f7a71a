"""The monitoring run on the bundled demo case, end to end through the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.helpers import run_cli


@pytest.fixture(scope="session")
def demo_run(bundled_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("run")
    db = folder / "db.duckdb"
    shutil.copy(bundled_db, db)
    result = run_cli(db, "run", "--out", str(folder / "report"))
    assert result.returncode == 0, result.stderr
    assert "INC-001" in result.stdout
    return folder


def incidents(folder: Path) -> list[dict]:
    return json.loads((folder / "report" / "incidents.json").read_text())["incidents"]


def test_demo_finds_the_shuttle_and_the_meeting(demo_run: Path) -> None:
    found = incidents(demo_run)
    shuttle = next(i for i in found if "dark-shuttle" in i["rules"])
    assert (shuttle["category"], shuttle["supplier"], shuttle["recipient"]) == ("arms", "KP", "RU")
    assert shuttle["corroboration"] == "multi-stream" and len(shuttle["sources"]) >= 3
    assert [v["name"] for v in shuttle["vessels"]] == ["ANGARA"] and "OFAC-37059" in shuttle["vessels"][0][
        "refs"
    ]
    kinds = {e["kind"] for e in shuttle["evidence"]}
    assert kinds == {"claim", "ais_event", "screening"}
    assert any(e["kind"] == "claim" and e["modality"] == "denied" for e in shuttle["evidence"])
    meeting = next(i for i in found if "sts-meeting" in i["rules"])
    assert meeting["category"] == "refined_petroleum" and meeting["recipient"] == "KP"
    assert meeting["corroboration"] == "multi-stream"
    assert {v["name"] for v in meeting["vessels"]} == {"KUM UN SAN 3", "SEA PIONEER"}
    assert meeting["provisions"] == ["2397/5"]


def test_demo_keeps_unrelated_and_lawful_stories_out(demo_run: Path) -> None:
    found = incidents(demo_run)
    documents = {e["document"] for i in found for e in i["evidence"] if e["kind"] == "claim"}
    assert "articles/11-diplomacy.md" not in documents
    assert all(i["category"] != "food" for i in found)
    assert [i["id"] for i in found] == [f"INC-{n:03d}" for n in range(1, len(found) + 1)]


def test_outputs_and_rebuild(demo_run: Path) -> None:
    report = demo_run / "report"
    geo = json.loads((report / "events.geojson").read_text())
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) > 40
    lines = (report / "claims.jsonl").read_text().splitlines()
    assert len(lines) == 12 and all("claims" in json.loads(line) for line in lines)
    rebuilt = run_cli(demo_run / "db.duckdb", "report", "--out", str(demo_run / "again"))
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert json.loads((demo_run / "again" / "incidents.json").read_text()) == json.loads(
        (report / "incidents.json").read_text()
    )


def test_report_without_a_run_is_an_error(tmp_path: Path) -> None:
    result = run_cli(tmp_path / "empty.duckdb", "report", "--out", str(tmp_path / "r"))
    assert result.returncode == 2 and "no monitoring run yet" in result.stderr
