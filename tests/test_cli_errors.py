"""Every user-facing error, driven through the command line's entry point.

A user who gives a bad file, a bad value, a missing file or an unknown option value gets exit
status 2, no traceback, and one line saying what to fix (the file, line, field or option). Each
case asserts fragments of that line: what it names and what it says is wrong. Which ``raise``
each reaches is measured, not written down: ``tests/raise_sites.py`` reads a coverage run of this
file against every raise of a user-facing error (docs/testing.md).

The entry point (``sanctionwatch.cli.main``) runs in this process, so an exception that escapes it
fails the test as it would reach the user, and coverage can tell which ``raise`` lines were hit."""

from __future__ import annotations

import csv
import gzip
import hashlib
import importlib
import io
import json
import lzma
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import openpyxl
import pytest
from _pytest.capture import CaptureResult
from pypdf import PdfWriter
from safetensors.numpy import load_file, save_file

from sanctionwatch.claims import encoder, lexicon, scorer
from sanctionwatch.claims import head as claims_head
from sanctionwatch.cli import main
from sanctionwatch.lists import bundled
from sanctionwatch.lists.readers.au_xlsx import COLUMNS as AU_COLUMNS
from sanctionwatch.lists.store import Store
from sanctionwatch.lists.swap import update_lock
from tests.lists.fixtures import UN_XML
from tests.lists.publisher import Publisher


@dataclass(frozen=True)
class Case:
    """``args`` and ``env`` may hold ``{tmp}`` and ``{url}`` (the loopback publisher, which serves
    ``served``: path to body and route options); ``files`` are written under ``{tmp}`` first;
    ``expected`` are fragments of the error line, the first naming what to fix."""

    id: str
    args: tuple[str, ...]
    expected: tuple[str, ...]
    files: dict[str, str | bytes] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)
    lists: bool = False  # the command opens a store with the lists loaded: copy the bundled one
    before: tuple[str, ...] = ()  # a command that succeeds first (a load the failing one follows)
    stdin: bytes | None = None
    served: dict[str, tuple[bytes, dict[str, Any]]] = field(default_factory=dict)


CSV_FIELD_LIMIT = 131_072  # the csv module's default
UN_ONE = UN_XML.split("<ENTITIES>")[0] + "</CONSOLIDATED_LIST>\n"
UN_EMPTY = "<?xml version='1.0'?><CONSOLIDATED_LIST><INDIVIDUALS/><ENTITIES/></CONSOLIDATED_LIST>"
UN_NO_ALIASES = re.sub(r"<(INDIVIDUAL|ENTITY)_ALIAS>.*?</\1_ALIAS>", "", UN_XML)
FTM = '{"id": "x1", "schema": "Person", "properties": {"name": ["A B"]}}\n'
MC_HEADER = '"MMSI","BaseDateTime","LAT","LON","SOG","COG","VesselName","IMO","CallSign","Flag"\n'
MC_ROW = "273111111,2024-06-01T00:00:00,43.0,134.0,0.1,0,X,,,\n"
#: an OFAC sdn.csv row (12 fields, -0- for none)
SDN_ROW = (
    '9345,"KOREA MINING DEVELOPMENT TRADING CORPORATION",-0- ,"DPRK",' + "-0- ," * 7 + '"a.k.a. KOMID."\n'
)
UK_HEADER = (
    "Name 6,Name 1,Name 2,Name 3,Name 4,Name 5,DOB,Nationality,Passport Details,Country,"
    "Other Information,Group Type,Alias Type,Regime,Group ID\n"
)
UK_ROW = "RI,Won Ho,,,,,17/07/1964,North Korea,,,Test.,Individual,Primary name,DPRK,901\n"
OFAC_XML = (
    '<?xml version="1.0"?><sdnList><publshInformation><Publish_Date>07/07/2021</Publish_Date>'
    "</publshInformation>{}</sdnList>"
)
SDN_ENTRY = "<sdnEntry><uid>{}</uid><lastName>{}</lastName><sdnType>Entity</sdnType></sdnEntry>"
EU_XML = '<?xml version="1.0"?><export xmlns="http://eu.europa.ec/fpi/fsd/export">{}</export>'
EU_ENTITY = (
    '<sanctionEntity logicalId="{}" euReferenceNumber="{}"><subjectType code="enterprise"/>'
    '<nameAlias wholeName="{}" strong="true"/></sanctionEntity>'
)
UK_FCDO = '<?xml version="1.0"?><Designations><DateGenerated>02/03/2026</DateGenerated>{}</Designations>'
UK_DESIGNATION = (
    "<Designation><UniqueID>{}</UniqueID><Names><Name><Name6>{}</Name6><NameType>Primary Name</NameType>"
    "</Name></Names><IndividualEntityShip>Entity</IndividualEntityShip></Designation>"
)


