"""Every table readable at 80 columns: the values an analyst acts on (ids, references, dates,
categories) appear whole, nothing is cut with an ellipsis, no line is wider than the terminal."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from sanctionwatch.cases.run import DEMO
from sanctionwatch.cli import app

runner = CliRunner()
NARROW = {"COLUMNS": "80"}


@pytest.fixture(scope="module")
def db(bundled_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("layout") / "db.duckdb"
    shutil.copy(bundled_db, copy)
    return copy


def narrow(*args: str) -> Result:
    result = runner.invoke(app, list(args), env=NARROW)
    assert result.exit_code in (0, 1), result.output
    assert "…" not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    return result


def test_lists_show_gives_every_record_whole(db: Path) -> None:
    shown = narrow("lists", "show", "KPi.023", "--db", str(db)).stdout
    entity = json.loads(runner.invoke(app, ["lists", "show", "KPi.023", "--json", "--db", str(db)]).stdout)
    # the FtM export lists every record's id; the UN record is the subject's own id
    for record_id in [entity["id"], *entity["referents"]]:
        assert record_id in shown
    for ref in ("KPi.023", "OFAC-11648", "GB-HMT-12441", "AU-DFAT-3157", "1962-08-28", "290320764"):
        assert ref in shown


def test_lists_stats_and_load(db: Path) -> None:
    stats = json.loads(runner.invoke(app, ["lists", "stats", "--json", "--db", str(db)]).stdout)
    shown = narrow("lists", "stats", "--db", str(db)).stdout
    assert "DPRK-related" in shown
    for dataset, entry in stats["lists"].items():
        assert dataset in shown and str(entry["list_date"]) in shown
        for schema, count in entry["schemata"].items():
            assert schema in shown and f"{count:,}" in shown  # "Organization 746" may wrap
    loaded = narrow("lists", "load", "--db", str(db)).stdout
    for dataset in stats["lists"]:
        assert dataset in loaded


def test_lists_load_says_what_set_aside_rows_are(db: Path) -> None:
    """The load used to print "2460 alt.csv rows ... without an sdn.csv record" and no word of why."""
    loads = json.loads(runner.invoke(app, ["lists", "load", "--json", "--db", str(db)]).stdout)["loads"]
    ofac = next(load for load in loads if load["dataset"] == "us_ofac_sdn")
    newer = sum(count for why, count in ofac["set_aside"].items() if why.endswith("is newer"))
    assert newer > 1000  # the bundled alt.csv and add.csv are newer than its sdn.csv
    shown = " ".join(narrow("lists", "load", "--db", str(db)).stdout.split())
    assert f"{sum(ofac['set_aside'].values()):,} rows or values of its files are not loaded" in shown
    assert f"Does it matter? {newer:,} of them are names, addresses or remarks of designations" in shown
    assert "not screened until the files of one day are loaded" in shown
    for why, count in ofac["set_aside"].items():
        assert f"{count:,} {why}" in shown


def test_screen_keeps_every_reference(db: Path) -> None:
    found = json.loads(runner.invoke(app, ["screen", "Kim Yong Chol", "--json", "--db", str(db)]).stdout)
    shown = narrow("screen", "Kim Yong Chol", "--db", str(db)).stdout
    assert found["matches"]
    for match in found["matches"]:
        assert f"{match['score']:.2f}" in shown
        for ref in match["refs"]:
            assert ref in shown


def test_run_summary_and_report(db: Path, tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(DEMO / "articles", sources)
    result = runner.invoke(
        app, ["run", str(sources), "--out", str(tmp_path / "r"), "--json", "--db", str(db)]
    )
    assert result.exit_code == 0, result.output
    incidents = json.loads(result.stdout)["incidents"]
    assert len(incidents) > 3
    for command in (["run", str(sources)], ["report"]):
        shown = narrow(*command, "--out", str(tmp_path / "r"), "--db", str(db)).stdout
        for incident in incidents:
            assert incident["id"] in shown and incident["corroboration"] in shown
            for value in incident["provisions"] + incident["rules"]:
                assert value in shown


def test_ais_detect(db: Path, tmp_path: Path) -> None:
    traffic = tmp_path / "traffic.csv"
    made = runner.invoke(
        app, ["ais", "simulate", str(traffic), "--seed", "3", "--vessels", "12", "--days", "2"]
    )
    assert made.exit_code == 0, made.output
    found = json.loads(runner.invoke(app, ["ais", "detect", str(traffic), "--json", "--db", str(db)]).stdout)
    shown = narrow("ais", "detect", str(traffic), "--db", str(db)).stdout
    assert found["events"]
    for event in found["events"]:
        assert event["type"] in shown
        for moment in (event["start"], event["end"]):
            date, time = moment.removesuffix("Z").split("T")
            assert date in shown and time in shown
        for mmsi in event["mmsi"]:
            assert str(mmsi) in shown


def test_extract(db: Path) -> None:
    article = str(DEMO / "articles" / "01-angara-rajin.md")
    claims = json.loads(runner.invoke(app, ["extract", article, "--json", "--db", str(db)]).stdout)["claims"]
    shown = " ".join(narrow("extract", article, "--db", str(db)).stdout.split())
    assert claims
    for claim in claims:
        assert claim["category"] in shown and claim["modality"] in shown
        assert ", ".join(claim["provisions"]) in shown
        assert " ".join(claim["text"].split()) in shown


def test_lists_status_history_and_conflicts(db: Path) -> None:
    statuses = json.loads(runner.invoke(app, ["lists", "status", "--json", "--db", str(db)]).stdout)["lists"]
    shown = narrow("lists", "status", "--db", str(db)).stdout
    flat = "".join(shown.split())  # a long path may be broken across lines, never cut
    for status in statuses:
        assert status["list"] in shown and (status["list_date"] or "-") in shown
        assert "".join(status["source"].split()) in flat
    versions = json.loads(
        runner.invoke(app, ["lists", "history", "KPi.023", "--json", "--db", str(db)]).stdout
    )
    shown = narrow("lists", "history", "KPi.023", "--db", str(db)).stdout
    for version in versions["versions"]:
        assert version["ref"] in shown and version["list_date"] in shown and version["change"] in shown
    conflicts = json.loads(runner.invoke(app, ["lists", "conflicts", "--json", "--db", str(db)]).stdout)
    shown = narrow("lists", "conflicts", "--db", str(db)).stdout
    assert conflicts["conflicts"]
    for conflict in conflicts["conflicts"]:
        assert conflict["reason"] in shown
        assert conflict["left"]["ref"] in shown and conflict["right"]["ref"] in shown
