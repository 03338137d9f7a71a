"""The README's commands run as written: every one parses, and a sample runs on the bundled lists."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from sanctionwatch.cli import app

README = Path(__file__).resolve().parents[2] / "README.md"
runner = CliRunner()


def readme_commands() -> list[str]:
    """Each `sanctionwatch ...` command of the README's shell blocks, without its comment, the
    pipe or redirection after it, or the brackets around optional parts."""
    blocks = re.findall(r"```sh\n(.*?)```", README.read_text(), re.DOTALL)
    found = []
    for line in (line for block in blocks for line in block.splitlines()):
        start = line.find("sanctionwatch ")
        if start < 0 or line.lstrip().startswith("#"):
            continue
        command = re.split(r"\s+#\s|\s\|\s|\s>>?\s|\s2>&1", line[start:])[0]
        found.append(command.replace("[", "").replace("]", "").strip())
    return found


def test_the_readme_has_commands() -> None:
    assert len(readme_commands()) > 25


@pytest.mark.parametrize("line", readme_commands())
def test_every_readme_command_parses(line: str) -> None:
    words = shlex.split(line)[1:]
    command: Any = get_command(app)
    while hasattr(command, "commands"):
        assert words and words[0] in command.commands, f"{line}: no command {words[:1]}"
        command = command.commands[words.pop(0)]
    command.make_context(command.name, words)  # raises on an unknown option or a missing value


SAMPLE = [
    ("sanctionwatch lists show KPi.023", 0),
    ("sanctionwatch lists stats --json", 0),
    ("sanctionwatch lists status --json", 0),
    ('sanctionwatch screen "kimjongun"', 1),
    ('sanctionwatch screen "Kim Yong Chol" --type person --dob 18.02.1962', 1),
    ('sanctionwatch screen "" --imo "IMO9179842"', 1),
    ("sanctionwatch lists history KPi.023 --json", 0),
]


def test_a_sample_runs_as_written(bundled_db: Path, tmp_path: Path) -> None:
    commands = readme_commands()
    db = tmp_path / "db.duckdb"
    shutil.copy(bundled_db, db)
    for line, status in SAMPLE:
        assert any(command.startswith(line) for command in commands), f"{line} is not in the README"
        result = runner.invoke(app, [*shlex.split(line)[1:], "--db", str(db)])
        assert result.exit_code == status, f"{line}: {result.output}"


def help_examples() -> list[str]:
    """Every example command line of every command's --help."""
    found: list[str] = []

    def walk(command: Any) -> None:
        for line in (command.epilog or "").splitlines():
            start = line.find("sanctionwatch ")
            if start >= 0:
                found.append(re.split(r"\s\|\s|\s>>?\s", line[start:])[0].strip())
        for sub in getattr(command, "commands", {}).values():
            walk(sub)

    walk(get_command(app))
    return found


def test_the_help_examples_are_found() -> None:
    """The parametrized test below runs once per example: found none, it would pass by running
    nothing. Every command's --help gives at least one (``test_conventions.py``)."""
    assert len(help_examples()) >= 16


@pytest.mark.parametrize("line", help_examples())
def test_every_help_example_parses(line: str) -> None:
    test_every_readme_command_parses(line)
