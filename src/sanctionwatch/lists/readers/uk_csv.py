"""The UK HM Treasury / OFSI Consolidated List CSV (Windows-1252, one row per name)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from sanctionwatch.errors import ParseError
from sanctionwatch.files import text_stream
from sanctionwatch.lists.countries import country_code, country_codes
from sanctionwatch.lists.dates import parse_dates
from sanctionwatch.lists.identifiers import clean_imo
from sanctionwatch.lists.model import ListEntity
from sanctionwatch.lists.readers.base import ListFile, ListReader

HEADER_START = ["Name 6", "Name 1", "Name 2"]
_UN_REF = re.compile(r"UN\s*Ref\.?\s*([A-Z]{2})([IE])\.?(\d{3})", re.IGNORECASE)
_MMSI = re.compile(r"MMSI:?\s*(\d{9})")
_PASSPORT = re.compile(r"\b([A-Z]{0,2}\d{6,10})\b")
_DATE = re.compile(r"(\d{2})/(\d{2})/(\d{4})")


def un_reference(country: str, kind: str, number: str) -> str:
    """A UN reference number in the UN's own spelling: ``KPI.067`` -> ``KPi.067``."""
    return f"{country.upper()}{kind.lower()}.{number}"


class UkCsvReader(ListReader):
    format = "uk-csv"
    dataset = "gb_hmt"
    title = "UK HM Treasury OFSI Consolidated List"

    def detect(self, path: Path, head: bytes) -> bool:
        text = head.decode("cp1252", "replace")
        return text.startswith("Last Updated,") or text.startswith("Name 6,")

    def read(self, path: Path) -> ListFile:
        groups: dict[str, ListEntity] = {}
        list_date = ""
        with text_stream(path, "cp1252") as handle:
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
                    self._row(path, reader.line_num, dict(zip(header, row, strict=True)), groups)
            except csv.Error as exc:
                raise ParseError(path, f"line {reader.line_num}", f"broken CSV ({exc})") from exc
        if header is None:
            raise ParseError(path, "line 1", "empty file: no header row")
        entities = [entity.finish() for entity in groups.values()]
        return ListFile(path, self.format, self.dataset, list_date, entities)

    def _row(self, path: Path, line: int, row: dict[str, str], groups: dict[str, ListEntity]) -> None:
        group = row["Group ID"].strip()
        if not group:
            raise ParseError(path, f"line {line}", "Group ID is empty")
        given = [row[f"Name {i}"].strip() for i in range(1, 6)]
        name = " ".join(part for part in [*given, row["Name 6"].strip()] if part)
        info = row["Other Information"]
        kind = row["Group Type"].strip().casefold()
        imo = clean_imo(info) if "IMO" in info else None
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
