"""The conventions the CLI shares with its neighbours (sqlite-utils, csvkit): --version, shell
completion, examples in --help, --json wherever results are printed, a summary line after batch
work, exit status 0 / 1 (findings) / 2 (error), and a server that says where it listens and logs
each request."""

from __future__ import annotations

import csv
import json
import os
import selectors
import shutil
import subprocess
import sys
import time
import urllib.request
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from sanctionwatch.cases.run import DEMO
from sanctionwatch.cli import app
from tests.cli_registrations import registered_paths

runner = CliRunner()


def commands() -> list[list[str]]:
    found: list[list[str]] = []

    def walk(command: Any, path: list[str]) -> None:
        if hasattr(command, "commands"):  # a group (Typer's own click, not the click package)
            for name, sub in command.commands.items():
                walk(sub, [*path, name])
        else:
            found.append(path)

    walk(get_command(app), [])
    return found


def test_the_walk_reaches_every_registered_command() -> None:
    """The walk above stops at groups it recognises by an attribute; the paths registered in the
    source (``tests/cli_registrations.py``) say which commands it must reach."""
    paths = registered_paths()
    leaves = {
        path for path in paths if path and not any(other[: len(path)] == path != other for other in paths)
    }
    assert {tuple(path) for path in commands()} == leaves and len(leaves) >= 16


@pytest.fixture(scope="module")
def db(bundled_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("conventions") / "db.duckdb"
    shutil.copy(bundled_db, copy)
    return copy


def test_version_and_completion() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"sanctionwatch {version('sanctionwatch')}"
    shown = runner.invoke(app, ["--help"]).stdout
    assert "--install-completion" in shown and "--show-completion" in shown
    assert "Exit status: 0 success, 1 findings present" in " ".join(shown.split())


@pytest.mark.parametrize("path", commands(), ids=" ".join)
def test_help_gives_examples_and_no_type_marker_on_flags(path: list[str]) -> None:
    shown = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "80"}).stdout
    assert "<bool>" not in shown
    examples = shown.split("Examples:", 1)[1].splitlines()
    assert any(" ".join(["sanctionwatch", *path]) in line for line in examples)


#: Commands that print no results of their own: the server, and the export (its output is the data).
NO_RESULTS = (["serve"], ["lists", "export"])


@pytest.mark.parametrize("path", [p for p in commands() if p not in NO_RESULTS], ids=" ".join)
def test_every_command_that_prints_results_has_json(path: list[str]) -> None:
    command: Any = get_command(app)
    for name in path:
        command = command.commands[name]
    assert any("--json" in param.opts for param in command.params)


def test_screen_batch_prints_a_summary_line(db: Path, tmp_path: Path) -> None:
    queries = tmp_path / "q.csv"
    queries.write_text("name,id\nKim Jong Un,a\nJohn Smithsonian Q,b\nKim Yong Chol,c\n")
    written = tmp_path / "r.csv"
    result = runner.invoke(app, ["screen", "--file", str(queries), "--out", str(written), "--db", str(db)])
    assert result.exit_code == 1  # something matched
    with written.open() as handle:
        rows = list(csv.DictReader(handle))
    matched = {row["id"] for row in rows if row["entity_id"]}
    assert matched and len(matched) < 3
    expected = f"screened 3 queries: {len(matched)} matched, {3 - len(matched)} did not"
    assert f"{expected}; results written to {written}" in " ".join(result.stdout.split())
    as_json = runner.invoke(app, ["screen", "--file", str(queries), "--json", "--db", str(db)])
    assert len(json.loads(as_json.stdout)["results"]) == 3  # the summary goes to stderr, not into the JSON
    assert "screened 3 queries" in as_json.stderr


def test_exit_status_of_screen(db: Path) -> None:
    assert runner.invoke(app, ["screen", "Kim Jong Un", "--db", str(db)]).exit_code == 1
    assert runner.invoke(app, ["screen", "Zzyzx Qwerty Uiop", "--db", str(db)]).exit_code == 0
    assert runner.invoke(app, ["screen", "Kim", "--threshold", "2", "--db", str(db)]).exit_code == 2


