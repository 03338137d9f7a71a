"""The monitoring run on the bundled demo case, end to end through the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.helpers import run_cli


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


def test_outputs_and_rebuild(demo_run: Path, tmp_path: Path) -> None:
    report = demo_run / "report"
    geo = json.loads((report / "events.geojson").read_text())
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) > 40
    lines = (report / "claims.jsonl").read_text().splitlines()
    assert len(lines) == 12 and all("claims" in json.loads(line) for line in lines)
    db = tmp_path / "db.duckdb"  # the shared run stays as it is
    shutil.copy(demo_run / "db.duckdb", db)
    rebuilt = run_cli(db, "report", "--out", str(tmp_path / "again"))
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert json.loads((tmp_path / "again" / "incidents.json").read_text()) == json.loads(
        (report / "incidents.json").read_text()
    )


def test_report_without_a_run_is_an_error(tmp_path: Path) -> None:
    result = run_cli(tmp_path / "empty.duckdb", "report", "--out", str(tmp_path / "r"))
    assert result.returncode == 2 and "no monitoring run yet" in result.stderr


def _count(db: Path, dataset: str) -> tuple[int, int]:
    from sanctionwatch.lists.store import Store

    store = Store(db, read_only=True)
    try:
        entities = store.con.execute("SELECT count(*) FROM entities WHERE dataset = ?", [dataset]).fetchone()
        loads = store.con.execute("SELECT count(*) FROM loads").fetchone()
    finally:
        store.close()
    return entities[0], loads[0]


def _uk_head(folder: Path, lines: int = 12) -> Path:
    import lzma

    from sanctionwatch.lists.bundled import DATA

    text = lzma.decompress((DATA / "sanctions" / "hmt_ofsi_conlist_2018-04-13.csv.xz").read_bytes())
    path = folder / "uk.csv"
    path.write_bytes(b"\n".join(text.split(b"\n")[:lines]) + b"\n")
    return path


def test_a_failed_run_changes_nothing(bundled_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "db.duckdb"
    shutil.copy(bundled_db, db)
    folder = tmp_path / "sources"
    folder.mkdir()
    _uk_head(folder)
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    before = _count(db, "gb_hmt")
    result = run_cli(db, "run", str(folder), "--out", str(tmp_path / "r"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert _count(db, "gb_hmt") == before and before[0] > 2000


def test_a_failure_inside_the_run_rolls_back_its_list_loads(
    bundled_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sanctionwatch.cases import run as monitoring
    from sanctionwatch.lists.store import Store

    db = tmp_path / "db.duckdb"
    shutil.copy(bundled_db, db)
    folder = tmp_path / "sources"
    folder.mkdir()
    _uk_head(folder, 2000)  # a list that loads, then the run fails after it
    monkeypatch.setenv("SANCTIONWATCH_MAX_SHRINK", "1")  # a head of the list is loaded on purpose

    def broken(*_: object) -> list:
        raise RuntimeError("fusion failed")

    monkeypatch.setattr(monitoring, "fuse", broken)
    before = _count(db, "gb_hmt")
    with Store(db) as store, pytest.raises(RuntimeError):
        monitoring.run(store, folder)
    assert _count(db, "gb_hmt") == before


@pytest.mark.parametrize("name, keep", [("week.csv.gz", 200), ("week.csv.gz", 200_000), ("note.md.xz", 300)])
def test_a_truncated_gz_or_xz_in_the_folder_is_one_line_naming_it(
    tmp_path: Path, name: str, keep: int
) -> None:
    import lzma

    from sanctionwatch.cases.run import DEMO

    folder = tmp_path / "sources"
    folder.mkdir()
    if name.endswith(".gz"):
        data = (DEMO / "ais" / "demo-week.csv.gz").read_bytes()
    else:
        data = lzma.compress(((DEMO / "articles" / "01-angara-rajin.md").read_text() * 20).encode())
    (folder / name).write_bytes(data[:keep])
    result = run_cli(tmp_path / "db.duckdb", "run", str(folder), "--out", str(tmp_path / "r"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert name in line and ("truncated" in line or "ended" in line)


FRONT = """---
title: A tanker meets a North Korean ship
publisher: Harbour Watch
date: 2025-09-14
url: https://example.org/tanker
language: en
---
Russia delivered diesel to North Korea in September, Harbour Watch found.
"""


def _pdf(path: Path, line: str) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    pdf.add_page()
    pdf.cell(0, 6, line)
    pdf.output(str(path))


def test_every_file_is_read_or_skipped_with_its_reason(bundled_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "db.duckdb"
    shutil.copy(bundled_db, db)
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "front.md").write_text(FRONT)
    (folder / "japan-mod.txt").write_text("Russia delivered diesel to North Korea in September.\n")
    _pdf(folder / "report.pdf", "The Panel found that the tanker delivered diesel to North Korea.")
    (folder / "notes.json").write_text('{"anything": 1}')
    (folder / "incidents.json").write_text('{"incidents": []}')
    (folder / "week.truth.json").write_text("{}")
    (folder / ".DS_Store").write_bytes(b"\x00\x01")
    (folder / "photo.bin").write_bytes(b"\x89PNG\r\n")
    result = run_cli(db, "run", str(folder), "--out", str(tmp_path / "r"), "--json")
    assert result.returncode in (0, 1), result.stderr
    summary = json.loads(result.stdout)["summary"]
    skipped = {Path(item["path"]).name: item["reason"] for item in summary["skipped"]}
    read = {Path(item["path"]).name: item["as"] for item in summary["read"]}
    names = {p.name for p in folder.iterdir()}
    assert set(skipped) | set(read) == names and not set(skipped) & set(read)
    assert read["front.md"] == read["japan-mod.txt"] == "document"
    assert "not FollowTheMoney" in skipped["notes.json"] and "our own findings" in skipped["incidents.json"]
    assert "truth" in skipped["week.truth.json"] and skipped[".DS_Store"] == "hidden file"
    assert read["report.pdf"] == "document"
    (warning,) = [w for w in summary["warnings"] if "japan-mod.txt" in w]
    assert "no publisher and no date" in warning
    documents = {
        json.loads(line)["name"]: json.loads(line)
        for line in (tmp_path / "r" / "claims.jsonl").read_text().splitlines()
    }
    assert documents["japan-mod.txt"]["publisher"] is None  # never the file name
    assert documents["front.md"]["url"] == "https://example.org/tanker"
    assert documents["front.md"]["language"] == "en"
    shown = run_cli(db, "report", "--out", str(tmp_path / "again")).stdout
    assert "skipped" in shown and "notes.json" in shown and "warning: japan-mod.txt" in shown


def test_a_shrinking_list_in_the_folder_is_refused_unless_forced(bundled_db: Path, tmp_path: Path) -> None:
    """The list guards hold in ``run`` too, and ``run --force`` is the way past them that the
    refusal names."""
    db = tmp_path / "db.duckdb"
    shutil.copy(bundled_db, db)
    folder = tmp_path / "sources"
    folder.mkdir()
    _uk_head(folder, 2000)
    before = _count(db, "gb_hmt")
    refused = run_cli(db, "run", str(folder), "--out", str(tmp_path / "r"))
    assert refused.returncode == 2 and "--force" in refused.stderr and "Traceback" not in refused.stderr
    assert _count(db, "gb_hmt") == before
    forced = run_cli(db, "run", str(folder), "--out", str(tmp_path / "r"), "--force")
    assert forced.returncode in (0, 1), forced.stderr
    assert 0 < _count(db, "gb_hmt")[0] < before[0]
