"""`-` reads standard input wherever a command reads a file."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from sanctionwatch.cli import app
from sanctionwatch.errors import InputError
from tests.lists.fixtures import FTM_LINES, UN_XML

runner = CliRunner()


def test_lists_load_reads_standard_input(tmp_path: Path) -> None:
    db = tmp_path / "db.duckdb"
    result = runner.invoke(app, ["lists", "load", "-", "--json", "--db", str(db)], input=UN_XML)
    assert result.exit_code == 0, result.output
    (load,) = json.loads(result.stdout)["loads"]
    assert load["dataset"] == "un_sc" and load["records"] == UN_XML.count("<INDIVIDUAL>") + UN_XML.count(
        "<ENTITY>"
    )
    shown = runner.invoke(app, ["lists", "show", "KPi.901", "--json", "--db", str(db)])
    assert shown.exit_code == 0 and json.loads(shown.stdout)["id"] == "un-sc-KPi.901"


def test_an_ftm_file_from_standard_input_needs_a_dataset(tmp_path: Path) -> None:
    db = tmp_path / "db.duckdb"
    text = FTM_LINES
    refused = runner.invoke(app, ["lists", "load", "-", "--db", str(db)], input=text)
    assert isinstance(refused.exception, InputError) and "--dataset" in str(refused.exception)
    loaded = runner.invoke(
        app, ["lists", "load", "-", "--dataset", "zala", "--json", "--db", str(db)], input=text
    )
    assert loaded.exit_code == 0, loaded.output
    assert json.loads(loaded.stdout)["loads"][0]["dataset"] == "zala"
