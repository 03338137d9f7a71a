"""A screening query: a name and the identifiers that count as evidence."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from sanctionwatch.errors import QueryError
from sanctionwatch.lists.countries import country_code
from sanctionwatch.lists.identifiers import find_imo, imo_is_valid
from sanctionwatch.names.forms import ORGANIZATION, PERSON, VESSEL

TYPES = (PERSON, ORGANIZATION, VESSEL, "any")
_DOB = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True)
class Query:
    """What to screen. ``type`` is person, organization, vessel or any."""

    name: str = ""
    type: str = "any"
    imo: str | None = None
    dob: str | None = None
    country: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {key: value for key, value in asdict(self).items() if value not in (None, "")}


def make_query(
    name: str | None = "",
    type: str | None = "any",
    imo: str | None = None,
    dob: str | None = None,
    country: str | None = None,
) -> Query:
    """A checked query; a ``QueryError`` says what to fix."""
    name = " ".join((name or "").split())
    kind = (type or "any").strip().lower() or "any"
    if kind in ("organisation", "company", "entity"):
        kind = ORGANIZATION
    if kind not in TYPES:
        raise QueryError(f"unknown type {type!r}; use one of {', '.join(TYPES)}")
    imo_number = None
    if imo and str(imo).strip():
        imo_number = find_imo(imo)
        if imo_number is None:
            raise QueryError(f"IMO {imo!r} is not a seven-digit IMO number")
        if not imo_is_valid(imo_number):
            raise QueryError(f"IMO {imo_number} fails its check digit; check the number")
    if not name and not imo_number:
        raise QueryError("empty query: give a name, or an IMO number with --imo")
    dob = (dob or "").strip() or None
    if dob and not _DOB.match(dob):
        raise QueryError(f"date of birth {dob!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    code = None
    if country and country.strip():
        code = country_code(country.strip())
        if code is None:
            raise QueryError(f"{country!r} is not a country name or code")
    return Query(name=name, type=kind, imo=imo_number, dob=dob, country=code)