def xlsx(*rows: tuple[object, ...], change: tuple[str, bytes, bytes] | None = None) -> bytes:
    """A workbook of ``rows``; ``change`` (member, old, new) edits one of its XML parts after."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    if change is None:
        return buffer.getvalue()
    member, old, new = change
    edited = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(edited, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, re.sub(old, new, data, flags=re.S) if item.filename == member else data)
    return edited.getvalue()


def zipped(**members: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def pdf(password: str = "") -> bytes:
    """A one-page PDF with no text on it, encrypted when ``password`` is given."""
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if password:
        writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def parquet(select: str) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.parquet"
        duckdb.execute(f"COPY ({select}) TO '{path}' (FORMAT parquet)")
        return path.read_bytes()


PARQUET_MC = parquet(
    "SELECT 273111111 AS MMSI, TIMESTAMP '2024-06-01 00:00:00' AS BaseDateTime, 43.0 AS LAT, 134.0 AS LON"
)

CASES = [
    # --- lists load: files
    Case("load-missing", ("lists", "load", "{tmp}/nope.xml"), ("nope.xml", "no such file")),
    Case(
        "load-empty-folder", ("lists", "load", "{tmp}/empty"), ("no list files found",), {"empty/.keep": ""}
    ),
    Case(
        "load-unknown-format",
        ("lists", "load", "{tmp}/m.bin"),
        ("m.bin", "not a sanctions list format", "--format"),
        {"m.bin": b"\x00\x01\x02"},
    ),
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
        ("un.xml, line 7", "invalid token", "not in the file's encoding"),
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
    Case(
        "load-dataset-for-non-ftm",
        ("lists", "load", "{tmp}/un.xml", "--dataset", "mine"),
        ("un.xml", "--dataset applies to FtM files only"),
        {"un.xml": UN_XML},
    ),
    Case(
        "load-folder-with-unknown-file",
        ("lists", "load", "{tmp}/lists"),
        ("notes.txt", "--skip-unknown"),
        {"lists/un.xml": UN_XML, "lists/notes.txt": "to do: load the lists\n"},
    ),
    Case(
        "load-two-files-one-dataset",
        ("lists", "load", "{tmp}/a.xml", "{tmp}/b.xml"),
        ("b.xml", "would load into un_sc"),
        {"a.xml": UN_XML, "b.xml": UN_XML},
    ),
    Case(
        "load-stdin-ftm-without-dataset",
        ("lists", "load", "-"),
        ("-: a FollowTheMoney file from standard input", "--dataset NAME"),
        stdin=FTM.encode(),
    ),
    Case(
        "load-zip-of-two-files",
        ("lists", "load", "{tmp}/un.zip"),
        ("un.zip", "exactly one data file", "holds 2"),
        {"un.zip": zipped(**{"un.xml": UN_XML, "readme.txt": "the UN list"})},
    ),
    Case(
        "load-zip-damaged-member",
        ("lists", "load", "{tmp}/un.zip"),
        ("un.zip", "cannot be opened"),
        {"un.zip": b"XX" + zipped(**{"un.xml": UN_XML})[2:]},  # the member's header, not the index
    ),
    # --- lists load: the guards that keep a list from being replaced by mistake
    Case(
        "load-replaces-another-format",
        ("lists", "load", "{tmp}/x.ftm.json", "--dataset", "un_sc"),
        ("x.ftm.json", "would replace un_sc", "--force"),
        {"x.ftm.json": FTM},
        lists=True,
    ),
    Case(
        "load-shrinks-a-list",
        ("lists", "load", "{tmp}/un.xml"),
        ("un.xml", "would shrink un_sc", "--force"),
        {"un.xml": UN_XML},
        lists=True,
    ),
    Case(
        "load-cuts-aliases",
        ("lists", "load", "{tmp}/later.xml"),
        ("later.xml", "would cut un_sc's aliases", "--force"),
        {"first.xml": UN_XML, "later.xml": UN_NO_ALIASES},
        before=("lists", "load", "{tmp}/first.xml"),
    ),
    # --- list readers: one broken record or structure each
    Case(
        "ftm-not-utf8",
        ("lists", "load", "{tmp}/x.ftm.json", "--format", "ftm"),
        ("x.ftm.json", "not UTF-8"),
        {"x.ftm.json": FTM.encode().replace(b"A B", b"A \xff B")},
    ),
    Case(
        "ftm-delta-bad-operation",
        ("lists", "load", "{tmp}/x.delta.ftm.json", "--format", "ftm"),
        ("x.delta.ftm.json", "line 1", "a delta line is"),
        {"x.delta.ftm.json": '{"op": "RENAME", "entity": {"id": "x1"}}\n'},
    ),
    Case(
        "ftm-datasets-not-list",
        ("lists", "load", "{tmp}/x.ftm.json", "--format", "ftm"),
        ("x.ftm.json", "'datasets' must be a list of strings"),
        {"x.ftm.json": FTM.replace('"properties"', '"datasets": "zala", "properties"')},
    ),
    Case(
        "ofac-csv-short-row",
        ("lists", "load", "{tmp}/sdn.csv", "--format", "ofac-csv"),
        ("sdn.csv", "line 2", "expected 12 fields, found 3"),
        {"sdn.csv": SDN_ROW + '12209,"OFFICE 39",-0-\n'},
    ),
    Case(
        "ofac-csv-field-over-limit",
        ("lists", "load", "{tmp}/sdn.csv", "--format", "ofac-csv"),
        ("sdn.csv", "line 2", "broken CSV", "field limit"),
        {"sdn.csv": SDN_ROW + SDN_ROW.replace("9345", "9346").replace("KOMID", "KOMID " * 30_000)},
    ),
    Case(
        "ofac-csv-not-utf8",
        ("lists", "load", "{tmp}/sdn.csv", "--format", "ofac-csv"),
        ("sdn.csv", "not UTF-8"),
        {"sdn.csv": SDN_ROW.encode().replace(b"MINING", b"MIN\xffING")},
    ),
    Case(
        "ofac-csv-companion-file",
        ("lists", "load", "{tmp}/alt.csv", "--format", "ofac-csv"),
        ("alt.csv", "load sdn.csv instead"),
        {"alt.csv": '9345,8816,"aka","NORTH KOREAN MINING",-0- \n'},
    ),
    Case(
        "ofac-csv-entry-not-number",
        ("lists", "load", "{tmp}/sdn.csv", "--format", "ofac-csv"),
        ("sdn.csv", "line 1", "entry number 'KP9345' is not a number"),
        {"sdn.csv": "KP" + SDN_ROW},
    ),
    Case(
        "ofac-csv-entry-twice",
        ("lists", "load", "{tmp}/sdn.csv", "--format", "ofac-csv"),
        ("sdn.csv", "line 2", "entry number 9345 is on line 1 too"),
        {"sdn.csv": SDN_ROW + SDN_ROW.replace("KOMID", "KMDTC")},
    ),
    Case(
        "ofac-xml-uid-not-number",
        ("lists", "load", "{tmp}/sdn.xml", "--format", "ofac-xml"),
        ("sdn.xml", "sdnEntry x1", "uid is not a number"),
        {"sdn.xml": OFAC_XML.format(SDN_ENTRY.format("x1", "OFFICE 39"))},
    ),
    Case(
        "ofac-xml-uid-twice",
        ("lists", "load", "{tmp}/sdn.xml", "--format", "ofac-xml"),
        ("sdn.xml", "sdnEntry 12209", "names two entries"),
        {"sdn.xml": OFAC_XML.format(SDN_ENTRY.format("12209", "OFFICE 39") * 2)},
    ),
    Case(
        "ofac-xml-no-name",
        ("lists", "load", "{tmp}/sdn.xml", "--format", "ofac-xml"),
        ("sdn.xml", "sdnEntry 12209", "no name"),
        {"sdn.xml": OFAC_XML.format(SDN_ENTRY.format("12209", ""))},
    ),
    Case(
        "ofac-xml-wrong-root",
        ("lists", "load", "{tmp}/sdn.xml", "--format", "ofac-xml"),
        ("sdn.xml", "root element", "expected sdnList, found Designations"),
        {"sdn.xml": UK_FCDO.format("")},
    ),
    Case(
        "eu-broken-xml",
        ("lists", "load", "{tmp}/eu.xml", "--format", "eu-xml"),
        ("eu.xml", "line 1", "broken XML"),
        {"eu.xml": EU_XML.format(EU_ENTITY.format("13265", "EU.3815.32", "Kim Chol"))[:150]},
    ),
    Case(
        "eu-logical-id-twice",
        ("lists", "load", "{tmp}/eu.xml", "--format", "eu-xml"),
        ("eu.xml", "sanctionEntity EU.3815.32", "the same logicalId"),
        {"eu.xml": EU_XML.format(EU_ENTITY.format("13265", "EU.3815.32", "Kim Chol") * 2)},
    ),
    Case(
        "eu-no-identifier",
        ("lists", "load", "{tmp}/eu.xml", "--format", "eu-xml"),
        ("eu.xml", "sanctionEntity 1", "neither logicalId nor euReferenceNumber"),
        {"eu.xml": EU_XML.format(EU_ENTITY.format("", "", "Kim Chol"))},
    ),
    Case(
        "eu-no-name",
        ("lists", "load", "{tmp}/eu.xml", "--format", "eu-xml"),
        ("eu.xml", "sanctionEntity EU.3815.32", "no name"),
        {"eu.xml": EU_XML.format(EU_ENTITY.format("13265", "EU.3815.32", ""))},
    ),
    Case(
        "uk-fcdo-id-twice",
        ("lists", "load", "{tmp}/uk.xml", "--format", "uk-fcdo-xml"),
        ("uk.xml", "Designation DPR0901", "names two designations"),
        {"uk.xml": UK_FCDO.format(UK_DESIGNATION.format("DPR0901", "KOMID") * 2)},
    ),
    Case(
        "uk-fcdo-no-id",
        ("lists", "load", "{tmp}/uk.xml", "--format", "uk-fcdo-xml"),
        ("uk.xml", "Designation 1", "UniqueID is missing"),
        {"uk.xml": UK_FCDO.format(UK_DESIGNATION.format("", "KOMID"))},
    ),
    Case(
        "uk-fcdo-no-name",
        ("lists", "load", "{tmp}/uk.xml", "--format", "uk-fcdo-xml"),
        ("uk.xml", "Designation DPR0901", "no name"),
        {"uk.xml": UK_FCDO.format(UK_DESIGNATION.format("DPR0901", ""))},
    ),
    Case(
        "uk-csv-header-lacks-column",
        ("lists", "load", "{tmp}/uk.csv", "--format", "uk-csv"),
        ("uk.csv", "line 1", "the header lacks Group ID"),
        {"uk.csv": UK_HEADER.replace(",Group ID", "")},
    ),
    Case(
        "uk-csv-short-row",
        ("lists", "load", "{tmp}/uk.csv", "--format", "uk-csv"),
        ("uk.csv", "line 2", "expected 15 fields, found 3"),
        {"uk.csv": UK_HEADER + "RI,Won Ho,\n"},
    ),
    Case(
        "uk-csv-field-over-limit",
        ("lists", "load", "{tmp}/uk.csv", "--format", "uk-csv"),
        ("uk.csv", "line 2", "broken CSV", "field limit"),
        {"uk.csv": UK_HEADER + UK_ROW.replace("Test.", '"' + "Test. " * 30_000 + '"')},
    ),
    Case(
        "uk-csv-no-group-id",
        ("lists", "load", "{tmp}/uk.csv", "--format", "uk-csv"),
        ("uk.csv", "line 2", "Group ID is empty"),
        {"uk.csv": UK_HEADER + UK_ROW.replace(",901\n", ",\n")},
    ),
    Case(
        "uk-csv-not-text",
        ("lists", "load", "{tmp}/uk.csv", "--format", "uk-csv"),
        ("uk.csv", "line 2", "not utf-8 or cp1252 text"),
        {"uk.csv": (UK_HEADER + UK_ROW).encode().replace(b"Won Ho", b"Won \x81 Ho")},
    ),
    Case(
        "au-not-a-workbook",
        ("lists", "load", "{tmp}/au.xlsx", "--format", "au-xlsx"),
        ("au.xlsx", "workbook", "not a readable xlsx workbook"),
        {"au.xlsx": b"PK\x03\x04 no workbook here"},
    ),
    Case(
        "au-no-sheet",
        ("lists", "load", "{tmp}/au.xlsx", "--format", "au-xlsx"),
        ("au.xlsx", "workbook", "no sheet"),
        {"au.xlsx": xlsx(AU_COLUMNS, change=("xl/workbook.xml", rb"<sheets>.*</sheets>", b"<sheets/>"))},
    ),
    Case(
        "au-other-columns",
        ("lists", "load", "{tmp}/au.xlsx", "--format", "au-xlsx"),
        ("au.xlsx", "row 1", "expected the DFAT columns"),
        {"au.xlsx": xlsx(("Name", "Reference"))},
    ),
    Case(
        "au-damaged-sheet",
        ("lists", "load", "{tmp}/au.xlsx", "--format", "au-xlsx"),
        ("au.xlsx", "row 3", "the sheet cannot be read"),  # the row after the last one read
        {
            "au.xlsx": xlsx(
                AU_COLUMNS,
                ("1", "KIM Chol", "Individual", "Primary Name"),
                change=("xl/worksheets/sheet1.xml", rb"</sheetData>.*", b""),
            )
        },
    ),
    Case(
        "au-bad-reference",
        ("lists", "load", "{tmp}/au.xlsx", "--format", "au-xlsx"),
        ("au.xlsx", "row 2", "Reference 'X-1' is not a DFAT reference"),
        {"au.xlsx": xlsx(AU_COLUMNS, ("X-1", "KIM Chol", "Individual", "Primary Name"))},
    ),
    Case(
        "au-no-name",
        ("lists", "load", "{tmp}/au.xlsx", "--format", "au-xlsx"),
        ("au.xlsx", "row 2", "the name is empty"),
        {"au.xlsx": xlsx(AU_COLUMNS, ("1", None, "Individual", "Primary Name"))},
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
    # --- lists update: --from a file (no network), then a publisher on the loopback interface
    Case(
        "update-from-missing-file",
        ("lists", "update", "un", "--from", "{tmp}/nope.xml"),
        ("un", "nope.xml", "no such file"),
    ),
    Case(
        "update-from-over-size-limit",
        ("lists", "update", "un", "--from", "{tmp}/un.xml"),
        ("un", "un.xml", "over the limit", "SANCTIONWATCH_MAX_DOWNLOAD_MB"),
        {"un.xml": UN_XML},
        {"SANCTIONWATCH_MAX_DOWNLOAD_MB": "0.001"},
    ),
    Case(
        "update-from-another-list",
        ("lists", "update", "un", "--from", "{tmp}/x.ftm.json"),
        ("un", "x.ftm.json", "expected the", "check the URL"),
        {"x.ftm.json": FTM},
    ),
    Case(
        "update-from-broken-file",
        ("lists", "update", "un", "--from", "{tmp}/un.xml"),
        ("un", "un.xml", "broken XML"),
        {"un.xml": UN_XML[:400]},
    ),
    Case(
        "update-refused-by-guard",
        ("lists", "update", "un", "--from", "{tmp}/un.xml"),
        ("un.xml", "holds no records", "--force"),
        {"un.xml": UN_EMPTY},
    ),
    Case(
        "update-keep-going-failure",
        ("lists", "update", "un", "--from", "{tmp}/nope.xml", "--keep-going"),
        ("1 of 1 lists not updated", "nope.xml", "no such file"),
    ),
    Case(
        "update-opensanctions-bad-name",
        ("lists", "update", "opensanctions_Bad-Name"),
        ("opensanctions:bad-name", "lower case letters, digits"),
    ),
    Case(
        "update-index-not-json",
        ("lists", "update", "opensanctions_zala", "--from", "{tmp}/index.json"),
        ("index.json", "not an OpenSanctions dataset index"),
        {"index.json": "{not json"},
    ),
    Case(
        "update-index-without-entities",
        ("lists", "update", "opensanctions_zala", "--from", "{tmp}/index.json"),
        ("index.json", "no entities.ftm.json"),
        {"index.json": '{"resources": [{"name": "targets.simple.csv", "url": "x"}]}'},
    ),
    Case(
        "update-not-found",
        ("lists", "update", "un", "--from", "{url}/un/nope.xml"),
        ("un", "/un/nope.xml", "HTTP 404"),
        served={"/un/consolidated.xml": (UN_XML.encode(), {})},
    ),
    Case(
        "update-server-failing",
        ("lists", "update", "un", "--from", "{url}/un/consolidated.xml"),
        ("un", "/un/consolidated.xml", "HTTP 503", "try again later"),
        env={"SANCTIONWATCH_HTTP_RETRIES": "1", "SANCTIONWATCH_HTTP_BACKOFF": "0"},
        served={"/un/consolidated.xml": (UN_XML.encode(), {"failures": [503, 503]})},
    ),
    Case(
        "update-web-page",
        ("lists", "update", "un", "--from", "{url}/un/consolidated.xml"),
        ("un", "/un/consolidated.xml", "web page"),
        served={"/un/consolidated.xml": (b"<html>Log in</html>", {"content_type": "text/html"})},
    ),
    Case(
        "update-declared-over-limit",
        ("lists", "update", "un", "--from", "{url}/un/consolidated.xml"),
        ("un", "/un/consolidated.xml", "over the limit", "SANCTIONWATCH_MAX_DOWNLOAD_MB"),
        env={"SANCTIONWATCH_MAX_DOWNLOAD_MB": "0.001"},
        served={"/un/consolidated.xml": (UN_XML.encode(), {})},
    ),
    Case(
        "update-compressed-over-limit",
        ("lists", "update", "un", "--from", "{url}/un/consolidated.xml"),
        ("un", "/un/consolidated.xml", "over 0.0 MB", "SANCTIONWATCH_MAX_DOWNLOAD_MB"),
        env={"SANCTIONWATCH_MAX_DOWNLOAD_MB": "0.01"},
        served={
            "/un/consolidated.xml": (
                gzip.compress(UN_XML.encode() * 20),
                {"headers": {"Content-Encoding": "gzip"}},
            )
        },
    ),
    Case(
        "update-unasked-304",
        ("lists", "update", "un", "--from", "{url}/un/consolidated.xml"),
        ("un", "/un/consolidated.xml", "HTTP 304"),
        served={"/un/consolidated.xml": (UN_XML.encode(), {"failures": [304]})},
    ),
    Case(
        "update-url-with-control-character",
        ("lists", "update", "un", "--from", "http://un\tlist/un.xml"),
        ("un", "not a URL this can fetch", "non-printable"),
    ),
    Case(  # a traceback (UnicodeError from the IDNA codec) before the fix
        "update-url-host-label-too-long",
        ("lists", "update", "un", "--from", "http://" + "un" * 40 + ".example/un.xml"),
        ("un", "not a URL this can fetch", "too long"),
    ),
    Case(  # a traceback (ValueError from urlsplit) before the fix
        "update-not-a-url",
        ("lists", "update", "un", "--from", "http://[::1/un.xml"),
        ("un", "http://[::1/un.xml", "not a URL"),
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
    Case("screen-name-too-long", ("screen", "Kim " * 300), ("name of 1,199 characters", "1,000")),
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
    Case(
        "batch-header-open-quote",
        ("screen", "--file", "{tmp}/q.csv"),
        ("q.csv", "line 1", "the header is not valid CSV"),
        {"q.csv": '"name\nKim Jong Un\n'},
    ),
    Case(
        "batch-row-open-quote",
        ("screen", "--file", "{tmp}/q.csv"),
        ("q.csv", "line 3", "never closed", "fix the quoting"),
        {"q.csv": 'name\nKim Jong Un\n"Ri Won Ho\nPak Pong Ju\n'},
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
    Case(
        "extract-over-character-limit",
        ("extract", "{tmp}/a.txt", "--no-link"),
        ("a.txt", "over the limit of 10", "SANCTIONWATCH_MAX_DOCUMENT_CHARS"),
        {"a.txt": "North Korea sent shells to Russia."},
        {"SANCTIONWATCH_MAX_DOCUMENT_CHARS": "10"},
    ),
    Case(
        "extract-over-size-limit",
        ("extract", "{tmp}/a.txt", "--no-link"),
        ("a.txt", "over the limit of 1,000,000 bytes", "SANCTIONWATCH_MAX_DOCUMENT_MB"),
        {"a.txt": "North Korea sent shells to Russia. " * 30_000},
        {"SANCTIONWATCH_MAX_DOCUMENT_MB": "1"},
    ),
    Case(
        "extract-encrypted-pdf",
        ("extract", "{tmp}/a.pdf", "--no-link"),
        ("a.pdf", "encrypted", "unencrypted copy"),
        {"a.pdf": pdf(password="secret")},
    ),
    Case(
        "extract-pdf-without-text",
        ("extract", "{tmp}/a.pdf", "--no-link"),
        ("a.pdf", "no text layer", "OCR"),
        {"a.pdf": pdf()},
    ),
    Case(
        "extract-llm-no-answer",
        ("extract", "{tmp}/a.txt", "--no-link", "--backend", "llm"),
        ("{url}", "did not answer", "SANCTIONWATCH_LLM_URL"),
        {"a.txt": "North Korea sent shells to Russia."},
        {"SANCTIONWATCH_LLM_URL": "{url}/nowhere"},
        served={"/v1/chat/completions": (b"{}", {"content_type": "application/json"})},
    ),
    Case(
        "extract-llm-not-json",
        ("extract", "{tmp}/a.txt", "--no-link", "--backend", "llm"),
        ("{url}", "did not return claims as JSON"),
        {"a.txt": "North Korea sent shells to Russia."},
        {"SANCTIONWATCH_LLM_URL": "{url}"},
        served={"/v1/chat/completions": (b"<html>busy</html>", {"content_type": "application/json"})},
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
        ("t.csv", "not an AIS format"),
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
    Case(
        "ais-csv-unreadable",
        ("ais", "detect", "{tmp}/t.csv"),
        ("t.csv", "not a readable CSV file"),
        {"t.csv": MC_HEADER + '273111111,"2024-06-01T00:00:00,43.0,134.0,0.1,0,X,,,\n'},
    ),
    Case(
        "ais-parquet-other-columns",
        ("ais", "detect", "{tmp}/t.parquet"),
        ("t.parquet", "without the MarineCadastre columns"),
        {"t.parquet": parquet("SELECT 273111111 AS vessel, 43.0 AS y")},
    ),
    Case(
        "ais-parquet-damaged-pages",
        ("ais", "detect", "{tmp}/t.parquet"),
        ("t.parquet", "cannot be read"),
        {"t.parquet": b"PAR1" + b"\xff" * 56 + PARQUET_MC[60:]},  # the footer is whole, the data not
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
    # --- serve: settings read before the port is opened
    Case(
        "serve-rate-limit-not-a-number",
        ("serve", "--port", "0"),
        ("SANCTIONWATCH_RATE_LIMIT='fast'", "not a number"),
        env={"SANCTIONWATCH_RATE_LIMIT": "fast"},
    ),
    Case(
        "serve-upload-limit-negative",
        ("serve", "--port", "0"),
        ("SANCTIONWATCH_MAX_UPLOAD_MB='-1'", "zero or more"),
        env={"SANCTIONWATCH_MAX_UPLOAD_MB": "-1"},
    ),
    # --- the store itself
    Case(
        "db-not-a-store",
        ("lists", "stats", "--db", "{tmp}/not.duckdb"),
        ("not.duckdb", "cannot open the store", "not a valid DuckDB database", "--db"),
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


@pytest.fixture(autouse=True)
def fresh_csv_limit() -> Iterator[None]:
    """The csv module's field limit as a command run in its own process finds it: importing
    ``followthemoney.statement`` (any FtM entity read before, in this process) raises the limit
    for every reader, and the cases must not depend on which ran first."""
    previous = csv.field_size_limit(CSV_FIELD_LIMIT)
    yield
    csv.field_size_limit(previous)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_user_error_exits_2_with_one_line(
    case: Case,
    tmp_path: Path,
    bundled_db: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    request: pytest.FixtureRequest,
) -> None:
    _write(tmp_path, case.files)
    db = tmp_path / "db.duckdb"
    if case.lists:
        shutil.copy(bundled_db, db)
    url = ""
    if case.served:
        publisher: Publisher = request.getfixturevalue("publisher")
        url = publisher.url("")
        for path, (body, options) in case.served.items():
            publisher.serve(path, body, **options)

    def fill(text: str) -> str:
        return text.replace("{tmp}", str(tmp_path)).replace("{url}", url)

    monkeypatch.setenv("SANCTIONWATCH_DB", str(db))
    for name, value in case.env.items():
        monkeypatch.setenv(name, fill(value))
    if case.before:
        assert _exit_status(monkeypatch, [fill(arg) for arg in case.before]) == 0, capsys.readouterr()
        capsys.readouterr()
    if case.stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(case.stdin)))
    store_before = _fingerprint(db)
    status = _exit_status(monkeypatch, [fill(arg) for arg in case.args])
    captured = capsys.readouterr()
    assert status == 2, captured
    if store_before is not None:  # (a store file the command created is not checked: see docs/testing.md)
        assert _fingerprint(db) == store_before, "the failed command changed the store"
    _assert_one_error_line(captured, [fill(fragment) for fragment in case.expected])


def _assert_one_error_line(captured: CaptureResult[str], fragments: list[str]) -> None:
    lines = [line for line in captured.err.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("error: ")]
    assert len(errors) == 1, captured.err  # one line ...
    assert all(line.startswith(("error: ", "warning: ", "skipped: ")) for line in lines), captured.err
    assert "Traceback" not in captured.err + captured.out
    for fragment in fragments:  # ... naming what to fix
        assert fragment in errors[0], errors[0]


def _fingerprint(db: Path) -> str | None:
    """The store's bytes (and its write-ahead log's), None when there is no store."""
    if not db.exists():
        return None
    wal = db.with_name(db.name + ".wal")
    return hashlib.sha256(db.read_bytes() + (wal.read_bytes() if wal.exists() else b"")).hexdigest()


def _exit_status(monkeypatch: pytest.MonkeyPatch, args: list[str]) -> int:
    monkeypatch.setattr(sys, "argv", ["sanctionwatch", *args])
    with pytest.raises(SystemExit) as exited:
        main()
    return int(exited.value.code or 0)


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

    with Store(tmp_path / "db.duckdb", read_only=True) as store:
        assert {e.ref for e in store.entities()} == {"KPi.901", "KPe.901"}
        assert len(store.loads()) == 1


# --- what no file or value the user gives can cause: the install, or another process


def test_a_damaged_bundled_list_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A store with no lists loads the bundled ones first (after checking each one's sha256); a
    damaged package is named, with what to do."""
    data = tmp_path / "data"
    shutil.copytree(bundled.DATA / "sanctions", data / "sanctions")
    damaged = next(item for item in bundled.snapshots() if item.format == "un-xml")
    (data / "sanctions" / damaged.path.relative_to(bundled.DATA / "sanctions")).write_bytes(
        lzma.compress(b"<CONSOLIDATED_LIST/>")  # whole, but not the file the manifest names
    )
    monkeypatch.setattr(bundled, "DATA", data)
    db = tmp_path / "db.duckdb"
    monkeypatch.setenv("SANCTIONWATCH_DB", str(db))
    assert _exit_status(monkeypatch, ["screen", "Kim Jong Un"]) == 2
    _assert_one_error_line(capsys.readouterr(), [damaged.path.name, "is damaged", "reinstall"])


