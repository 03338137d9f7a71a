"""The UK Sanctions List published by the FCDO, XML (``UK-Sanctions-List.xml``).

Since 28 January 2026 it is the one official UK list (the OFSI Consolidated List, ``uk_csv.py``,
is no longer updated). Written from the FCDO's format: a ``Designations`` root with
``DateGenerated`` (dd/mm/yyyy), and one ``Designation`` per record: ``UniqueID`` (``DPR0001``),
``OFSIGroupID`` (the record's Group ID on the OFSI list), ``UNReferenceNumber``, ``RegimeName``,
``IndividualEntityShip``, ``DateDesignated``, ``OtherInformation``; ``Names/Name`` with ``Name1`` to
``Name6`` (surname), ``NameType`` (Primary Name, Primary Name Variation, Alias) and
``AliasStrength``; ``NonLatinNames/NonLatinName/NameNonLatinScript``; ``Addresses/Address`` with
``AddressCountry``; ``IndividualDetails/Individual`` (``DOBs/DOB`` as dd/mm/yyyy with ``dd`` or
``mm`` for an unknown day or month, ``Nationalities/Nationality``,
``PassportDetails/PassportDetail/PassportNumber``); ``EntityDetails/Entity`` (business registration
numbers); ``ShipDetails/Ship`` (``IMONumbers/IMONumber``, current flags).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from sanctionwatch.errors import ParseError
from sanctionwatch.lists.countries import country_code, country_codes
from sanctionwatch.lists.dates import parse_dates
from sanctionwatch.lists.identifiers import find_imo
from sanctionwatch.lists.model import ListEntity
from sanctionwatch.lists.readers.base import ListFile, ListReader
from sanctionwatch.lists.readers.eu_xml import un_id
from sanctionwatch.lists.readers.xmltools import XmlList, descend, text, texts

SCHEMA_BY_KIND = {"individual": "Person", "entity": "Organization", "ship": "Vessel"}
_UK_DATE = re.compile(r"^(\d{2}|dd)/(\d{2}|mm)/(\d{4})$", re.IGNORECASE)


def uk_date(value: str) -> list[str]:
    """A dd/mm/yyyy date of the FCDO list; ``dd`` and ``mm`` stand for an unknown day or month."""
    match = _UK_DATE.match(value.strip())
    if not match:
        return parse_dates(value)
    day, month = (part if part.isdigit() else "00" for part in (match[1], match[2]))
    return parse_dates(f"{day}/{month}/{match[3]}")


def name_of(element: ET.Element) -> str:
    """Given names (Name1 to Name5) then the surname (Name6), as the OFSI reader joins them."""
    parts = [text(element, f"Name{i}") for i in (1, 2, 3, 4, 5, 6)]
    return " ".join(part for part in parts if part)


class UkFcdoReader(ListReader):
    format = "uk-fcdo-xml"
    dataset = "gb_fcdo"
    title = "UK Sanctions List (FCDO)"
    authority = "UK Foreign, Commonwealth and Development Office (FCDO)"
    source_url = "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml"

    def detect(self, path: Path, head: bytes) -> bool:
        return b"<Designations" in head[:4096]

    def read(self, path: Path) -> ListFile:
        document = XmlList(path, root="Designations", record="Designation", header=("DateGenerated",))
        entities: dict[str, ListEntity] = {}
        listed: dict[str, list[str]] = {}
        for number, element in enumerate(document.records(), start=1):
            entity = self._designation(path, element, number)
            if entity.id in entities:
                raise ParseError(path, f"Designation {entity.ref}", "the UniqueID names two designations")
            entities[entity.id] = entity
            listed[entity.id] = [day for day in uk_date(text(element, "DateDesignated")) if len(day) == 10]
        generated = uk_date(document.found.get("DateGenerated", ""))
        list_date = generated[0] if generated and len(generated[0]) == 10 else ""
        result = ListFile(path, self.format, self.dataset, list_date, list(entities.values()))
        result.related = [
            self.sanction(
                entity,
                unscId=[ref for ref in entity.xrefs if not ref.startswith("GB-HMT-")],
                listingDate=listed[entity.id][:1],
            )
            for entity in result.entities
        ]
        return result

    def _designation(self, path: Path, element: ET.Element, number: int) -> ListEntity:
        ref = text(element, "UniqueID")
        if not ref:
            raise ParseError(path, f"Designation {number}", "UniqueID is missing")
        kind = text(element, "IndividualEntityShip").casefold()
        regime = text(element, "RegimeName")
        entity = ListEntity(
            id=self.entity_id(ref),
            schema=SCHEMA_BY_KIND.get(kind, "LegalEntity"),
            dataset=self.dataset,
            ref=ref,
            name="",
            notes=text(element, "OtherInformation"),
        )
        entity.add("programs", regime)
        for name in descend(element, "Names", "Name"):
            self._name(entity, name)
        entity.add("aliases", *texts(element, "NonLatinNames", "NonLatinName", "NameNonLatinScript"))
        if not entity.name and entity.aliases:
            entity.name = entity.aliases.pop(0)  # no name marked primary: the first one written
        if not entity.name:
            raise ParseError(path, f"Designation {ref}", "the designation has no name")
        united = un_id(text(element, "UNReferenceNumber"))
        entity.add("xrefs", united)
        group = text(element, "OFSIGroupID")
        if group:
            entity.add("xrefs", f"GB-HMT-{group}")  # the same record on the OFSI list
        for country in texts(element, "Addresses", "Address", "AddressCountry"):
            entity.add("countries", country_code(country))
        for person in descend(element, "IndividualDetails", "Individual"):
            for value in texts(person, "DOBs", "DOB"):
                entity.add("birth_dates", *uk_date(value))
            for value in texts(person, "Nationalities", "Nationality"):
                entity.add("nationalities", *country_codes(value))
            for value in texts(person, "PassportDetails", "PassportDetail", "PassportNumber"):
                entity.add("passports", value.replace(" ", ""))
            for value in texts(
                person, "NationalIdentifierDetails", "NationalIdentifier", "NationalIdentifierNumber"
            ):
                entity.add("registrations", value)
        for company in descend(element, "EntityDetails", "Entity"):
            entity.add(
                "registrations", *texts(company, "BusinessRegistrationNumbers", "BusinessRegistrationNumber")
            )
        for ship in descend(element, "ShipDetails", "Ship"):
            for value in texts(ship, "IMONumbers", "IMONumber"):
                entity.add("imo", find_imo(value))
            for value in texts(ship, "CurrentBelievedFlagOfShips", "CurrentBelievedFlagOfShip"):
                entity.add("flags", country_code(value))
        entity.dprk = (
            any(
                words in regime.casefold()
                for words in ("democratic people's republic of korea", "north korea")
            )
            or united.upper().startswith("KP")
            or "kp" in (*entity.nationalities, *entity.flags)
        )
        return entity.finish()

    @staticmethod
    def _name(entity: ListEntity, element: ET.Element) -> None:
        name = name_of(element)
        if not name:
            return
        kind = text(element, "NameType").casefold()
        weak = "low" in text(element, "AliasStrength").casefold()
        if kind == "primary name" and not entity.name:
            entity.name = name
        elif weak:
            entity.add("weak_aliases", name)
        else:
            entity.add("aliases", name)
