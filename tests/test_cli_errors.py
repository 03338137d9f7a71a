"""Every user-facing error, driven through the command line's entry point.

A user who gives a bad file, a bad value, a missing file or an unknown option value gets exit
status 2, no traceback, and one line saying what to fix (the file, line, field or option). Each
case names the ``raise`` it reaches in a comment; docs/testing.md counts them against all of them.

The entry point (``sanctionwatch.cli.main``) runs in this process, so an exception that escapes it
fails the test as it would reach the user, and coverage can tell which ``raise`` lines were hit."""

from __future__ import annotations

import gzip
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from sanctionwatch.cli import main
from tests.lists.fixtures import UN_XML


@dataclass(frozen=True)
class Case:
    """``args`` may hold ``{tmp}``; ``files`` are written under it first; ``expected`` are
    fragments of the error line, the first naming what to fix."""

    id: str
    args: tuple[str, ...]
    expected: tuple[str, ...]
    files: dict[str, str | bytes] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)
    lists: bool = False  # the command opens a store with the lists loaded: copy the bundled one


UN_ONE = UN_XML.split("<ENTITIES>")[0] + "</CONSOLIDATED_LIST>\n"
FTM = '{"id": "x1", "schema": "Person", "properties": {"name": ["A B"]}}\n'
MC_HEADER = '"MMSI","BaseDateTime","LAT","LON","SOG","COG","VesselName","IMO","CallSign","Flag"\n'