def test_an_update_while_another_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "db.duckdb"
    (tmp_path / "un.xml").write_text(UN_XML)
    monkeypatch.setenv("SANCTIONWATCH_DB", str(db))
    with update_lock(db):  # as another 'lists update' holds it
        status = _exit_status(monkeypatch, ["lists", "update", "un", "--from", str(tmp_path / "un.xml")])
    assert status == 2
    _assert_one_error_line(capsys.readouterr(), [str(db), "another 'lists update'", "wait until it ends"])


def test_the_spark_engine_without_pyspark(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "t.csv").write_text(MC_HEADER + MC_ROW)
    monkeypatch.setenv("SANCTIONWATCH_DB", str(tmp_path / "db.duckdb"))
    monkeypatch.setitem(sys.modules, "pyspark", None)  # as in an install without the spark extra
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    assert _exit_status(monkeypatch, ["ais", "detect", str(tmp_path / "t.csv"), "--engine", "spark"]) == 2
    _assert_one_error_line(capsys.readouterr(), ["the Spark engine needs PySpark", "sanctionwatch[spark]"])


def _loaded_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store holding the UN fixture, made by the command a user runs; ``un2.xml`` beside it
    is a later version of the list (one designation more)."""
    db = tmp_path / "db.duckdb"
    (tmp_path / "un.xml").write_text(UN_XML)
    (tmp_path / "un2.xml").write_text(UN_XML.replace("</INDIVIDUALS>", UN_SECOND + "</INDIVIDUALS>"))
    monkeypatch.setenv("SANCTIONWATCH_DB", str(db))
    assert _exit_status(monkeypatch, ["lists", "load", str(tmp_path / "un.xml")]) == 0
    return db


#: A second designation for the UN fixture, so that a load of ``un2.xml`` has something to write.
UN_SECOND = (
    "<INDIVIDUAL><DATAID>902</DATAID><VERSIONNUM>1</VERSIONNUM><FIRST_NAME>PAK</FIRST_NAME>"
    "<SECOND_NAME>CHOL SU</SECOND_NAME><UN_LIST_TYPE>DPRK</UN_LIST_TYPE><REFERENCE_NUMBER>KPi.902"
    "</REFERENCE_NUMBER><LISTED_ON>2017-06-02</LISTED_ON></INDIVIDUAL>"
)

#: A second process holding the store open read-only, as ``serve`` does while it runs.
HOLDER = """
import sys
from sanctionwatch.lists.store import Store
store = Store(sys.argv[1], read_only=True)
print("open", flush=True)
sys.stdin.read()
"""


def test_a_load_while_another_process_reads_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """DuckDB lets no process write a file another holds open: the store is opened read-only,
    and the load is refused naming the other process (``Store.transaction``), not DuckDB's error."""
    db = _loaded_store(tmp_path, monkeypatch)
    capsys.readouterr()
    before = _fingerprint(db)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "open\n"
        status = _exit_status(monkeypatch, ["lists", "load", str(tmp_path / "un2.xml")])
    finally:
        holder.communicate(timeout=60)
    assert status == 2
    _assert_one_error_line(
        capsys.readouterr(), [str(db), f"in use by another sanctionwatch process (process {holder.pid}"]
    )
    assert _fingerprint(db) == before


