"""Loads that would lose or inject data are refused, and repeated loads change nothing (issue 19)."""

from __future__ import annotations

import json
import lzma
import shutil
from pathlib import Path

import pytest

from sanctionwatch.errors import ConfigError, FormatError, InputError, ParseError, StoreError
from sanctionwatch.lists import bundled
from sanctionwatch.lists.bundled import load_bundled, snapshots
from sanctionwatch.lists.loading import load_paths
from sanctionwatch.lists.store import Store
from tests.helpers import run_cli
from tests.lists.fixtures import FTM_LINES, OFAC_SDN, UK_CSV, UN_XML, write_ofac_set

UN_EMPTY = """<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2026-03-01T00:00:00.000Z"><INDIVIDUALS/><ENTITIES/></CONSOLIDATED_LIST>
"""


@pytest.fixture()
def db(bundled_db: Path, tmp_path: Path) -> Path:
    """A copy of the store with the bundled lists, for a test to change."""
    copy = tmp_path / "copy.duckdb"
    shutil.copy(bundled_db, copy)
    return copy


def counts(source: Path | Store) -> dict[str, int]:
    """Records per dataset, from a store file or through an open store."""
    if isinstance(source, Store):
        return dict(source.con.execute("SELECT dataset, count(*) FROM entities GROUP BY ALL").fetchall())
    with Store(source, read_only=True) as store:
        return counts(store)


def loads(db: Path) -> int:
    with Store(db, read_only=True) as store:
        return len(store.loads())


def uk_head(lines: int) -> bytes:
    item = next(s for s in snapshots() if s.format == "uk-csv")
    with lzma.open(item.path) as handle:
        return b"".join(handle.readline() for _ in range(lines))