CASES = [
    # --- lists load: files
    Case("load-missing", ("lists", "load", "{tmp}/nope.xml"), ("nope.xml", "no such file")),
    Case(
        "load-empty-folder", ("lists", "load", "{tmp}/empty"), ("no list files found",), {"empty/.keep": ""}
    ),
    Case("load-unknown-format", ("lists", "load", "{tmp}/m.bin"), ("m.bin",), {"m.bin": b"\x00\x01\x02"}),
    Case(
        "load-format-value",
        ("lists", "load", "{tmp}/un.xml", "--format", "nope"),
        ("unknown list format 'nope'", "un-xml"),
        {"un.xml": UN_XML},
    ),
    Case(
        "un-broken-xml",
        ("lists", "load", "{tmp}/un.xml", "--format", "un-xml"),
        ("un.xml", "line", "broken XML"),
        {"un.xml": UN_XML[:400]},
    ),
    Case(
        "un-wrong-root",
        ("lists", "load", "{tmp}/un.xml", "--format", "un-xml"),
        ("un.xml", "root element", "CONSOLIDATED_LIST"),
        {"un.xml": "<?xml version='1.0'?><OTHER_LIST></OTHER_LIST>"},
    ),
    Case(
        "un-no-reference",
        ("lists", "load", "{tmp}/un.xml", "--format", "un-xml"),
        ("un.xml", "REFERENCE_NUMBER is missing"),
        {"un.xml": UN_ONE.replace("<REFERENCE_NUMBER>KPi.901 </REFERENCE_NUMBER>", "")},
    ),
    Case(
        "un-no-name",
        ("lists", "load", "{tmp}/un.xml", "--format", "un-xml"),
        ("un.xml", "KPi.901", "no name"),
        {
            "un.xml": UN_ONE.replace("<FIRST_NAME> RI</FIRST_NAME>", "")
            .replace("<SECOND_NAME>WON HO</SECOND_NAME>", "")
            .replace(
                "<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Jin Tiesan (金铁三)</ALIAS_NAME>"
                "</INDIVIDUAL_ALIAS>",
                "",
            )
            .replace(
                "<INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Ri Wo’n-ho</ALIAS_NAME>"
                "</INDIVIDUAL_ALIAS>",
                "",
            )
        },
    ),
    Case(
        "not-utf8",
        ("lists", "load", "{tmp}/un.xml", "--format", "un-xml"),
        ("un.xml",),
        {"un.xml": UN_ONE.encode("utf-8").replace(b"WON HO", b"WON \xff\xfe HO")},
    ),
    Case(
        "ftm-broken-json",
        ("lists", "load", "{tmp}/x.ftm.json", "--format", "ftm"),
        ("x.ftm.json", "line 2", "broken JSON"),
        {"x.ftm.json": FTM + "{not json\n"},
    ),
    Case(
        "ftm-not-object",
        ("lists", "load", "{tmp}/x.ftm.json", "--format", "ftm"),
        ("x.ftm.json", "line 1", "JSON object"),
        {"x.ftm.json": "[1, 2]\n"},
    ),
    Case(
        "ftm-no-id",
        ("lists", "load", "{tmp}/x.ftm.json", "--format", "ftm"),
        ("x.ftm.json", "line 1", "'id'"),
        {"x.ftm.json": '{"schema": "Person", "properties": {"name": ["A"]}}\n'},
    ),
    Case(
        "ftm-no-schema",
        ("lists", "load", "{tmp}/x.ftm.json", "--format", "ftm"),
        ("x.ftm.json", "'schema'"),
        {"x.ftm.json": '{"id": "x1", "properties": {"name": ["A"]}}\n'},
    ),
    Case(
        "ftm-unknown-schema",
        ("lists", "load", "{tmp}/x.ftm.json", "--format", "ftm"),
        ("x.ftm.json", "unknown FtM schema 'Dragon'"),
        {"x.ftm.json": '{"id": "x1", "schema": "Dragon", "properties": {"name": ["A"]}}\n'},
    ),
    Case(
        "ftm-unknown-property",
        ("lists", "load", "{tmp}/x.ftm.json", "--format", "ftm"),
        ("x.ftm.json", "unknown property Person:wings"),
        {"x.ftm.json": '{"id": "x1", "schema": "Person", "properties": {"name": ["A"], "wings": ["2"]}}\n'},
    ),
    Case(
        "ftm-properties-not-object",
        ("lists", "load", "{tmp}/x.ftm.json", "--format", "ftm"),
        ("x.ftm.json", "'properties' must be an object"),
        {"x.ftm.json": '{"id": "x1", "schema": "Person", "properties": ["A"]}\n'},
    ),
    Case(
        "ftm-property-not-list",
        ("lists", "load", "{tmp}/x.ftm.json", "--format", "ftm"),
        ("x.ftm.json", "property 'name' must be a list of strings"),
        {"x.ftm.json": '{"id": "x1", "schema": "Person", "properties": {"name": "A"}}\n'},
    ),
    Case(
        "max-shrink-setting",
        ("lists", "load", "{tmp}/un.xml"),
        ("SANCTIONWATCH_MAX_SHRINK='2'", "fraction from 0 to 1"),
        {"un.xml": UN_XML},
        {"SANCTIONWATCH_MAX_SHRINK": "2"},
    ),
    Case(
        "uk-csv-empty",
        ("lists", "load", "{tmp}/uk.csv", "--format", "uk-csv"),
        ("uk.csv", "line 1", "no header row"),
        {"uk.csv": ""},
    ),
    Case(
        "uk-csv-no-header",
        ("lists", "load", "{tmp}/uk.csv", "--format", "uk-csv"),
        ("uk.csv", "'Name 6,Name 1,...' header"),
        {"uk.csv": "a,b,c\n1,2,3\n"},
    ),
    Case(
        "list-without-records",
        ("lists", "load", "{tmp}/un.xml", "--format", "un-xml"),
        ("un.xml", "holds no records", "--force"),
        {"un.xml": "<?xml version='1.0'?><CONSOLIDATED_LIST><INDIVIDUALS/><ENTITIES/></CONSOLIDATED_LIST>"},
    ),
    Case(
        "ftm-nested-too-deeply",
        ("lists", "load", "{tmp}/x.ftm.json", "--format", "ftm"),
        ("x.ftm.json", "line 1", "maximum recursion depth"),
        {"x.ftm.json": "[" * 100_000 + "]" * 100_000 + "\n"},
    ),
    # --- settings read from the environment
    Case(
        "max-document-chars-setting",
        ("extract", "{tmp}/a.txt", "--no-link"),
        ("SANCTIONWATCH_MAX_DOCUMENT_CHARS='none'", "whole number"),
        {"a.txt": "North Korea sent shells to Russia."},
        {"SANCTIONWATCH_MAX_DOCUMENT_CHARS": "none"},
    ),
    Case(
        "stale-days-setting",
        ("lists", "status"),
        ("SANCTIONWATCH_STALE_DAYS='soon'",),
        env={"SANCTIONWATCH_STALE_DAYS": "soon"},
        lists=True,
    ),
    Case(
        "screen-file-is-a-folder", ("screen", "--file", "{tmp}/q"), ("q", "is a directory"), {"q/.keep": ""}
    ),
    # --- lists: other commands
    Case("show-unknown", ("lists", "show", "KPi.999"), ("'KPi.999'",), lists=True),
    Case("export-format-value", ("lists", "export", "--format", "xml"), ("'xml'", "ftm"), lists=True),
    Case("history-unknown", ("lists", "history", "KPi.999"), ("'KPi.999'",), lists=True),
    Case("update-unknown-list", ("lists", "update", "nolist"), ("unknown list 'nolist'",), lists=True),
    Case(
        "update-from-without-list",
        ("lists", "update", "--from", "{tmp}/un.xml"),
        ("--from", "name the list it is"),
        {"un.xml": UN_XML},
        lists=True,
    ),
    Case(
        "update-from-with-two-lists",
        ("lists", "update", "un", "uk", "--from", "{tmp}/un.xml"),
        ("--from", "name one list"),
        {"un.xml": UN_XML},
        lists=True,
    ),
    # --- outputs that cannot be written (cli/app.py::main, OSError with a file name)
    Case(
        "screen-out-no-folder",
        ("screen", "--file", "{tmp}/q.csv", "--out", "{tmp}/nope/r.csv"),
        ("nope/r.csv", "No such file or directory"),
        {"q.csv": "name\nKim Jong Un\n"},
        lists=True,
    ),
    Case(
        "screen-out-is-a-folder",
        ("screen", "--file", "{tmp}/q.csv", "--out", "{tmp}/d"),
        ("/d", "Is a directory"),
        {"q.csv": "name\nKim Jong Un\n", "d/.keep": ""},
        lists=True,
    ),
    Case(
        "ais-kml-no-folder",
        ("ais", "detect", "{tmp}/t.csv", "--kml", "{tmp}/nope/e.kml"),
        ("nope/e.kml", "No such file or directory"),
        {"t.csv": MC_HEADER + "273111111,2024-06-01T00:00:00,43.0,134.0,0.1,0,X,,,\n"},
    ),
    # --- screen: values
    Case("screen-empty", ("screen", ""), ("empty query", "--imo")),
    Case("screen-type-value", ("screen", "Kim", "--type", "ship"), ("unknown type 'ship'", "vessel")),
    Case("screen-imo-value", ("screen", "--imo", "12345"), ("IMO '12345'", "seven-digit")),
    Case("screen-imo-check-digit", ("screen", "--imo", "9179843"), ("IMO 9179843", "check digit")),
    Case("screen-dob-value", ("screen", "Kim", "--dob", "1990-13-45"), ("date of birth '1990-13-45'",)),
    Case("screen-country-value", ("screen", "Kim", "--country", "Atlantis"), ("'Atlantis'", "country")),
    # --- screen: batch files
    Case("batch-missing", ("screen", "--file", "{tmp}/q.csv"), ("q.csv", "no such file")),
    Case(
        "batch-empty", ("screen", "--file", "{tmp}/q.csv"), ("q.csv", "empty file", "'name'"), {"q.csv": ""}
    ),
    Case(
        "batch-no-name-column",
        ("screen", "--file", "{tmp}/q.csv"),
        ("q.csv", "line 1", "name"),
        {"q.csv": "who,dob\nKim,1960\n"},
    ),
    Case(
        "batch-header-only", ("screen", "--file", "{tmp}/q.csv"), ("q.csv", "no queries"), {"q.csv": "name\n"}
    ),
    Case(
        "batch-not-utf8",
        ("screen", "--file", "{tmp}/q.csv"),
        ("q.csv", "line 2", "UTF-8"),
        {"q.csv": b"name\nKim \xff\xfe\n"},
    ),
    Case(
        "batch-no-row-readable",
        ("screen", "--file", "{tmp}/q.csv"),
        ("q.csv", "line 2", "no row could be screened"),
        {"q.csv": "name,dob\nKim,1990-13-45\n"},
    ),
    # --- extract and eval-claims
    Case("extract-missing", ("extract", "{tmp}/a.txt", "--no-link"), ("a.txt", "no such file")),
    Case(
        "extract-empty", ("extract", "{tmp}/a.txt", "--no-link"), ("a.txt", "empty document"), {"a.txt": ""}
    ),
    Case(
        "extract-binary",
        ("extract", "{tmp}/a.txt", "--no-link"),
        ("a.txt", "binary data"),
        {"a.txt": b"\x00\x01\x02\x03" * 50},
    ),
    Case(
        "extract-not-utf8",
        ("extract", "{tmp}/a.txt", "--no-link"),
        ("a.txt", "line 2", "UTF-8"),
        {"a.txt": b"North Korea sent shells.\nRussia \xff\xfe paid.\n"},
    ),
    Case(
        "extract-html-no-text",
        ("extract", "{tmp}/a.html", "--no-link"),
        ("a.html", "no main text"),
        {"a.html": "<html><head></head><body><script>var x = 1;</script><img src=a.png></body></html>"},
    ),
    Case(
        "extract-broken-pdf",
        ("extract", "{tmp}/a.pdf", "--no-link"),
        ("a.pdf", "not a readable PDF"),
        {"a.pdf": b"%PDF-1.4\n%garbage that is no PDF\n"},
    ),
    Case(
        "extract-llm-unconfigured",
        ("extract", "{tmp}/a.txt", "--no-link", "--backend", "llm"),
        ("SANCTIONWATCH_LLM_URL",),
        {"a.txt": "North Korea sent shells to Russia."},
        {"SANCTIONWATCH_LLM_URL": ""},
    ),
    Case(
        "eval-claims-no-annotations",
        ("eval-claims", "{tmp}/corpus"),
        ("corpus", "no documents with annotations"),
        {"corpus/a.txt": "North Korea sent shells to Russia."},
    ),
    Case(
        "eval-claims-bad-annotation",
        ("eval-claims", "{tmp}/corpus"),
        ("a.json", "not an annotation file"),
        {"corpus/a.txt": "North Korea sent shells to Russia.", "corpus/a.json": "{not json"},
    ),
    # --- ais
    Case("ais-missing", ("ais", "detect", "{tmp}/t.csv"), ("t.csv", "no such file")),
    Case(
        "ais-engine-value",
        ("ais", "detect", "{tmp}/t.csv", "--engine", "nope"),
        ("unknown engine 'nope'", "duckdb"),
        {"t.csv": MC_HEADER + "273111111,2024-06-01T00:00:00,43.0,134.0,0.1,0,X,,,\n"},
    ),
    Case(
        "ais-not-before-value",
        ("ais", "detect", "{tmp}/t.csv", "--not-before", "yesterday"),
        ("--not-before 'yesterday'", "ISO date"),
        {"t.csv": MC_HEADER + "273111111,2024-06-01T00:00:00,43.0,134.0,0.1,0,X,,,\n"},
    ),
    Case(
        "ais-no-usable-positions",
        ("ais", "detect", "{tmp}/t.csv"),
        ("t.csv", "no usable AIS positions"),
        {"t.csv": MC_HEADER + "273111111,2024-06-01T00:00:00,143.0,434.0,0.1,0,X,,,\n"},
    ),
    Case(
        "ais-unknown-format",
        ("ais", "detect", "{tmp}/t.csv"),
        ("t.csv",),
        {"t.csv": "hello,world\n1,2\n"},
    ),
    Case(
        "ais-broken-parquet",
        ("ais", "detect", "{tmp}/t.parquet"),
        ("t.parquet", "not a readable Parquet file"),
        {"t.parquet": b"PAR1 this is no parquet PAR1"},
    ),
    Case(
        "ais-truncated-gzip",
        ("ais", "detect", "{tmp}/t.csv.gz"),
        ("t.csv.gz", "truncated"),
        {"t.csv.gz": gzip.compress((MC_HEADER * 200).encode())[:60]},
    ),
    Case(
        "simulate-start-value",
        ("ais", "simulate", "{tmp}/s.csv", "--seed", "1", "--start", "soon"),
        ("--start 'soon'", "YYYY-MM-DD"),
    ),
    # --- run and report
    Case(
        "run-not-a-folder",
        ("run", "{tmp}/a.txt", "--out", "{tmp}/r"),
        ("a.txt", "not a folder"),
        {"a.txt": "x"},
    ),
    Case(
        "run-damaged-file",
        ("run", "{tmp}/src", "--out", "{tmp}/r"),
        ("a.csv.gz", "truncated"),
        {"src/ais/a.csv.gz": gzip.compress((MC_HEADER * 200).encode())[:60]},
        lists=True,
    ),
    Case(
        "report-without-run", ("report", "--out", "{tmp}/r"), ("no monitoring run yet", "sanctionwatch run")
    ),
    # --- the store itself
    Case(
        "db-not-a-store",
        ("lists", "stats", "--db", "{tmp}/not.duckdb"),
        ("not.duckdb",),
        {"not.duckdb": b"this is not a DuckDB file" * 100},
    ),
]