def _exit_status_with_no_room(monkeypatch: pytest.MonkeyPatch, args: list[str], limit: int) -> int:
    """The command's exit status when no file may grow past ``limit`` bytes while it runs
    (RLIMIT_FSIZE: Python ignores SIGXFSZ, so such a write fails with EFBIG, as one fails with
    ENOSPC on a full disk)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    monkeypatch.setattr(sys, "argv", ["sanctionwatch", *args])
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        with pytest.raises(SystemExit) as exited:
            main()
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    return int(exited.value.code or 0)


def test_a_load_whose_commit_fails_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The disk fills up at COMMIT: no file may grow past 4 KB, and the load's write-ahead log is
    longer. The store is left as it was, and the one line says why."""
    db = _loaded_store(tmp_path, monkeypatch)
    capsys.readouterr()
    before = _fingerprint(db)
    assert _exit_status_with_no_room(monkeypatch, ["lists", "load", str(tmp_path / "un2.xml")], 4096) == 2
    _assert_one_error_line(
        capsys.readouterr(), [str(db), "the changes could not be saved", "nothing was changed"]
    )
    assert _fingerprint(db) == before
    with Store(db, read_only=True) as store:
        assert {e.ref for e in store.entities()} == {"KPi.901", "KPe.901"}


def test_an_update_after_another_process_wrote_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``lists update`` copies the store, then holds it so that no one writes it in place; a
    process that wrote it between the two (a real one, started right after the copy) stops the
    update, whose copy would otherwise replace that process's changes."""
    db = _loaded_store(tmp_path, monkeypatch)
    capsys.readouterr()
    copy = shutil.copyfile

    def copy_then_write(source: Any, target: Any, **options: Any) -> Any:
        copied = copy(source, target, **options)
        if Path(source) == db:
            writer = "import duckdb, sys; duckdb.connect(sys.argv[1]).execute('CREATE TABLE notes (x INT)')"
            subprocess.run([sys.executable, "-c", writer, str(db)], check=True, timeout=60)
        return copied

    monkeypatch.setattr(shutil, "copyfile", copy_then_write)
    status = _exit_status(monkeypatch, ["lists", "update", "un", "--from", str(tmp_path / "un2.xml")])
    assert status == 2
    _assert_one_error_line(
        capsys.readouterr(), [str(db), "another process wrote the store while this update copied it"]
    )
    with Store(db, read_only=True) as store:  # the other process's change is kept, the update is not
        assert store.con.execute("SELECT count(*) FROM notes").fetchone() == (0,)
        assert "KPi.902" not in {e.ref for e in store.entities()}
    assert not list(tmp_path.glob("db.duckdb.next-*"))


