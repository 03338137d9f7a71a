from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.helpers import run_cli

TEXT = "North Korea has sent artillery shells to Russia, Seoul said. The vessel Angara carried them."


def test_extract_json_stdin_and_jsonl(tmp_path: Path, bundled_db: Path) -> None:
    db = tmp_path / "db.duckdb"
    shutil.copy(bundled_db, db)
    single = run_cli(db, "extract", "-", "--json", stdin=TEXT)
    assert single.returncode == 0, single.stderr
    result = json.loads(single.stdout)
    assert result["document"] == "<stdin>"
    (claim,) = result["claims"]
    assert (claim["category"], claim["supplier"], claim["recipient"]) == ("arms", "KP", "RU")
    assert set(claim) >= {"modality", "source", "provisions", "text", "start", "end", "entities"}
    a, b, empty = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "empty.txt"
    a.write_text(TEXT)
    b.write_text("Russia will deliver wheat to North Korea.")
    empty.write_text("")
    several = run_cli(db, "extract", str(a), str(empty), str(b), "--json")
    assert several.returncode == 2  # one file failed, the others are still reported
    lines = [json.loads(line) for line in several.stdout.splitlines()]
    assert [line["document"] for line in lines] == [str(a), str(b)]
    assert "empty.txt: empty document" in several.stderr


def test_linked_vessel(tmp_path: Path, bundled_db: Path) -> None:
    db = tmp_path / "db.duckdb"
    shutil.copy(bundled_db, db)
    text = "The Angara delivered North Korean ammunition to Russia, the ministry said."
    result = json.loads(run_cli(db, "extract", "-", "--json", stdin=text).stdout)
    refs = [ref for claim in result["claims"] for entity in claim["entities"] for ref in entity["refs"]]
    assert "OFAC-37059" in refs


def test_eval_claims_command(tmp_path: Path) -> None:
    # two hand-annotated articles: one claim the tool reads (the extract test above), one gold
    # claim in a text that names no goods, which nothing can read: recall 1/2, precision 1/1
    folder = tmp_path / "corpus"
    folder.mkdir()
    gold = {"category": "arms", "supplier": "KP", "recipient": "RU", "modality": "asserted"}
    (folder / "a.txt").write_text(TEXT)
    (folder / "a.json").write_text(json.dumps({"claims": [{**gold, "provisions": [], "source": "Seoul"}]}))
    (folder / "b.txt").write_text("The weather in Pyongyang was fine on Monday.")
    coal = {**gold, "category": "coal", "recipient": "CN", "provisions": [], "source": None}
    (folder / "b.json").write_text(json.dumps({"claims": [coal]}))
    result = run_cli(tmp_path / "db.duckdb", "eval-claims", str(folder), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["documents"] == 2
    assert (data["precision"], data["recall"]) == (1.0, 0.5)
    assert data["f1"] == pytest.approx(2 / 3, abs=1e-3)