def _write(root: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_user_error_exits_2_with_one_line(
    case: Case,
    tmp_path: Path,
    bundled_db: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _write(tmp_path, case.files)
    db = tmp_path / "db.duckdb"
    if case.lists:
        shutil.copy(bundled_db, db)
    monkeypatch.setenv("SANCTIONWATCH_DB", str(db))
    for name, value in case.env.items():
        monkeypatch.setenv(name, value)
    args = [arg.replace("{tmp}", str(tmp_path)) for arg in case.args]
    monkeypatch.setattr(sys, "argv", ["sanctionwatch", *args])
    with pytest.raises(SystemExit) as exited:
        main()
    captured = capsys.readouterr()
    assert exited.value.code == 2, captured
    lines = [line for line in captured.err.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("error: ")]
    assert len(errors) == 1, captured.err  # one line ...
    assert all(line.startswith(("error: ", "warning: ", "skipped: ")) for line in lines), captured.err
    assert "Traceback" not in captured.err + captured.out
    for fragment in case.expected:  # ... naming what to fix
        assert fragment in errors[0], errors[0]


def test_the_cases_have_unique_ids() -> None:
    assert len({case.id for case in CASES}) == len(CASES)


def test_a_failed_load_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The rule's other half: the command that fails leaves the store as it was."""
    good, bad = tmp_path / "un.xml", tmp_path / "bad.ftm.json"
    good.write_text(UN_XML)
    bad.write_text(FTM + "{not json\n")
    monkeypatch.setenv("SANCTIONWATCH_DB", str(tmp_path / "db.duckdb"))

    def cli(*args: str) -> int:
        monkeypatch.setattr(sys, "argv", ["sanctionwatch", *args])
        with pytest.raises(SystemExit) as exited:
            main()
        return int(exited.value.code or 0)

    assert cli("lists", "load", str(good)) == 0
    assert cli("lists", "load", str(bad), "--format", "ftm") == 2
    from sanctionwatch.lists.store import Store

    with Store(tmp_path / "db.duckdb", read_only=True) as store:
        assert {e.ref for e in store.entities()} == {"KPi.901", "KPe.901"}
        assert len(store.loads()) == 1