def test_a_store_whose_run_was_emptied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A --db file whose ``run_results`` table is there but empty (emptied by hand, or another
    tool's file): the report says there is no run to show, and how to make one."""
    db = _loaded_store(tmp_path, monkeypatch)
    capsys.readouterr()
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE TABLE run_results (kind VARCHAR PRIMARY KEY, data VARCHAR)")
    status = _exit_status(monkeypatch, ["report", "--out", str(tmp_path / "report")])
    assert status == 2
    _assert_one_error_line(capsys.readouterr(), [str(db), "no monitoring run yet", "sanctionwatch run"])
    assert not (tmp_path / "report").exists()


# --- the claims model as installed: its packages missing or at another version, or the fitted
# encoder not the one for this model. Each is read once per process (``functools.cache``): the
# caches are emptied around each case, so that it reads what it installs and leaves nothing behind.

CLAIM = "North Korea exported 5,000 tonnes of coal to China in March 2019, the Panel of Experts said.\n"


@pytest.fixture()
def claims_model() -> Iterator[None]:
    cached = (encoder.tokenizer, claims_head.head, claims_head.meta, lexicon.lexicons, scorer.scorer)
    for function in cached:
        function.cache_clear()
    yield
    for function in cached:
        function.cache_clear()


def _extract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    (tmp_path / "a.txt").write_text(CLAIM)
    monkeypatch.setenv("SANCTIONWATCH_DB", str(tmp_path / "db.duckdb"))
    return _exit_status(monkeypatch, ["extract", str(tmp_path / "a.txt"), "--no-link"])


@pytest.mark.usefixtures("claims_model")
def test_the_sentence_encoder_not_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, encoder.MODEL_PACKAGE, None)  # as if never installed
    assert _extract(tmp_path, monkeypatch) == 2
    _assert_one_error_line(
        capsys.readouterr(), [f"the sentence encoder {encoder.MODEL_PACKAGE} is not installed", "models.txt"]
    )


