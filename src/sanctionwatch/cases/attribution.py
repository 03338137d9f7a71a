"""Attribution: every list hit belongs to the one listed entity that matched, and says how.

The rule per kind of evidence:

- a vessel in AIS data is matched to a listed entity by its own IMO number, its own MMSI or its
  own name (exact, after normalisation); the hit names that entity, its references and the
  identifier that tied them. An encounter has two vessels, and each keeps only its own hits: the
  foreign tanker that met a listed tanker is not shown under the listed tanker's reference.
- a name matched on the lists by name alone, while the vessel broadcasts an IMO number that the
  listed entity does not have, is contradicted by the identifier and is no hit at all: two ships
  can share a name, they cannot share an IMO number.
- a party named in a document is matched by the entity linker; the hit is that entity.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from sanctionwatch.cases.identity import NUMERAL_AFTER
from sanctionwatch.cases.model import Incident
from sanctionwatch.lists.model import ListEntity
from sanctionwatch.lists.store import Store
from sanctionwatch.maritime.vessels import VesselLookup
from sanctionwatch.screening.index import ScreeningIndex, Subject

#: The identifiers by which a vessel is tied to a listed entity, strongest first.
IDENTIFIERS = ("imo", "mmsi", "call_sign", "name")


class Attributor:
    """Finds, for one vessel's identifiers, the listed entities they belong to."""

    def __init__(self, index: ScreeningIndex, lookup: VesselLookup) -> None:
        self.lookup = lookup
        self.by_ref: dict[str, Subject] = {}
        for subject in index.subjects:
            for ref in subject.refs:
                self.by_ref.setdefault(ref, subject)

    def vessel_hits(self, mmsi: int, imo: str | None, name: str | None) -> list[dict[str, Any]]:
        """The listed entities this vessel's own identifiers match, one hit per entity."""
        hits: dict[str, dict[str, Any]] = {}
        # an MMSI that cannot exist (-1) keeps the look-up to the one identifier asked about
        self._add(hits, self.lookup.refs(-1, imo, None) if imo else [], "imo", imo)
        self._add(hits, self.lookup.by_mmsi.get(str(mmsi), []), "mmsi", str(mmsi))
        self._add(hits, self.lookup.refs(-1, None, name) if name else [], "name", name)
        kept = []
        for hit in hits.values():
            listed_imos = hit.pop("_imo")
            by_name_only = {m["identifier"] for m in hit["matched_by"]} == {"name"}
            if by_name_only and imo and listed_imos and imo not in listed_imos:
                continue  # the broadcast IMO contradicts the name: another ship of that name
            hit["strength"] = "name only" if by_name_only else "identifier"
            kept.append(hit)
        return kept

    def _add(self, hits: dict[str, dict[str, Any]], refs: Iterable[str], how: str, value: str | None) -> None:
        for ref in refs:
            subject = self.by_ref.get(ref)
            if subject is None:
                continue
            hit = hits.get(subject.id)
            if hit is None:
                hit = hits[subject.id] = {
                    "entity_id": subject.id,
                    "caption": subject.caption,
                    "schema": subject.schema,
                    "refs": list(subject.refs),
                    "lists": list(subject.datasets),
                    "matched_by": [],
                    "_imo": list(subject.imo),
                }
            if not any(m["identifier"] == how for m in hit["matched_by"]):
                hit["matched_by"].append({"identifier": how, "value": value})


def describe_vessels(
    events: list[dict[str, Any]], vessels: dict[int, dict[str, Any]], attributor: Attributor
) -> None:
    """Give every event a ``vessels`` list: each vessel's identifiers and its own list hits."""
    cache: dict[int, dict[str, Any]] = {}
    for event in events:
        described = []
        for mmsi in event["mmsi"]:
            if mmsi not in cache:
                info = vessels.get(mmsi, {})
                imo, name = info.get("imo"), info.get("name")
                cache[mmsi] = {
                    "mmsi": mmsi,
                    "imo": imo,
                    "name": name,
                    "call_sign": info.get("call_sign"),
                    "hits": attributor.vessel_hits(mmsi, imo, name),
                }
            described.append(cache[mmsi])
        event["vessels"] = described


