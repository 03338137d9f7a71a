"""The list entity: one record of one sanctions list, FollowTheMoney-compatible."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

SCHEMATA = ("Person", "Organization", "Company", "LegalEntity", "Vessel", "Airplane")

#: Identifier kinds kept on entities, and the FtM property each one maps to.
IDENTIFIER_PROPERTIES = {
    "imo": "imoNumber",
    "mmsi": "mmsi",
    "call_sign": "callSign",
    "passport": "passportNumber",
    "swift": "swiftBic",
    "registration": "registrationNumber",
    "id_number": "idNumber",
}


@dataclass
class ListEntity:
    """One subject as one list publishes it, with every name, identifier and reference."""

    id: str
    schema: str
    dataset: str
    ref: str
    name: str
    aliases: list[str] = field(default_factory=list)
    weak_aliases: list[str] = field(default_factory=list)
    birth_dates: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    imo: list[str] = field(default_factory=list)
    mmsi: list[str] = field(default_factory=list)
    call_signs: list[str] = field(default_factory=list)
    passports: list[str] = field(default_factory=list)
    swift: list[str] = field(default_factory=list)
    registrations: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)
    xrefs: list[str] = field(default_factory=list)
    dprk: bool = False
    notes: str = ""
    source_file: str = ""
    list_date: str = ""
    canonical_id: str = ""
    #: The datasets and referents an FtM file gives the entity (empty for the list readers):
    #: kept so that an export, loaded and exported again, gives them back.
    datasets: list[str] = field(default_factory=list)
    referents: list[str] = field(default_factory=list)
    #: The FtM properties as an FtM file wrote them, every one (the attributes above hold what
    #: screening and linking use, cleaned). Empty for the list readers.
    properties: dict[str, list[str]] = field(default_factory=dict)

    def names(self) -> list[str]:
        """Every name of the entity, strong and weak, primary first, without repeats."""
        return _unique([self.name, *self.aliases, *self.weak_aliases])

    def identifiers(self) -> dict[str, list[str]]:
        return {
            "imo": self.imo,
            "mmsi": self.mmsi,
            "call_sign": self.call_signs,
            "passport": self.passports,
            "swift": self.swift,
            "registration": self.registrations,
        }

    def add(self, attribute: str, *values: str | None) -> None:
        """Append cleaned, non-empty values to a list attribute, keeping it free of repeats."""
        target: list[str] = getattr(self, attribute)
        for value in values:
            if value is None:
                continue
            value = " ".join(str(value).split())
            if value and value not in target:
                target.append(value)

    def finish(self) -> ListEntity:
        """Drop aliases that repeat the primary name or a strong alias."""
        strong = {self.name.casefold()}
        self.aliases = [a for a in _unique(self.aliases) if a.casefold() not in strong]
        strong.update(a.casefold() for a in self.aliases)
        self.weak_aliases = [a for a in _unique(self.weak_aliases) if a.casefold() not in strong]
        return self

    def to_row(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in ROW_FIELDS}


ROW_FIELDS = tuple(ListEntity.__dataclass_fields__)
#: Fields stored as JSON text.
JSON_FIELDS = ("properties",)


def _unique(values: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for value in values:
        if value and value not in seen:
            seen.add(value)
            out.append(value)
    return out


@contextmanager
def many_objects() -> Iterator[None]:
    """Pause the cyclic garbage collector while a list's records are made or stored.

    A list is tens of thousands of small objects that live on and hold no cycles: without the
    pause the collector walks them again and again while they are made (a third of the time
    of reading the OFAC list, and of relinking all lists)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