@pytest.mark.usefixtures("claims_model")
def test_the_sentence_encoder_at_another_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    package = importlib.import_module(encoder.MODEL_PACKAGE)
    monkeypatch.setattr(package, "__version__", "0.2.0")
    assert _extract(tmp_path, monkeypatch) == 2
    _assert_one_error_line(
        capsys.readouterr(),
        [f"{encoder.MODEL_PACKAGE} 0.2.0 is installed", f"fitted on {encoder.MODEL_VERSION}", "models.txt"],
    )


@pytest.mark.usefixtures("claims_model")
def test_the_english_pipeline_not_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import spacy.util

    monkeypatch.setattr(spacy.util, "is_package", lambda name: False)  # as if never installed
    assert _extract(tmp_path, monkeypatch) == 2
    _assert_one_error_line(
        capsys.readouterr(), [f"the English pipeline {lexicon.PIPELINE} is not installed", "models.txt"]
    )


def _refitted(tmp_path: Path, change: Callable[[dict[str, np.ndarray]], None]) -> Path:
    """A copy of the bundled adapters and head, changed as one fitted on another model would be."""
    tensors = load_file(str(claims_head.TENSORS))
    change(tensors)
    path = tmp_path / "encoder.safetensors"
    save_file(tensors, str(path))
    return path