def vessel_refs(vessel: dict[str, Any]) -> list[str]:
    """The list references of one vessel's own hits."""
    return list(dict.fromkeys(ref for hit in vessel.get("hits", []) for ref in hit["refs"]))


#: Words in a list's remarks that introduce who owns, manages or operates a vessel, or the
#: party OFAC links it to ("Linked To: DAWN MARINE MANAGEMENT CO LTD.").
_OWNER = re.compile(
    r"((?:registered\s+|beneficial\s+|ship\s+|commercial\s+)?(?:owner|manager|operator)s?"
    r"(?:\s*/\s*(?:owner|manager|operator))?|linked\s+to)\s*[:\-]?\s*([^;\n()]{3,120}?)\.?(?=;|$|\n|\()",
    re.IGNORECASE,
)


def owners(notes: str) -> list[dict[str, str]]:
    """Owner, manager, operator or linked party as a list's remarks state them ("Registered owner:
    X", "Linked To: Y")."""
    found = []
    for match in _OWNER.finditer(notes or ""):
        role, who = " ".join(match[1].split()).lower(), match[2].strip(" ,:")
        if who and not who.lower().startswith(("of ", "and ", "or ", "the vessel")):
            found.append({"role": role, "name": who})
    return found


def listing(entity: ListEntity, listed_on: str | None = None) -> dict[str, Any]:
    """One list record as the report shows it: which list, its reference, the dates, the reason.
    ``listed_on`` is the designation date its Sanction entity gives, where the list states one."""
    return {
        "list": entity.dataset,
        "ref": entity.ref,
        "name": entity.name,
        "schema": entity.schema,
        "list_date": entity.list_date or None,
        "listed_on": listed_on,
        "programs": entity.programs,
        "reason": entity.notes or None,
        "other_names": [*entity.aliases, *entity.weak_aliases],
        "imo": entity.imo,
        "mmsi": entity.mmsi,
        "call_signs": entity.call_signs,
        "flags": entity.flags,
        "owners": owners(entity.notes),
    }


def listings(store: Store, incidents: list[Incident]) -> None:
    """Give every list hit of the incidents the list records of its own entity's references."""
    wanted = {
        ref
        for incident in incidents
        for item in incident.evidence
        if item["kind"] == "screening"
        for ref in item.get("refs", [])
    }
    if not wanted:
        return
    refs = sorted(wanted)
    entities = list(store.entities(f"ref IN ({', '.join('?' for _ in refs)})", refs))
    dates = listing_dates(store, [entity.id for entity in entities])
    records = {entity.ref: listing(entity, dates.get(entity.id)) for entity in entities}
    for incident in incidents:
        for item in incident.evidence:
            if item["kind"] == "screening":
                item["listings"] = [records[ref] for ref in item.get("refs", []) if ref in records]
        for vessel in incident.vessels.values():
            for hit in vessel.get("hits", []):
                hit["listings"] = [records[ref] for ref in hit["refs"] if ref in records]


def listing_dates(store: Store, ids: list[str]) -> dict[str, str]:
    """The earliest designation date of each record id, from the Sanction entities the list
    readers keep beside the records (UN, UK and EU files state one; OFAC's CSV does not)."""
    dates: dict[str, str] = {}
    for item in store.related(ids):
        if item.get("schema") != "Sanction":
            continue
        properties = item.get("properties", {})
        days = sorted(properties.get("listingDate", []))
        for entity_id in properties.get("entity", []):
            if days and (entity_id not in dates or days[0] < dates[entity_id]):
                dates[entity_id] = days[0]
    return dates


def numerals_agree(entity: dict[str, Any], text: str) -> bool:
    """A party linked by name holds only if the text does not go on with a numeral that the listed
    name lacks: "Kum Un San 3" names another vessel than the listed KUM UN SAN."""
    listed = set(re.findall(r"\d+", entity.get("caption") or ""))
    pattern = re.compile(re.escape(entity["name"]) + NUMERAL_AFTER, re.IGNORECASE)
    return all(match[1] in listed for match in pattern.finditer(text))
