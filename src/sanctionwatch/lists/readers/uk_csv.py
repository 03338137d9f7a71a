"""The UK HM Treasury / OFSI Consolidated List CSV (Windows-1252, one row per name).

OFSI publishes Windows-1252; a copy re-saved as UTF-8 (with or without a byte-order mark) or
UTF-16 reads the same (``files.decode_text``).
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

from sanctionwatch.errors import ParseError
from sanctionwatch.files import bom_encoding, decode_text, read_bytes
from sanctionwatch.lists.countries import country_code, country_codes
from sanctionwatch.lists.dates import parse_dates
from sanctionwatch.lists.identifiers import clean_imo
from sanctionwatch.lists.model import ListEntity
from sanctionwatch.lists.readers.base import ListFile, ListReader

HEADER_START = ["Name 6", "Name 1", "Name 2"]
#: The columns the reader uses; a header without one of them is not the consolidated list.
REQUIRED = (
    *(f"Name {i}" for i in range(1, 7)),
    "DOB",
    "Nationality",
    "Passport Details",
    "Country",
    "Other Information",
    "Group Type",
    "Alias Type",
    "Regime",
    "Group ID",
)
_UN_REF = re.compile(r"UN\s*Ref\.?\s*([A-Z]{2})([IE])\.?(\d{3})", re.IGNORECASE)
_MMSI = re.compile(r"MMSI:?\s*(\d{9})")
#: The record's own IMO number, as the file writes a ship's: "IMO: 8937675", "(IMO number:
#: 8712362)". Not any seven digits after "IMO": the 2018 file types its ships "Entity" like its
#: companies, and a shipping company's note names the ships it manages ("operator/manager of the
#: following vessels with IMO Number: ((a) Chol Ryong (Ryong Gun Bong) 8606173"), which made
#: Ocean Maritime Management (KPe.020) the vessel RYONG GUN BONG.
_OWN_IMO = re.compile(r"\bIMO(?:\s*(?:number|no\.?))?\s*:?\s*(\d{7})\b", re.IGNORECASE)
_PASSPORT = re.compile(r"\b([A-Z]{0,2}\d{6,10})\b")
_DATE = re.compile(r"(\d{2})/(\d{2})/(\d{4})")


def un_reference(country: str, kind: str, number: str) -> str:
    """A UN reference number in the UN's own spelling: ``KPI.067`` -> ``KPi.067``."""
    return f"{country.upper()}{kind.lower()}.{number}"


class UkCsvReader(ListReader):
    format = "uk-csv"
    dataset = "gb_hmt"
    title = "UK HM Treasury OFSI Consolidated List"
    authority = "HM Treasury Office of Financial Sanctions Implementation (OFSI)"
    source_url = "https://www.gov.uk/government/publications/financial-sanctions-consolidated-list-of-targets"

    def detect(self, path: Path, head: bytes) -> bool:
        text = head.decode(bom_encoding(head) or "cp1252", "replace").lstrip("\ufeff")
        return text.startswith("Last Updated,") or text.startswith("Name 6,")

    def read(self, path: Path) -> ListFile:
        groups: dict[str, ListEntity] = {}
        listed: dict[str, list[str]] = {}
        list_date = ""
        text = decode_text(path, read_bytes(path), "cp1252")
        with io.StringIO(text, newline="") as handle:
            reader = csv.reader(handle)
            header: list[str] | None = None
            try:
                for row in reader:
                    if header is None:
                        if row and row[0] == "Last Updated":
                            match = _DATE.search(",".join(row))
                            list_date = f"{match[3]}-{match[2]}-{match[1]}" if match else ""
                            continue
                        if row[:3] != HEADER_START:
                            raise ParseError(path, f"line {reader.line_num}", "no 'Name 6,Name 1,...' header")
                        missing = [column for column in REQUIRED if column not in row]
                        if missing:
                            raise ParseError(
                                path, f"line {reader.line_num}", f"the header lacks {', '.join(missing)}"
                            )
                        header = row
                        continue
                    if not any(cell.strip() for cell in row):
                        continue
                    if len(row) != len(header):
                        raise ParseError(
                            path,
                            f"line {reader.line_num}",
                            f"expected {len(header)} fields, found {len(row)}",
                        )
                    cells = dict(zip(header, row, strict=True))
                    entity = self._row(path, reader.line_num, cells, groups)
                    day = _DATE.search(cells.get("Listed On", ""))
                    if day and _iso_day(day):
                        listed.setdefault(entity.id, []).append(_iso_day(day))
            except csv.Error as exc:
                raise ParseError(path, f"line {reader.line_num}", f"broken CSV ({exc})") from exc
        if header is None:
            raise ParseError(path, "line 1", "empty file: no header row")
        entities = [entity.finish() for entity in groups.values()]
        result = ListFile(path, self.format, self.dataset, list_date, entities)
        result.related = [
            self.sanction(entity, unscId=entity.xrefs, listingDate=sorted(listed.get(entity.id, []))[:1])
            for entity in entities
        ]
        return result

    def _row(self, path: Path, line: int, row: dict[str, str], groups: dict[str, ListEntity]) -> ListEntity:
        group = row["Group ID"].strip()
        if not group:
            raise ParseError(path, f"line {line}", "Group ID is empty")
        given = [row[f"Name {i}"].strip() for i in range(1, 6)]
        name = " ".join(part for part in [*given, row["Name 6"].strip()] if part)
        info = row["Other Information"]
        kind = row["Group Type"].strip().casefold()
        imo = next((clean_imo(number) for number in _OWN_IMO.findall(info)), None)
        schema = "Person" if kind == "individual" else "Vessel" if (imo or kind == "ship") else "Organization"
        entity = groups.get(group)
        if entity is None:
            entity = groups[group] = ListEntity(
                id=self.entity_id(group),
                schema=schema,
                dataset=self.dataset,
                ref=f"GB-HMT-{group}",
                name="",
                notes=info.strip(),
            )
        alias_type = row["Alias Type"].strip().casefold()
        if alias_type.startswith("prime") and not entity.name:
            entity.name = name
        else:
            entity.add("aliases", name)
        entity.add("birth_dates", *parse_dates(row["DOB"]))
        entity.add("nationalities", *country_codes(row["Nationality"]))
        entity.add("countries", country_code(row["Country"]))
        entity.add("passports", *_PASSPORT.findall(row["Passport Details"]))
        entity.add("imo", imo)
        entity.add("mmsi", *_MMSI.findall(info))
        entity.add("xrefs", *(un_reference(*m) for m in _UN_REF.findall(info)))
        regime = row["Regime"].strip()
        entity.add("programs", regime)
        entity.dprk = entity.dprk or regime.startswith("North Korea")
        if not entity.name:
            entity.name = name
        return entity


def _iso_day(match: re.Match[str]) -> str:
    """A dd/mm/yyyy match as an ISO date, or "" when it is no real day."""
    day, month, year = int(match[1]), int(match[2]), int(match[3])
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return ""
