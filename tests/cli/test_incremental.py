"""What makes `make run` fast the second time, asserted on what is done, never on how long it takes."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sanctionwatch.cli import app
from sanctionwatch.lists import stats
from sanctionwatch.lists.linking import link
from sanctionwatch.lists.store import Store

runner = CliRunner()


def test_lists_stats_reads_the_refusals_the_load_kept(
    tmp_path: Path, bundled_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`lists stats` and `lists conflicts` used to link every list again (most of `make run`'s
    second run); the load keeps the refused links, and they are the linker's own."""
    db = tmp_path / "copy.duckdb"
    shutil.copy(bundled_db, db)
    with Store(db, read_only=True) as store:
        expected = [conflict.as_dict() for conflict in link(list(store.entities())).conflicts]

    def no_linking(*args: object) -> None:
        raise AssertionError("linked the lists again")

    monkeypatch.setattr(stats, "link", no_linking)
    result = runner.invoke(app, ["lists", "stats", "--json", "--db", str(db)])
    assert result.exit_code == 0, result.output
    refused = json.loads(result.stdout)["refused_links"]
    assert refused == dict(sorted(Counter(item["reason"] for item in expected).items()))
    result = runner.invoke(app, ["lists", "conflicts", "--json", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["conflicts"] == expected


def test_run_keeps_the_last_results_only_while_sources_lists_and_code_are_the_same(
    tmp_path: Path, bundled_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sanctionwatch.cases.run as cases_run
    from sanctionwatch.cases.run import DEMO

    db = tmp_path / "copy.duckdb"
    shutil.copy(bundled_db, db)
    sources = tmp_path / "sources"
    sources.mkdir()
    article = sources / "angara.md"
    shutil.copy(DEMO / "articles" / "01-angara-rajin.md", article)
    report = tmp_path / "report"

    def run(*extra: str) -> dict:
        result = runner.invoke(
            app, ["run", str(sources), "--out", str(report), "--json", "--db", str(db), *extra]
        )
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    first = run()
    assert first["reused"] is False and first["summary"]["claims"] > 0
    (report / "report.html").unlink()
    calls = []
    real_run = cases_run.run
    monkeypatch.setattr(cases_run, "run", lambda *a, **k: calls.append(1) or real_run(*a, **k))
    second = run()
    assert second["reused"] is True and not calls
    assert second["incidents"] == first["incidents"] and second["summary"] == first["summary"]
    assert (report / "report.html").exists()  # the report is written from the kept results
    assert run("--rerun")["reused"] is False and len(calls) == 1
    assert run("--force")["reused"] is False and len(calls) == 2  # a forced run always runs
    article.write_text(article.read_text() + "\nA further paragraph.\n")
    assert run()["reused"] is False and len(calls) == 3
    (sources / "second.md").write_text(article.read_text())
    assert run()["reused"] is False and len(calls) == 4
    assert run()["reused"] is True and len(calls) == 4
    twin = tmp_path / "twin"
    shutil.copytree(sources, twin)  # the same files in another folder: the summary names the folder
    result = runner.invoke(app, ["run", str(twin), "--out", str(report), "--json", "--db", str(db)])
    assert json.loads(result.stdout)["reused"] is False and len(calls) == 5


def test_starting_the_cli_loads_no_model_library() -> None:
    """spaCy, torch and onnxruntime take seconds to import: only the commands that read text load them."""
    import subprocess
    import sys

    code = (
        "import sys; from sanctionwatch.cli import app; from typer.testing import CliRunner;"
        " CliRunner().invoke(app, ['lists', 'stats', '--help']);"
        " print(sorted(m for m in ('spacy', 'torch', 'onnxruntime', 'transformers') if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"
