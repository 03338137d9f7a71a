"""The Australian DFAT Consolidated List workbook (one row per name, Excel serial dates)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from sanctionwatch.errors import ParseError
from sanctionwatch.files import open_binary
from sanctionwatch.lists.countries import country_codes
from sanctionwatch.lists.dates import parse_dates
from sanctionwatch.lists.identifiers import clean_imo
from sanctionwatch.lists.model import ListEntity
from sanctionwatch.lists.readers.base import ListFile, ListReader

COLUMNS = (
    "Reference",
    "Name of Individual or Entity",
    "Type",
    "Name Type",
    "Date of Birth",
    "Place of Birth",
    "Citizenship",
    "Address",
    "Additional Information",
    "Listing Information",
    "Committees",
    "Control Date",
)
_REFERENCE = re.compile(r"^(\d+)([a-z][a-z0-9]*)?$", re.IGNORECASE)


class AuXlsxReader(ListReader):
    format = "au-xlsx"
    dataset = "au_dfat"
    title = "Australian DFAT Consolidated List"

    def detect(self, path: Path, head: bytes) -> bool:
        if not head.startswith(b"PK"):
            return False
        try:
            with zipfile.ZipFile(path) as archive:
                return "xl/workbook.xml" in archive.namelist()
        except zipfile.BadZipFile:
            return False

    def read(self, path: Path) -> ListFile:
        import openpyxl

        try:
            with open_binary(path) as handle:
                content = io.BytesIO(handle.read())
            workbook = openpyxl.load_workbook(content, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
            raise ParseError(path, "workbook", f"not a readable xlsx workbook ({exc})") from exc
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = [str(cell).strip() if cell is not None else "" for cell in next(rows, ())]
        if tuple(header[: len(COLUMNS)]) != COLUMNS:
            raise ParseError(path, "row 1", f"expected the DFAT columns {', '.join(COLUMNS[:4])}, ...")
        groups: dict[str, ListEntity] = {}
        list_date = ""
        for number, row in enumerate(rows, start=2):
            cells = dict(zip(COLUMNS, row, strict=False))
            if all(value in (None, "") for value in cells.values()):
                continue
            control = cells["Control Date"]
            if control is not None and hasattr(control, "date"):
                list_date = max(list_date, control.date().isoformat())
            self._row(path, number, cells, groups)
        workbook.close()
        entities = [entity.finish() for entity in groups.values()]
        return ListFile(path, self.format, self.dataset, list_date, entities)

    def _row(self, path: Path, number: int, cells: dict[str, object], groups: dict[str, ListEntity]) -> None:
        reference = str(cells["Reference"] or "").strip()
        match = _REFERENCE.match(reference)
        if not match:
            raise ParseError(path, f"row {number}", f"Reference {reference!r} is not a DFAT reference")
        group = match[1]
        name = " ".join(str(cells["Name of Individual or Entity"] or "").split())
        if not name:
            raise ParseError(path, f"row {number}", "the name is empty")
        kind = str(cells["Type"] or "").strip().casefold()
        committees = " ".join(str(cells["Committees"] or "").split())
        info = str(cells["Additional Information"] or "")
        entity = groups.get(group)
        if entity is None:
            entity = groups[group] = ListEntity(
                id=self.entity_id(group),
                schema="Person" if kind == "individual" else "Organization",
                dataset=self.dataset,
                ref=f"AU-DFAT-{group}",
                name="",
                notes=info.strip(),
            )
        name_type = str(cells["Name Type"] or "").strip().casefold()
        if name_type.startswith("primary") and not entity.name:
            entity.name = name
        else:
            entity.add("aliases", name)
        entity.add("birth_dates", *parse_dates(cells["Date of Birth"]))
        entity.add("nationalities", *country_codes(str(cells["Citizenship"] or "")))
        if kind == "vessel" or (kind != "individual" and "IMO number" in info and "vessel" in kind):
            entity.schema = "Vessel"
            entity.add("imo", clean_imo(info))
        entity.add("programs", committees)
        entity.dprk = entity.dprk or "DPRK" in committees
        if not entity.name:
            entity.name = name
