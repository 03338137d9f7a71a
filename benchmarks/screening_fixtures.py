"""OpenSanctions' screening fixtures (../shared/data/screening-benchmark, SOURCES.md there), read
and mapped to UN references independently of sanctionwatch.

The fixtures carry no UN reference, so each person listed "as published" is mapped here with a
few lines of ElementTree over the UN XML: a UN individual whose name parts, joined in order (or an
alias), are the fixture's name letter for letter after upper-casing and collapsing spaces, its
birth date or year agreeing when several do. The altered file has the same people in the same
row order. Rows that map to no UN record or to several are left out and counted.
"""

from __future__ import annotations

import csv
import lzma
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT.parent.parent / "shared" / "data" / "screening-benchmark"
if not FIXTURES.exists():
    FIXTURES = Path("/work/shared/data/screening-benchmark")
UN_XML = ROOT / "src" / "sanctionwatch" / "data" / "sanctions" / "un_consolidated_2026-02-27.xml.xz"


@dataclass(frozen=True)
class FixtureQuery:
    name: str
    dob: str
    nationality: str
    expected: str  # a UN reference, or "" for a person on no list
    set: str


def _clean(text: str | None) -> str:
    return " ".join((text or "").upper().split())


def un_people() -> list[tuple[str, set[str], set[str]]]:
    """(reference, names, birth dates and years) of every UN individual."""
    with lzma.open(UN_XML) as handle:
        root = ET.parse(handle).getroot()
    people = []
    for person in root.iter("INDIVIDUAL"):
        parts = [
            _clean(person.findtext(tag)) for tag in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
        ]
        names = {" ".join(p for p in parts if p)}
        names |= {_clean(a.findtext("ALIAS_NAME")) for a in person.iter("INDIVIDUAL_ALIAS")} - {""}
        dates = set()
        for birth in person.iter("INDIVIDUAL_DATE_OF_BIRTH"):
            for tag in ("DATE", "YEAR", "FROM_YEAR", "TO_YEAR"):
                if birth.findtext(tag):
                    dates.add(birth.findtext(tag, "").strip())
        people.append(((person.findtext("REFERENCE_NUMBER") or "").strip(), names, dates))
    return people


def _year(value: str) -> str:
    match = re.match(r"\d{4}", value)
    return match.group(0) if match else ""


def map_positives() -> tuple[list[str], int]:
    """The UN reference of each row of positives_un_untreated.csv ("" when unmapped), and how many
    rows could not be mapped."""
    by_name: dict[str, list[tuple[str, set[str]]]] = {}
    for ref, names, dates in un_people():
        for name in names:
            by_name.setdefault(name, []).append((ref, dates))
    refs = []
    with (FIXTURES / "positives_un_untreated.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            found = {ref for ref, _ in by_name.get(_clean(row["full_name"]), [])}
            if len(found) > 1:
                dob = row["date_of_birth"]
                found = {
                    ref
                    for ref, dates in by_name[_clean(row["full_name"])]
                    if dob in dates or _year(dob) in {_year(d) for d in dates}
                }
            refs.append(found.pop() if len(found) == 1 else "")
    return refs, sum(1 for ref in refs if not ref)


def read_set(file: str, expected: list[str] | None = None) -> list[FixtureQuery]:
    """One fixture file as queries; positives keep only the rows mapped to a UN reference."""
    queries = []
    with (FIXTURES / file).open(encoding="utf-8") as handle:
        for number, row in enumerate(csv.DictReader(handle)):
            ref = expected[number] if expected is not None else ""
            if expected is not None and not ref:
                continue
            queries.append(
                FixtureQuery(row["full_name"], row["date_of_birth"], row["nationality"], ref, file)
            )
    return queries