def _widen(tensors: dict[str, np.ndarray], name: str) -> None:
    tensors[name] = np.concatenate([tensors[name], tensors[name]], axis=-1)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda t: _widen(t, "replace.encoder.layer.0.output.LayerNorm.weight"),
            "adapters replace encoder.layer.0.output.LayerNorm.weight, which the model lacks",
        ),
        (
            lambda t: _widen(t, "encoder.layer.0.attention.self.query.lora_A"),
            "adapters change encoder.layer.0.attention.self.query.weight, which the model lacks",
        ),
    ],
    ids=["layer-norm", "adapter"],
)
@pytest.mark.usefixtures("claims_model")
def test_the_encoder_fitted_on_another_model(
    change: Callable[[dict[str, np.ndarray]], None],
    expected: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Adapters fitted on a wider model than the one installed (tensors of another shape)."""
    monkeypatch.setattr(claims_head, "TENSORS", _refitted(tmp_path, change))
    assert _extract(tmp_path, monkeypatch) == 2
    _assert_one_error_line(capsys.readouterr(), ["the claims encoder's " + expected])


@pytest.mark.usefixtures("claims_model")
def test_the_head_fitted_without_a_category(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A head fitted before the category ``coal`` had its name (the same number of categories)."""
    meta = json.loads(claims_head.META.read_text(encoding="utf-8"))
    meta["categories"] = [name if name != "coal" else "coal_and_coke" for name in meta["categories"]]
    (tmp_path / "encoder.json").write_text(json.dumps(meta), encoding="utf-8")
    monkeypatch.setattr(claims_head, "META", tmp_path / "encoder.json")
    assert _extract(tmp_path, monkeypatch) == 2
    _assert_one_error_line(
        capsys.readouterr(), ["the claims encoder was fitted without the category coal", "refit it"]
    )


# --- the temporary folder


def test_no_room_to_decompress_an_ais_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An .xz file is decompressed into the temporary folder for DuckDB to read; when that folder
    has no room (no file may grow past 16 KB here), the line names
    the folder and what to do, and does not call the file damaged: it is whole."""
    rows = "".join(f"2731{n:05d},2024-06-01T00:00:00,43.0,134.0,0.1,0,X,,,\n" for n in range(2000))
    (tmp_path / "t.csv.xz").write_bytes(lzma.compress((MC_HEADER + rows).encode()))
    _loaded_store(tmp_path, monkeypatch)  # made before: the store itself is not what fills up here
    capsys.readouterr()
    assert _exit_status_with_no_room(monkeypatch, ["ais", "detect", str(tmp_path / "t.csv.xz")], 16_384) == 2
    captured = capsys.readouterr()
    _assert_one_error_line(
        captured, ["t.csv.xz: cannot be decompressed into the temporary folder", "File too large", "TMPDIR"]
    )
    assert "corrupt" not in captured.err


def test_a_run_with_no_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """AIS files are read through a temporary folder; when it is gone (TMPDIR names a folder
    removed since, read once per process), the line names the folder and the setting, and does
    not call the AIS file damaged: it is whole."""
    _loaded_store(tmp_path, monkeypatch)
    capsys.readouterr()
    (tmp_path / "src" / "ais").mkdir(parents=True)
    (tmp_path / "src" / "ais" / "t.csv").write_text(MC_HEADER + MC_ROW)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "gone"))
    assert _exit_status(monkeypatch, ["run", str(tmp_path / "src"), "--out", str(tmp_path / "r")]) == 2
    captured = capsys.readouterr()
    _assert_one_error_line(captured, [f"the temporary folder {tmp_path / 'gone'} cannot be used", "TMPDIR"])
    assert "damaged" not in captured.err


# --- guards behind the readers: a reader that lets one of these escape still gives one line


def _load_failing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException) -> int:
    """``lists load`` of a UN file whose reader raises ``failure`` (each reader catches its own;
    ``read_list`` is the net under a reader that does not)."""
    from sanctionwatch.lists.readers.un_xml import UnXmlReader

    def fail(self: object, path: Path) -> None:
        raise failure

    (tmp_path / "un.xml").write_text(UN_XML)
    monkeypatch.setenv("SANCTIONWATCH_DB", str(tmp_path / "db.duckdb"))
    monkeypatch.setattr(UnXmlReader, "read", fail)
    return _exit_status(monkeypatch, ["lists", "load", str(tmp_path / "un.xml")])


def test_a_reader_that_lets_a_decoding_error_escape(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    failure = UnicodeDecodeError("utf-8", b"ab\xff", 2, 3, "invalid start byte")
    assert _load_failing(tmp_path, monkeypatch, failure) == 2
    _assert_one_error_line(capsys.readouterr(), ["un.xml", "byte 2", "not utf-8 text"])
    assert not (tmp_path / "db.duckdb").exists()


def test_a_reader_that_lets_a_recursion_error_escape(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _load_failing(tmp_path, monkeypatch, RecursionError("maximum recursion depth")) == 2
    _assert_one_error_line(capsys.readouterr(), ["un.xml", "structure", "nested too deeply"])


def test_an_australian_row_whose_cell_cannot_be_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """No cell value found makes ``_row`` raise (numbers, NaN, 1e300, impossible dates all read);
    one that did would be named by its row."""
    from sanctionwatch.lists.readers.au_xlsx import AuXlsxReader

    def fail(self: object, *args: object) -> None:
        raise OverflowError("date value out of range")

    (tmp_path / "au.xlsx").write_bytes(xlsx(AU_COLUMNS, ("1", "KIM Chol", "Individual", "Primary Name")))
    monkeypatch.setenv("SANCTIONWATCH_DB", str(tmp_path / "db.duckdb"))
    monkeypatch.setattr(AuXlsxReader, "_row", fail)
    assert _exit_status(monkeypatch, ["lists", "load", str(tmp_path / "au.xlsx"), "--format", "au-xlsx"]) == 2
    _assert_one_error_line(
        capsys.readouterr(), ["au.xlsx", "row 2", "cannot be read", "date value out of range"]
    )


def test_a_refit_whose_stored_reading_names_a_missing_article(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``python -m sanctionwatch.claims.training``, the developer's refit: a stored rules' reading
    that names an article not in the folder is one line, status 2, and no weights written."""
    from sanctionwatch.claims import training
    from sanctionwatch.claims.scorer import SCORER

    before = tmp_path / "before.jsonl"
    before.write_text(json.dumps({"document": "gone-001.txt", "claims": []}) + "\n", encoding="utf-8")
    weights = SCORER.read_bytes()
    assert training.main([str(tmp_path), str(before)]) == 2
    _assert_one_error_line(capsys.readouterr(), ["before.jsonl", "gone-001.txt is not in"])
    assert SCORER.read_bytes() == weights