def test_ais_simulate_json(tmp_path: Path) -> None:
    traffic = tmp_path / "traffic.csv"
    result = runner.invoke(
        app, ["ais", "simulate", str(traffic), "--seed", "5", "--vessels", "12", "--days", "1", "--json"]
    )
    assert result.exit_code == 0, result.output
    written = json.loads(result.stdout)
    with traffic.open() as handle:
        rows = list(csv.DictReader(handle))
    assert written["positions"] == len(rows) and written["output"] == str(traffic)
    assert written["vessels"] == 12
    truth = json.loads(Path(written["truth"]).read_text())
    assert written["events"] == len(truth["events"])


def test_report_json_is_the_run_json(db: Path, tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(DEMO / "articles" / "01-angara-rajin.md", sources)
    ran = runner.invoke(app, ["run", str(sources), "--json", "--out", str(tmp_path / "r"), "--db", str(db)])
    assert ran.exit_code == 0, ran.output
    report = runner.invoke(app, ["report", "--json", "--out", str(tmp_path / "again"), "--db", str(db)])
    assert report.exit_code == 0, report.output
    from_run, from_report = json.loads(ran.stdout), json.loads(report.stdout)
    assert from_report["incidents"] == from_run["incidents"] and from_report["summary"] == from_run["summary"]
    assert (tmp_path / "again" / "report.html").exists()


def next_line(stream: Any, wait: float = 120) -> str:
    """The next line of a server's output, or "" when none comes (the test fails, never hangs)."""
    waiting = selectors.DefaultSelector()
    waiting.register(stream, selectors.EVENT_READ)
    return stream.readline() if waiting.select(timeout=wait) else ""


def test_serve_prints_its_url_and_logs_each_request(db: Path) -> None:
    env = {**os.environ, "SANCTIONWATCH_DB": str(db)}
    with subprocess.Popen(
        [sys.executable, "-m", "sanctionwatch", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    ) as process:
        try:
            assert process.stderr is not None and process.stdout is not None
            first = next_line(process.stderr)
            assert first.startswith("sanctionwatch serving on http://127.0.0.1:")
            url = first.split()[3]
            for _ in range(240):  # until the server answers (a wait, not a measurement)
                try:
                    with urllib.request.urlopen(f"{url}/healthz") as response:
                        assert response.status == 200
                    break
                except OSError:
                    time.sleep(0.5)
            assert '"GET /healthz HTTP/1.1" 200' in next_line(process.stdout)
        finally:
            process.terminate()


def test_lists_export_ends_with_a_summary_line(db: Path, tmp_path: Path) -> None:
    written = tmp_path / "entities.ftm.json"
    result = runner.invoke(app, ["lists", "export", "-o", str(written), "--db", str(db)])
    assert result.exit_code == 0, result.output
    lines = written.read_text().splitlines()
    assert all(json.loads(line)["id"] for line in lines)
    assert f"wrote {len(lines):,} entities to {written}" in " ".join(result.stderr.split())
    assert result.stdout == ""


def test_a_long_batch_on_a_terminal_shows_progress_and_gives_the_same_results(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    from rich.console import Console

    from sanctionwatch.cli import screen as screen_cli
    from sanctionwatch.lists.store import Store
    from sanctionwatch.screening.batch import BatchQuery
    from sanctionwatch.screening.query import make_query
    from sanctionwatch.screening.service import open_matcher, screen_batch

    names = ["Kim Jong Un", "Kim Yong Chol", "John Smithsonian Q", "ANGARA", "Ri Won Ho"] * 5
    queries = [BatchQuery(str(n), make_query(name, "any", None, None, None)) for n, name in enumerate(names)]
    with Store(db, read_only=True) as store:
        matcher = open_matcher(store)
    terminal = io.StringIO()
    monkeypatch.setattr(screen_cli, "err", Console(file=terminal, force_terminal=True, width=80))
    monkeypatch.setattr(screen_cli, "PROGRESS_FROM", 10)
    monkeypatch.setattr(screen_cli, "PART", 7)
    shown = screen_cli.screen_with_progress(matcher, queries, 0.8, 10)
    assert shown == screen_batch(matcher, queries, 0.8, 10)
    assert "screening" in terminal.getvalue()
