"""The Australian DFAT Consolidated List workbook (one row per name, Excel serial dates)."""

from __future__ import annotations

import io
import re
import warnings
import zipfile
import zlib
from datetime import date, datetime
from pathlib import Path
from xml.etree import ElementTree

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
#: What openpyxl and the zip and XML layers under it raise on a damaged workbook (and
#: openpyxl's InvalidFileException, added when openpyxl is imported).
WORKBOOK_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zlib.error,
    ElementTree.ParseError,
    KeyError,
    OSError,
    EOFError,
    ValueError,
    TypeError,
    IndexError,
    AttributeError,
    OverflowError,
)
_REFERENCE = re.compile(r"^(\d+)([a-z][a-z0-9]*)?$", re.IGNORECASE)


class AuXlsxReader(ListReader):
    format = "au-xlsx"
    dataset = "au_dfat"
    title = "Australian DFAT Consolidated List"
    authority = "Australian Department of Foreign Affairs and Trade (DFAT)"
    source_url = "https://www.dfat.gov.au/international-relations/security/sanctions/consolidated-list"

    def detect(self, path: Path, head: bytes) -> bool:
        if not head.startswith(b"PK"):
            return False
        try:
            with zipfile.ZipFile(path) as archive:
                return "xl/workbook.xml" in archive.namelist()
        except zipfile.BadZipFile:
            return False

    def read(self, path: Path) -> ListFile:
        # openpyxl warns on stderr about what it repairs (a date serial past year 9999 becomes an
        # error value, a missing default style); the values it gives are checked here anyway
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
            return self._read(path)

    def _read(self, path: Path) -> ListFile:
        import openpyxl
        from openpyxl.utils.exceptions import InvalidFileException

        errors = (*WORKBOOK_ERRORS, InvalidFileException)
        try:
            with open_binary(path) as handle:
                content = io.BytesIO(handle.read())
            workbook = openpyxl.load_workbook(content, read_only=True, data_only=True)
        except errors as exc:
            raise ParseError(path, "workbook", f"not a readable xlsx workbook ({_short(exc)})") from exc
        groups: dict[str, ListEntity] = {}
        listing: dict[str, str] = {}
        list_date = ""
        number = 1
        try:
            if not workbook.worksheets:
                raise ParseError(path, "workbook", "the workbook has no sheet")
            rows = workbook.worksheets[0].iter_rows(values_only=True)
            header = [str(cell).strip() if cell is not None else "" for cell in next(rows, ())]
            if tuple(header[: len(COLUMNS)]) != COLUMNS:
                raise ParseError(path, "row 1", f"expected the DFAT columns {', '.join(COLUMNS[:4])}, ...")
            for number, row in enumerate(rows, start=2):
                cells = dict(zip(COLUMNS, row, strict=False))
                if all(value in (None, "") for value in cells.values()):
                    continue
                control = cells.get("Control Date")
                if isinstance(control, datetime | date):
                    list_date = max(list_date, control.isoformat()[:10])
                try:
                    entity = self._row(path, number, cells, groups)
                    info = " ".join(str(cells.get("Listing Information") or "").split())
                    if info and entity.id not in listing:
                        listing[entity.id] = info
                except (ValueError, TypeError, OverflowError) as exc:
                    raise ParseError(path, f"row {number}", f"cannot be read ({_short(exc)})") from exc
        except errors as exc:
            # read-only workbooks parse each sheet while it is read: a truncated or corrupt
            # sheet fails here, at the row after the last one read
            raise ParseError(path, f"row {number + 1}", f"the sheet cannot be read ({_short(exc)})") from exc
        finally:
            workbook.close()
        for entity in groups.values():
            # a group with no "Primary Name" row is named by its first row; the name is settled
            # only when every row is read, since a primary row may come after an "aka" row
            if not entity.name:
                entity.name = entity.aliases[0]
        entities = [entity.finish() for entity in groups.values()]
        result = ListFile(path, self.format, self.dataset, list_date, entities)
        result.related = [self.sanction(entity, summary=listing.get(entity.id)) for entity in entities]
        return result

    def _row(
        self, path: Path, number: int, cells: dict[str, object], groups: dict[str, ListEntity]
    ) -> ListEntity:
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
        return entity


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:160]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