def test_header_only_uk_file_is_refused_and_forced(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "ConList.csv"
    path.write_bytes(uk_head(2))
    before = counts(db)
    result = run_cli(db, "lists", "load", str(path))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "holds no records and would empty gb_hmt (2,106 records now)" in result.stderr
    assert "--force" in result.stderr and str(path) in result.stderr
    assert counts(db) == before
    forced = run_cli(db, "lists", "load", "--force", str(path))
    assert forced.returncode == 0, forced.stderr
    assert "gb_hmt" not in counts(db)


@pytest.mark.parametrize(
    ("name", "content", "format"),
    [
        ("consolidated.xml", UN_EMPTY.encode(), "un-xml"),
        ("sdn.csv", b"", "ofac-csv"),
        ("sdn.csv", b"\x1a", "ofac-csv"),
    ],
    ids=["un-empty-elements", "ofac-empty", "ofac-eof-mark"],
)
def test_empty_list_files_are_refused(
    db: Path, tmp_path: Path, name: str, content: bytes, format: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    before = counts(db)
    with Store(db) as store, pytest.raises(InputError, match="holds no records and would empty"):
        load_paths(store, [path], format)
    assert counts(db) == before


def test_a_list_that_shrinks_by_more_than_the_setting_is_refused(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small = tmp_path / "un.xml"
    small.write_text(UN_XML)  # 2 records where the bundled UN list has 1,003
    with Store(db) as store:
        with pytest.raises(InputError, match=r"shrink un_sc from 1,003 to 2 records.*MAX_SHRINK=0.5"):
            load_paths(store, [small])
        monkeypatch.setenv("SANCTIONWATCH_MAX_SHRINK", "0.99")
        with pytest.raises(InputError, match="MAX_SHRINK=0.99 "):
            load_paths(store, [small])
        monkeypatch.setenv("SANCTIONWATCH_MAX_SHRINK", "lots")
        with pytest.raises(ConfigError, match="SANCTIONWATCH_MAX_SHRINK"):
            load_paths(store, [small])
        monkeypatch.setenv("SANCTIONWATCH_MAX_SHRINK", "1")
        load_paths(store, [small])
    assert counts(db)["un_sc"] == 2


def test_bundled_hash_is_checked_before_anything_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = snapshots()
    damaged = [real[0].__class__(**{**real[0].__dict__, "sha256": "0" * 64}), *real[1:]]
    monkeypatch.setattr(bundled, "snapshots", lambda: damaged)
    with Store(tmp_path / "db.duckdb") as store:
        with pytest.raises(StoreError, match="is damaged"):
            load_bundled(store)
        assert store.loads() == [] and store.is_empty()


def test_repeated_bundled_load_skips_what_is_loaded(db: Path) -> None:
    before = counts(db), loads(db)
    result = run_cli(db, "lists", "load", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)["loads"]
    assert [load["status"] for load in report] == ["unchanged"] * 4
    assert {load["dataset"]: load["records"] for load in report} == before[0]
    assert (counts(db), loads(db)) == before
    text = run_cli(db, "lists", "load")
    assert "Already loaded from the same files, not read again" in text.stdout


def test_ftm_file_loads_into_its_own_dataset_once(db: Path, tmp_path: Path) -> None:
    naming_un = FTM_LINES.replace('"datasets": ["test_ds"]', '"datasets": ["un_sc"]')
    path = tmp_path / "extra.ftm.json"
    path.write_text(naming_un)
    with Store(db) as store:
        load_paths(store, [path])
        first = counts(store)
        load_paths(store, [path])
        assert counts(store) == first
        assert first["un_sc"] == 1003 and first["extra"] == 2
        assert {e.dataset for e in store.entities("id = 't-1'")} == {"extra"}
        named = tmp_path / "un_sc.json"
        named.write_text(naming_un)
        with pytest.raises(InputError, match="would replace un_sc, loaded from a un-xml file"):
            load_paths(store, [named])
        load_paths(store, [named], dataset="mine")
        assert store.count("mine") == 2 and store.count("un_sc") == 1003


def test_folder_with_unrecognised_files(tmp_path: Path) -> None:
    folder = tmp_path / "lists"
    folder.mkdir()
    (folder / "ConList-utf16.csv").write_bytes(UK_CSV.encode("utf-16"))
    (folder / "empty.csv").write_bytes(b"")
    write_ofac_set(folder / "ofac")
    with Store(tmp_path / "db.duckdb") as store:
        with pytest.raises(FormatError, match=r"empty\.csv: empty file.*--skip-unknown"):
            load_paths(store, [folder])
        assert store.is_empty()
        skipped: dict[Path, str] = {}
        records = load_paths(store, [folder], skip_unknown=True, skipped=skipped)
    assert {record.dataset: record.records for record in records} == {"gb_hmt": 2, "us_ofac_sdn": 3}
    assert skipped == {folder / "empty.csv": "empty file"}


def test_folder_report_in_the_command_line(tmp_path: Path) -> None:
    folder = tmp_path / "lists"
    folder.mkdir()
    (folder / "un.xml").write_text(UN_XML)
    (folder / "notes.txt").write_text("not a list")
    db = tmp_path / "db.duckdb"
    refused = run_cli(db, "lists", "load", str(folder))
    assert refused.returncode == 2 and "notes.txt: not a list format" in refused.stderr
    done = run_cli(db, "lists", "load", "--skip-unknown", "--json", str(folder))
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["skipped"] == [
        {"file": str(folder / "notes.txt"), "reason": report["skipped"][0]["reason"]}
    ]
    assert report["skipped"][0]["reason"].startswith("not a list format")


def test_duplicate_ofac_entry_numbers(tmp_path: Path) -> None:
    rows = OFAC_SDN.split("\r\n")
    conflicting = write_ofac_set(
        tmp_path / "a", "\r\n".join([*rows[:3], rows[0].replace("KIM", "LEE"), *rows[3:]])
    )
    with (
        Store(tmp_path / "a.duckdb") as store,
        pytest.raises(ParseError, match="line 4: entry number 101 is on"),
    ):
        load_paths(store, [conflicting])
    repeated = write_ofac_set(tmp_path / "b", "\r\n".join([*rows[:3], rows[0], *rows[3:]]))
    with Store(tmp_path / "b.duckdb") as store:
        [record] = load_paths(store, [repeated])
    assert record.records == 3
    assert record.set_aside["sdn.csv rows repeating an earlier row word for word (read once)"] == 1


def test_sdn_csv_without_its_alt_csv_is_refused_for_the_aliases_it_would_drop(
    db: Path, tmp_path: Path
) -> None:
    """OFAC's sdn.csv alone keeps every record and loses every alias: refused unless forced.
    The alias count is read here from alt.csv itself (one row per alias)."""
    ofac = bundled.DATA / "sanctions" / "ofac"
    alone = tmp_path / "sdnonly"
    alone.mkdir()
    (alone / "sdn.csv").write_bytes(lzma.decompress((ofac / "sdn.csv.xz").read_bytes()))
    aliases = len(lzma.decompress((ofac / "alt.csv.xz").read_bytes()).splitlines())
    assert aliases > 10_000
    with Store(db) as store:
        before = store.alias_count("us_ofac_sdn")
        assert before >= aliases - 1  # every alt.csv row is an alias (one header line at most)
        with pytest.raises(InputError, match="aliases"):
            load_paths(store, [alone / "sdn.csv"])
        assert store.alias_count("us_ofac_sdn") == before
        load_paths(store, [alone / "sdn.csv"], force=True)
        assert store.alias_count("us_ofac_sdn") < before // 2
