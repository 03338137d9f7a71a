"""The command line, driven through its runner: help everywhere, errors as exit status 2."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from sanctionwatch.cli import app, main
from tests.cli_registrations import registered_paths
from tests.helpers import run_cli
from tests.lists.fixtures import UN_XML, write_ofac_set

runner = CliRunner()


def _subcommands(command: Any) -> dict[str, Any]:
    """A group's commands by name, an empty mapping for a leaf command.

    Duck-typed on ``commands``: Typer now ships its own copy of click, whose groups are not
    ``click.Group`` (an ``isinstance`` check once silently kept this walk at the root)."""
    found = getattr(command, "commands", None)
    return dict(found) if found is not None else {}


def all_commands() -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = []

    def walk(command: Any, path: tuple[str, ...]) -> None:
        found.append(path)
        for name, sub in _subcommands(command).items():
            walk(sub, (*path, name))

    walk(get_command(app), ())
    return found


def test_the_walk_finds_every_registered_command() -> None:
    walked = all_commands()
    assert len(walked) == len(set(walked))
    assert set(walked) == registered_paths()
    assert len(walked) == len(registered_paths()) >= 19  # 16 commands, 2 groups and the root


@pytest.mark.parametrize("path", all_commands(), ids=lambda p: " ".join(p) or "root")
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    command = get_command(app)
    for name in path:
        command = _subcommands(command)[name]
    assert command.help and len(command.help) > 20
    assert "Usage:" in result.output and command.help.split()[0] in result.output


def test_errors_exit_2_with_one_line_naming_file_and_line(tmp_path: Path) -> None:
    db = tmp_path / "db.duckdb"
    good = tmp_path / "un.xml"
    good.write_text(UN_XML)
    assert run_cli(db, "lists", "load", str(good)).returncode == 0
    broken = tmp_path / "broken.xml"
    broken.write_text(UN_XML[:400])
    result = run_cli(db, "lists", "load", str(broken), "--format", "un-xml")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert str(broken) in result.stderr and "line" in result.stderr
    sdn = write_ofac_set(tmp_path / "ofac", '5,"X","individual"\r\n')
    result = run_cli(db, "lists", "load", str(sdn))
    assert result.returncode == 2 and "line 1: expected 12 fields" in result.stderr
    unknown = tmp_path / "mystery.bin"
    unknown.write_bytes(b"\x00\x01\x02")
    result = run_cli(db, "lists", "load", str(unknown))
    assert result.returncode == 2 and "mystery.bin" in result.stderr
    stats = json.loads(run_cli(db, "lists", "stats", "--json").stdout)
    assert stats["total_records"] == 2  # the failed loads changed nothing


def test_show_and_export(tmp_path: Path, bundled_db: Path) -> None:
    import shutil

    db = tmp_path / "copy.duckdb"
    shutil.copy(bundled_db, db)
    shown = run_cli(db, "lists", "show", "OFAC-11648", "--json")
    assert shown.returncode == 0
    shown_entity = json.loads(shown.stdout)
    assert shown_entity["id"] == "un-sc-KPi.023" and "us-ofac-sdn-11648" in shown_entity["referents"]
    missing = run_cli(db, "lists", "show", "KPi.999")
    assert missing.returncode == 2 and "KPi.999" in missing.stderr
    exported = tmp_path / "out.json"
    assert run_cli(db, "lists", "export", "--out", str(exported)).returncode == 0
    lines = exported.read_text().splitlines()
    assert len(lines) > 17000 and all(json.loads(line)["datasets"] for line in lines[:50])


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["screen", "Kim", "--threshold", "2"], "'--threshold'"),
        (["screen", "Kim", "--limit", "0"], "'--limit'"),
        (["screen", "--bogus"], "--bogus"),
        (["lists", "nosuch"], "'nosuch'"),
        (["ais", "detect"], "Missing argument"),
    ],
    ids=["value-out-of-range", "limit-zero", "unknown-option", "unknown-command", "missing-argument"],
)
def test_usage_errors_are_one_line_naming_the_option(
    args: list[str], expected: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Click's usage errors are four lines (usage, a hint, a blank, the error); the entry point
    gives one, with the command and the option to fix."""
    monkeypatch.setattr(sys, "argv", ["sanctionwatch", *args])
    with pytest.raises(SystemExit) as exited:
        main()
    captured = capsys.readouterr()
    assert exited.value.code == 2
    lines = [line for line in captured.err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: sanctionwatch "), captured.err
    assert expected in lines[0]


@pytest.mark.parametrize(("args", "code"), [(["--help"], 0), (["lists"], 2), (["screen", "--help"], 0)])
def test_help_is_still_help(
    args: list[str], code: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """--help, and a command group called bare, print the help (click's statuses: 0, and 2)."""
    monkeypatch.setattr(sys, "argv", ["sanctionwatch", *args])
    with pytest.raises(SystemExit) as exited:
        main()
    captured = capsys.readouterr()
    assert exited.value.code == code
    assert "Usage: sanctionwatch" in captured.out + captured.err
    assert "error:" not in captured.out + captured.err


def test_a_missing_ais_file_makes_no_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A failed command changes nothing: the store that ``ais detect`` makes and fills with the
    bundled lists on first use is not made when the file to read is not there."""
    db = tmp_path / "never.duckdb"
    monkeypatch.setenv("SANCTIONWATCH_DB", str(db))
    monkeypatch.setattr(sys, "argv", ["sanctionwatch", "ais", "detect", str(tmp_path / "nope.csv")])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 2
    assert "nope.csv: no such file" in capsys.readouterr().err
    assert sorted(tmp_path.iterdir()) == []
