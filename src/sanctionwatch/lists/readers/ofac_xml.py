"""The OFAC SDN list as XML (``SDN.XML``, the ``sdnList`` schema OFAC recommends over the CSV set).

Written from OFAC's data specification: one ``sdnEntry`` per record with ``uid``, ``lastName`` and
``firstName``, ``sdnType`` (Individual, Entity, Vessel, Aircraft), ``programList``, ``akaList``
(each alias ``strong`` or ``weak``), ``addressList``, ``idList`` (passports, IMO and MMSI numbers,
SWIFT codes, registration numbers...), ``nationalityList``, ``citizenshipList``,
``dateOfBirthList``, ``vesselInfo`` (call sign, flag, owner) and ``remarks``; the publication date
is ``publshInformation/Publish_Date`` (MM/DD/YYYY).

The same record gives the same entity as the legacy CSV set (``ofac_csv.py``), which writes the
same facts into ``sdn.csv``'s Remarks and the companion files: names are "LAST, First" as in
``sdn.csv``, weak aliases are the Remarks' ``a.k.a. '...'``, strong ones ``alt.csv``'s. Only the
notes differ: the XML's remarks hold what no structured field does, the CSV's Remarks everything.
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
from sanctionwatch.lists.readers.base import ListFile
from sanctionwatch.lists.readers.ofac_csv import SCHEMA_BY_TYPE, OfacCsvReader, _registration, is_dprk
from sanctionwatch.lists.readers.xmltools import XmlList, child, descend, text, texts

_LINKED_TO = re.compile(r"Linked To: ([^;)]+)")
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
#: idList types and the attribute each fills, as the CSV reader reads them from Remarks
_IDENTIFIERS = {
    "vessel registration identification": "imo",
    "mmsi": "mmsi",
    "passport": "passports",
    "swift/bic": "swift",
    "registration number": "registrations",
    "registration id": "registrations",
}


def full_name(element: ET.Element) -> str:
    """A name as ``sdn.csv`` and ``alt.csv`` write it: "LAST, First", or the last name alone."""
    last, first = text(element, "lastName"), text(element, "firstName")
    return f"{last}, {first}" if last and first else last or first


class OfacXmlReader(OfacCsvReader):
    format = "ofac-xml"
    source_url = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.XML"

    def detect(self, path: Path, head: bytes) -> bool:
        return b"<sdnList" in head[:4096]

    def read(self, path: Path) -> ListFile:
        document = XmlList(path, root="sdnList", record="sdnEntry", header=("Publish_Date",))
        entities: dict[str, ListEntity] = {}
        owners: dict[str, str] = {}
        for element in document.records():
            uid = text(element, "uid")
            if not (uid.isascii() and uid.isdigit()):
                raise ParseError(path, f"sdnEntry {uid or '?'}", "uid is not a number")
            if uid in entities:
                raise ParseError(path, f"sdnEntry {uid}", "the uid names two entries; a uid names one record")
            entities[uid] = self._entry(path, element, uid)
            owners[uid] = text(child(element, "vesselInfo"), "vesselOwner")
        finished = list(entities.values())
        result = ListFile(
            path, self.format, self.dataset, _iso(document.found.get("Publish_Date", "")), finished
        )
        result.parts = [path]
        result.related = [self.sanction(entity) for entity in finished]
        self._relations(result, owners, entities, _LINKED_TO.findall)
        return result

    def _entry(self, path: Path, element: ET.Element, uid: str) -> ListEntity:
        name = full_name(element)
        if not name:
            raise ParseError(path, f"sdnEntry {uid}", "the entry has no name")
        programs = texts(element, "programList", "program")
        vessel = child(element, "vesselInfo")
        kind = text(element, "sdnType").casefold()
        entity = ListEntity(
            id=self.entity_id(uid),
            # sdn.csv writes no type (-0-) for what the XML calls an Entity
            schema=SCHEMA_BY_TYPE.get("" if kind == "entity" else kind, "LegalEntity"),
            dataset=self.dataset,
            ref=f"OFAC-{uid}",
            name=name,
            programs=programs,
            dprk=any(program.startswith("DPRK") for program in programs),
            notes=text(element, "remarks"),
        )
        entity.add("call_signs", text(vessel, "callSign"))
        entity.add("flags", country_code(text(vessel, "vesselFlag")))
        for aka in descend(element, "akaList", "aka"):
            weak = text(aka, "category").casefold() == "weak"
            entity.add("weak_aliases" if weak else "aliases", full_name(aka))
        for address in descend(element, "addressList", "address"):
            entity.add("countries", country_code(text(address, "country")))
        for value in texts(element, "dateOfBirthList", "dateOfBirthItem", "dateOfBirth"):
            entity.add("birth_dates", *parse_dates(value))
        for listing in ("nationalityList", "citizenshipList"):
            for value in texts(element, listing, listing.removesuffix("List"), "country"):
                entity.add("nationalities", *country_codes(value))
        for identifier in descend(element, "idList", "id"):
            self._identifier(entity, identifier)
        entity.dprk = is_dprk(entity)
        return entity.finish()

    @staticmethod
    def _identifier(entity: ListEntity, element: ET.Element) -> None:
        kind = text(element, "idType").casefold()
        number = text(element, "idNumber")
        attribute = _IDENTIFIERS.get(kind)
        if not number or attribute is None:
            return
        if attribute == "imo":
            entity.add("imo", find_imo(number))
        elif attribute == "passports":
            entity.add("passports", number.split()[0])
        elif attribute == "registrations":
            country = text(element, "idCountry")
            entity.add("registrations", _registration(f"{number} ({country})" if country else number))
        else:
            entity.add(attribute, number.split()[-1])


def _iso(value: str) -> str:
    """OFAC's MM/DD/YYYY publication date as an ISO date ("" when it is not one)."""
    match = _US_DATE.match(value.strip())
    if not match:
        return ""
    month, day, year = int(match[1]), int(match[2]), int(match[3])
    return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else ""
