from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import run_cli


@pytest.fixture(scope="module")
def db(bundled_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("screen") / "db.duckdb"
    shutil.copy(bundled_db, copy)
    index = bundled_db.with_name(bundled_db.name + ".index")
    if index.exists():
        shutil.copy(index, copy.with_name(copy.name + ".index"))
    return copy


def run(db: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return run_cli(db, "screen", *args, stdin=stdin)


def test_single_query_json_and_exit_status(db: Path) -> None:
    found = run(db, "김정은", "--json")
    assert found.returncode == 1
    result = json.loads(found.stdout)
    assert result["query"] == {"name": "김정은", "type": "any"}
    assert result["matches"][0]["refs"] == ["OFAC-20157"]
    nothing = run(db, "Kim Jong Il", "--json")
    assert nothing.returncode == 0 and json.loads(nothing.stdout)["matches"] == []
    by_imo = run(db, "", "--imo", "IMO9179842", "--json")
    assert by_imo.returncode == 1 and json.loads(by_imo.stdout)["matches"][0]["name"] == "ANGARA"


def test_batch_keeps_input_order(db: Path, tmp_path: Path) -> None:
    queries = tmp_path / "q.csv"
    queries.write_text(
        "id,name,type,dob\na,Kim Jong Il,,\nb,KOMID,organization,\nc,Kim Yong Chol,person,1947\n"
    )
    result = run(db, "--file", str(queries), "--json")
    assert result.returncode == 1
    results = json.loads(result.stdout)["results"]
    assert [r["id"] for r in results] == ["a", "b", "c"]
    assert results[0]["matches"] == []
    assert "KPe.001" in results[1]["matches"][0]["refs"]
    assert "OFAC-12211" in results[2]["matches"][0]["refs"]
    out = tmp_path / "out.csv"
    assert run(db, "--file", str(queries), "--out", str(out)).returncode == 1
    rows = list(csv.DictReader(out.read_text().splitlines()))
    assert [r["id"] for r in rows][:2] == ["a", "b"] and rows[0]["entity_id"] == ""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"who,type\nKim,person\n", "line 1: the header needs a 'name' column"),
        (b"name,type\n,person\n", "line 2: empty query"),
        (b"name\nKim\n\xff\xfe bad\n", "line 3: not UTF-8"),
    ],
)
def test_bad_batch_files_name_the_line(db: Path, tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    result = run(db, "--file", str(path))
    assert result.returncode == 2
    assert str(path) in result.stderr and message in result.stderr


def test_empty_query_is_an_error(db: Path) -> None:
    result = run(db, "")
    assert result.returncode == 2 and "empty query" in result.stderr


def test_an_unclosed_quote_stops_the_batch_at_its_line(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "quote.csv"
    path.write_text('name,type\nKOMID,organization\n"Kim Jong Un,person\nKim Yong Chol,person\n')
    result = run(db, "--file", str(path))
    assert result.returncode == 2
    assert "line 3" in result.stderr and "never closed" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_rows_are_reported_and_the_rest_screened(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    long_name = "Kim " * 50_000
    path.write_text(
        "id,name,type,dob\n"
        "a,Kim Yong Chol,person,1962-2-18\n"
        "b,Kim Jong Un,person,1970-02-30\n"
        f"c,{long_name},person,\n"
        "d,KOMID,organization,16 Jul 1969\n"
    )
    result = run(db, "--file", str(path), "--json")
    assert result.returncode == 1  # a and d match
    data = json.loads(result.stdout)
    assert [r["id"] for r in data["results"]] == ["a", "d"]
    assert "KPi.024" in data["results"][0]["matches"][0]["refs"]
    assert [(e["line"], e["field"]) for e in data["errors"]] == [(3, "dob"), (4, "name")]
    assert "line 3, dob" in result.stderr and "line 4, name" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_results_file_keeps_the_rows_not_screened(db: Path, tmp_path: Path) -> None:
    # a results file kept as the record of a batch showed only the rows screened: a listed name
    # in a row with a bad date was in neither its matches nor its no-matches
    path, out = tmp_path / "mixed.csv", tmp_path / "results.csv"
    path.write_text("id,name,dob\na,Kim Yong Chol,1962-2-18\n,Pak To Chun,1944-13-09\n")
    result = run(db, "--file", str(path), "--out", str(out))
    assert result.returncode == 1
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [row["id"] for row in rows if row["rank"]] and {row["id"] for row in rows} == {"a", "3"}
    (skipped,) = [row for row in rows if row["error"]]
    assert skipped["query_name"] == "Pak To Chun" and "line 3, dob" in skipped["error"]
    assert not skipped["entity_id"]


@pytest.mark.parametrize(
    ("args", "option"),
    [(["Kim Jong Un", "--out", "r.csv"], "'--out'"), (["Kim Jong Un", "--file", "q.csv"], "'--file'")],
)
def test_options_that_would_be_ignored_are_refused(
    db: Path, tmp_path: Path, args: list[str], option: str
) -> None:
    # --out without --file wrote nothing, and a name beside --file was silently not screened
    (tmp_path / "q.csv").write_text("name\nPak To Chun\n")
    result = run(db, *[str(tmp_path / a) if a.endswith(".csv") else a for a in args])
    assert result.returncode == 2 and option in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "r.csv").exists()


def test_a_batch_with_no_usable_row_exits_2(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("name,dob\nKim Jong Un,1984-13-45\n")
    result = run(db, "--file", str(path))
    assert result.returncode == 2 and "line 2" in result.stderr and "month 13" in result.stderr


def test_an_impossible_birth_date_is_one_line_exit_2(db: Path) -> None:
    result = run(db, "Kim Jong Un", "--dob", "1984-13-45")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "date of birth" in result.stderr


def test_dates_as_people_write_them(db: Path) -> None:
    for written in ("18.02.1962", "18 Feb 1962", "1962-2-18"):
        result = run(db, "Kim Yong Chol", "--type", "person", "--dob", written, "--json")
        top = json.loads(result.stdout)["matches"][0]
        assert "KPi.024" in top["refs"] and top["score"] == 1.0


def test_screen_mmsi_keeps_a_former_name_off_another_vessel(db: Path) -> None:
    # HERBY (OFAC-15057) was EXPLORER; the US EXPLORER broadcasts MMSI 367544000, HERBY's is 572458210
    other = run(db, "EXPLORER", "--type", "vessel", "--mmsi", "367544000", "--json")
    assert other.returncode == 0, other.stderr
    result = json.loads(other.stdout)
    assert result["query"]["mmsi"] == "367544000"
    assert all("OFAC-15057" not in match["refs"] for match in result["matches"])
    bad = run(db, "EXPLORER", "--mmsi", "12345")
    assert bad.returncode == 2 and "MMSI" in bad.stderr and "Traceback" not in bad.stderr


def test_a_batch_row_with_the_ais_zero_imo_is_screened_by_name(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "ais.csv"
    path.write_text("name,type,imo,mmsi\nCHONG CHON GANG,vessel,IMO0000000,\n")
    result = run(db, "--file", str(path), "--json")
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    assert "errors" not in data
    assert data["results"][0]["query"] == {"name": "CHONG CHON GANG", "type": "vessel"}
    assert "OFAC-17069" in data["results"][0]["matches"][0]["refs"]  # the SDN's CHONG CHON GANG
