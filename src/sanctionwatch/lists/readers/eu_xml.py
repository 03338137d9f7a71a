"""The EU Financial Sanctions Files (FSF) consolidated list, XML (``xmlFullSanctionsList_1_1``).

Written from the FSF format: an ``export`` root (namespace ``http://eu.europa.ec/fpi/fsd/export``)
with its ``generationDate``, and one ``sanctionEntity`` per record, its facts in attributes:
``euReferenceNumber``, ``unitedNationId``, ``designationDate`` and ``logicalId`` on the record;
``subjectType/@code`` (``person``, ``enterprise``); ``nameAlias`` (``wholeName`` or first, middle
and last name, ``strong``, ``nameLanguage``); ``citizenship``, ``address`` and ``birthdate``
(``birthdate`` or ``year``/``monthOfYear``/``dayOfMonth``, ``yearRangeFrom``/``yearRangeTo``) with
``countryIso2Code``; ``identification`` (``identificationTypeCode``, ``number``, ``latinNumber``);
``regulation/@programme`` (``PRK`` for North Korea); ``remark`` elements.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from sanctionwatch.errors import ParseError
from sanctionwatch.lists.countries import country_code
from sanctionwatch.lists.dates import parse_dates, year_range
from sanctionwatch.lists.identifiers import find_imo
from sanctionwatch.lists.model import ListEntity
from sanctionwatch.lists.readers.base import ListFile, ListReader
from sanctionwatch.lists.readers.uk_csv import un_reference
from sanctionwatch.lists.readers.xmltools import XmlList, children, texts

SCHEMA_BY_CODE = {"person": "Person", "enterprise": "Organization"}
_UN_ID = re.compile(r"^([A-Z]{2})([IE])\.?\s*(\d{3})$", re.IGNORECASE)
#: The EU's programme code for the Democratic People's Republic of Korea
DPRK_PROGRAMME = "PRK"


def _country(element: ET.Element) -> str | None:
    """The country of an address, citizenship or birth place; the EU writes ``00``/UNKNOWN when
    it does not know."""
    return country_code(element.get("countryIso2Code")) or country_code(element.get("countryDescription"))


def un_id(value: str) -> str:
    """A UN reference as the UN writes it (``KPI.067`` -> ``KPi.067``); other text as given."""
    value = " ".join(value.split())
    match = _UN_ID.match(value)
    return un_reference(*match.groups()) if match else value


def alias_name(element: ET.Element) -> str:
    whole = " ".join((element.get("wholeName") or "").split())
    if whole:
        return whole
    parts = (element.get(key) or "" for key in ("firstName", "middleName", "lastName"))
    return " ".join(" ".join(parts).split())


def birth_dates(element: ET.Element) -> list[str]:
    """One ``birthdate`` element's dates: the full date, else the year, month and day given, else
    the range of years."""
    full = element.get("birthdate") or ""
    if full:
        return parse_dates(full[:10])
    year = element.get("year") or ""
    if year.isdigit():
        month = element.get("monthOfYear") or element.get("month") or ""
        day = element.get("dayOfMonth") or element.get("day") or ""
        if month.isdigit() and day.isdigit():
            return parse_dates(f"{int(year):04d}-{int(month):02d}-{int(day):02d}") or [year]
        if month.isdigit() and 1 <= int(month) <= 12:
            return [f"{int(year):04d}-{int(month):02d}"]
        return [year]
    start, end = element.get("yearRangeFrom") or "", element.get("yearRangeTo") or ""
    if start.isdigit() and end.isdigit():
        return year_range(int(start), int(end))
    return []


class EuXmlReader(ListReader):
    format = "eu-xml"
    dataset = "eu_fsf"
    title = "EU Financial Sanctions Files (FSF) Consolidated List"
    authority = "European Commission (Financial Sanctions Files)"
    source_url = "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw"

    def detect(self, path: Path, head: bytes) -> bool:
        return b"fpi/fsd/export" in head[:4096] or b"<sanctionEntity" in head[:4096]

    def read(self, path: Path) -> ListFile:
        document = XmlList(path, root="export", record="sanctionEntity")
        entities: dict[str, ListEntity] = {}
        listed: dict[str, str] = {}
        for number, element in enumerate(document.records(), start=1):
            entity = self._entity(path, element, number)
            if entity.id in entities:
                raise ParseError(path, f"sanctionEntity {entity.ref}", "two records have the same logicalId")
            entities[entity.id] = entity
            listed[entity.id] = (element.get("designationDate") or "")[:10]
        list_date = (document.attributes.get("generationDate") or "")[:10]
        result = ListFile(path, self.format, self.dataset, list_date, list(entities.values()))
        result.related = [
            self.sanction(
                entity,
                unscId=entity.xrefs,
                listingDate=[day for day in parse_dates(listed[entity.id]) if len(day) == 10],
            )
            for entity in result.entities
        ]
        return result

    def _entity(self, path: Path, element: ET.Element, number: int) -> ListEntity:
        # logicalId is the record's stable key; most records have no euReferenceNumber, and one
        # given later must not make the record look removed and added again
        logical = " ".join((element.get("logicalId") or "").split())
        reference = " ".join((element.get("euReferenceNumber") or "").split())
        if not (logical or reference):
            raise ParseError(path, f"sanctionEntity {number}", "neither logicalId nor euReferenceNumber")
        ref = reference or f"EU-{logical}"
        kinds = children(element, "subjectType")
        code = (kinds[0].get("code") or "").casefold() if kinds else ""
        programmes = [p for r in children(element, "regulation") if (p := (r.get("programme") or "").strip())]
        entity = ListEntity(
            id=self.entity_id(logical or ref),
            schema=SCHEMA_BY_CODE.get(code, "LegalEntity"),
            dataset=self.dataset,
            ref=ref,
            name="",
            notes=" ".join(" ".join(texts(element, "remark")).split()),
        )
        entity.add("programs", *programmes)
        aliases = children(element, "nameAlias")
        # the primary name is the first strong one in English (or in no language given): the
        # list writes the names of a record in every language of the Union, in no fixed order
        english = [a for a in aliases if (a.get("nameLanguage") or "").upper() in ("", "EN")]
        for alias in [*english, *(a for a in aliases if a not in english)]:
            name = alias_name(alias)
            strong = (alias.get("strong") or "true").strip().casefold() != "false"
            if strong and not entity.name:
                entity.name = name
            else:
                entity.add("aliases" if strong else "weak_aliases", name)
        if not entity.name:
            entity.name = entity.weak_aliases.pop(0) if entity.weak_aliases else ""
        if not entity.name:
            raise ParseError(path, f"sanctionEntity {ref}", "the record has no name")
        united = un_id(element.get("unitedNationId") or "")
        entity.add("xrefs", united)
        for citizenship in children(element, "citizenship"):
            entity.add("nationalities", _country(citizenship))
        for address in children(element, "address"):
            entity.add("countries", _country(address))
        for birth in children(element, "birthdate"):
            entity.add("birth_dates", *birth_dates(birth))
        for document in children(element, "identification"):
            self._identification(entity, document)
        entity.dprk = (
            DPRK_PROGRAMME in entity.programs
            or united.upper().startswith("KP")
            or "kp" in entity.nationalities
        )
        return entity.finish()

    @staticmethod
    def _identification(entity: ListEntity, element: ET.Element) -> None:
        kind = " ".join(
            [element.get("identificationTypeCode") or "", element.get("identificationTypeDescription") or ""]
        ).casefold()
        number = " ".join((element.get("number") or element.get("latinNumber") or "").split())
        if not number:
            return
        if "passport" in kind:
            entity.add("passports", number.replace(" ", ""))
        elif "imo" in kind.split() or "imo" in number.casefold():
            # an enterprise's IMO number is its company number, never a ship's (see SOURCES.md)
            found = find_imo(number)
            if entity.schema == "Vessel":
                entity.add("imo", found)
            elif found:
                entity.add("registrations", f"IMO company {found}")
        elif "swift" in kind or "bic" in kind.split():
            entity.add("swift", number)
        else:
            entity.add("registrations", number)
