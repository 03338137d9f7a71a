"""The UN Security Council Consolidated List XML (plain and 'legacy by PRN' variants)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from sanctionwatch.errors import ParseError
from sanctionwatch.files import open_binary
from sanctionwatch.lists.countries import country_code, country_codes
from sanctionwatch.lists.dates import parse_dates, year_range
from sanctionwatch.lists.identifiers import find_imo
from sanctionwatch.lists.model import ListEntity
from sanctionwatch.lists.readers.base import ListFile, ListReader
from sanctionwatch.lists.readers.xmltools import broken_xml

_BRACKETED_SCRIPT = re.compile(r"^(?P<latin>[^(]+?)\s*\((?P<script>[^)]*[^\x00-\x7f][^)]*)\)\s*$")
_ACRONYM = re.compile(r"\((?P<acronym>[A-Z][A-Z0-9&\-]{1,11})\)\s*$")
_PASSPORT_TYPES = ("passport", "passeport", "pasaporte")
_COMPANY_IMO = re.compile(r"IMO\)?\s*(?:Number|No\.?)?\s*:?\s*(\d{7})", re.IGNORECASE)


def _text(element: ET.Element | None, tag: str) -> str:
    if element is None:
        return ""
    child = element.find(tag)
    if child is None or child.text is None:
        return ""
    return " ".join(child.text.split())


def split_alias(alias: str) -> list[str]:
    """An alias as written, cleaned: literal quotes dropped, a bracketed script form split off.

    ``'"KOMID"'`` gives ``['KOMID']``; ``'Jin Tiesan (金铁三)'`` gives ``['Jin Tiesan', '金铁三']``.
    """
    alias = " ".join(alias.split()).strip("\"'“”‘’ ")
    if not alias:
        return []
    bracketed = _BRACKETED_SCRIPT.match(alias)
    if bracketed:
        return [bracketed["latin"].strip(), bracketed["script"].strip()]
    return [alias]


class UnXmlReader(ListReader):
    format = "un-xml"
    dataset = "un_sc"
    title = "UN Security Council Consolidated List"
    authority = "United Nations Security Council"
    source_url = "https://scsanctions.un.org/resources/xml/en/consolidated.xml"

    def detect(self, path: Path, head: bytes) -> bool:
        return b"<CONSOLIDATED_LIST" in head[:4096]

    def read(self, path: Path) -> ListFile:
        try:
            with open_binary(path) as handle:
                root = ET.parse(handle).getroot()
        except ET.ParseError as exc:
            raise broken_xml(path, exc) from exc
        if root.tag != "CONSOLIDATED_LIST":
            raise ParseError(path, "root element", f"expected CONSOLIDATED_LIST, found {root.tag}")
        list_date = (root.get("dateGenerated") or "")[:10]
        result = ListFile(path, self.format, self.dataset, list_date, [])
        for index, element in enumerate(root.iter(), start=1):
            if element.tag == "INDIVIDUAL":
                entity = self._individual(path, element, index)
            elif element.tag == "ENTITY":
                entity = self._entity(path, element, index)
            else:
                continue
            result.entities.append(entity)
            listed = [date for date in parse_dates(_text(element, "LISTED_ON")[:10]) if len(date) == 10]
            result.related.append(self.sanction(entity, unscId=entity.ref, listingDate=listed))
        return result

    def _common(self, path: Path, element: ET.Element, schema: str, name: str) -> ListEntity:
        ref = _text(element, "REFERENCE_NUMBER")
        if not ref:
            where = f"record DATAID {_text(element, 'DATAID') or '?'}"
            raise ParseError(path, where, "REFERENCE_NUMBER is missing")
        if not name:
            raise ParseError(path, f"record {ref}", "the record has no name")
        list_type = _text(element, "UN_LIST_TYPE")
        entity = ListEntity(
            id=self.entity_id(ref),
            schema=schema,
            dataset=self.dataset,
            ref=ref,
            name=name,
            programs=[list_type] if list_type else [],
            dprk=list_type == "DPRK" or ref.upper().startswith("KP"),
            notes=_text(element, "COMMENTS1"),
        )
        return entity

    def _individual(self, path: Path, element: ET.Element, index: int) -> ListEntity:
        # The family name is in FIRST_NAME for DPRK records; we keep the list's order.
        parts = [_text(element, tag) for tag in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
        entity = self._common(path, element, "Person", " ".join(p for p in parts if p))
        for alias in element.findall("INDIVIDUAL_ALIAS"):
            names = split_alias(_text(alias, "ALIAS_NAME"))
            weak = _text(alias, "QUALITY").casefold() == "low"
            entity.add("weak_aliases" if weak else "aliases", *names)
        entity.add("aliases", *split_alias(_text(element, "NAME_ORIGINAL_SCRIPT")))
        for value in element.findall("NATIONALITY/VALUE"):
            entity.add("nationalities", *country_codes(value.text))
        for address in element.findall("INDIVIDUAL_ADDRESS"):
            entity.add("countries", country_code(_text(address, "COUNTRY")))
        for dob in element.findall("INDIVIDUAL_DATE_OF_BIRTH"):
            entity.add("birth_dates", *self._birth_dates(dob))
        for document in element.findall("INDIVIDUAL_DOCUMENT"):
            kind = _text(document, "TYPE_OF_DOCUMENT").casefold()
            number = _text(document, "NUMBER").split("(")[0].replace(" ", "")
            if number and any(word in kind for word in _PASSPORT_TYPES):
                entity.add("passports", number)
            elif number:
                entity.add("registrations", number)
        return entity.finish()

    def _entity(self, path: Path, element: ET.Element, index: int) -> ListEntity:
        name = _text(element, "FIRST_NAME")
        entity = self._common(path, element, "Organization", name)
        acronym = _ACRONYM.search(name)
        if acronym:
            entity.add("aliases", acronym["acronym"])
        for alias in element.findall("ENTITY_ALIAS"):
            entity.add("aliases", *split_alias(_text(alias, "ALIAS_NAME")))
        for address in element.findall("ENTITY_ADDRESS"):
            entity.add("countries", country_code(_text(address, "COUNTRY")))
        company_imo = _COMPANY_IMO.search(entity.notes)
        if company_imo:
            # IMO *company* numbers of DPRK shipping firms, not ship numbers (see SOURCES.md).
            entity.add("registrations", f"IMO company {find_imo(company_imo[1])}")
        return entity.finish()

    @staticmethod
    def _birth_dates(dob: ET.Element) -> list[str]:
        kind = _text(dob, "TYPE_OF_DATE").upper()
        if kind == "BETWEEN":
            start, end = _text(dob, "FROM_YEAR"), _text(dob, "TO_YEAR")
            if start.isdigit() and end.isdigit():
                return year_range(int(start), int(end))
        exact = _text(dob, "DATE")
        if exact:
            return parse_dates(exact[:10])
        return parse_dates(_text(dob, "YEAR"))
