"""Export of canonical entities as FollowTheMoney JSON lines (the OpenSanctions shape).

Each canonical entity is written once, its list records merged: its id is the id of its
highest-precedence record (``lists/ids.py``), its ``referents`` the ids of all its other
records (and the referents an FtM file gave them), its ``datasets`` every list it is on. The
related entities follow: one Sanction per list record (authority, programme, listing date,
list reference, ``entity`` pointing at the subject) and the relationships the lists state,
their entity references pointing at canonical ids.

DPRK-related subjects carry the keyword ``sanctionwatch:dprk`` in FtM's ``keywords`` property
(the standard place for free tags), instead of a top-level field FtM does not define.

A record read from an FtM file keeps every property as written; an entity made of that one
record is written back unchanged, so export, load, export gives the same entities.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from followthemoney import model
from followthemoney.exc import InvalidData

from sanctionwatch.lists.model import ListEntity
from sanctionwatch.lists.readers.ftm import DPRK_KEYWORD
from sanctionwatch.lists.related import entity_references

PROPERTIES = {
    "aliases": "alias",
    "weak_aliases": "weakAlias",
    "birth_dates": "birthDate",
    "nationalities": "nationality",
    "countries": "country",
    "imo": "imoNumber",
    "mmsi": "mmsi",
    "call_signs": "callSign",
    "passports": "passportNumber",
    "swift": "swiftBic",
    "registrations": "registrationNumber",
    "flags": "flag",
    "programs": "program",
}


def merged_schema(records: list[ListEntity]) -> str:
    """The most specific schema the records agree on (Organization and Company merge)."""
    schemata = {record.schema for record in records}
    if len(schemata) == 1:
        return schemata.pop()
    try:
        return model.common_schema(*schemata).name if len(schemata) == 2 else records[0].schema
    except InvalidData:
        return records[0].schema


def to_ftm(records: list[ListEntity]) -> dict[str, Any]:
    """One canonical entity as an FtM entity dict, with ``datasets`` and ``referents``.

    ``records[0]`` is the record whose id the entity takes (the canonical record).
    """
    head = records[0]
    canonical_id = head.canonical_id or head.id
    if len(records) == 1 and head.properties:
        schema_name, properties = head.schema, {k: list(v) for k, v in head.properties.items()}
    else:
        schema_name, properties = merged_schema(records), _merged_properties(records)
    datasets = {dataset for record in records for dataset in (record.datasets or [record.dataset])}
    referents = {ref for record in records for ref in (*record.referents, record.id)} - {canonical_id}
    return {
        "id": canonical_id,
        "caption": (properties.get("name") or [head.name])[0],
        "schema": schema_name,
        "properties": properties,
        "datasets": sorted(datasets),
        "referents": sorted(referents),
        "target": True,
    }


def _merged_properties(records: list[ListEntity]) -> dict[str, list[str]]:
    """The cleaned FtM properties of several records merged: the canonical record's name is
    the name, the other records' names are aliases."""
    schema = model.get(merged_schema(records))
    assert schema is not None
    proxy = model.make_entity(schema)
    proxy.add("name", records[0].name)
    for record in records:
        if record.properties:
            for prop, values in record.properties.items():
                name = "alias" if prop == "name" and record is not records[0] else prop
                if name in schema.properties:
                    proxy.add(name, values, quiet=True)
        else:
            proxy.add("name" if record is records[0] else "alias", record.name)
            for attribute, prop in PROPERTIES.items():
                if prop in schema.properties:
                    proxy.add(prop, getattr(record, attribute), quiet=True)
            proxy.add("notes", record.notes or None, quiet=True)
            proxy.add("topics", "sanction")
        if record.dprk:
            proxy.add("keywords", DPRK_KEYWORD)
    return {prop: values for prop, values in proxy.to_dict()["properties"].items() if values}


def canonical_references(related: dict[str, Any], canonical: dict[str, str]) -> dict[str, Any]:
    """A related entity with its references to records turned into canonical ids."""
    properties = related.get("properties") or {}
    pointers = set(entity_references(str(related.get("schema")), properties))
    if not pointers or not any(canonical.get(value, value) != value for value in pointers):
        return related
    changed = {
        name: [canonical.get(value, value) if value in pointers else value for value in values]
        for name, values in properties.items()
    }
    return {**related, "properties": changed}


def export_ftm(
    entities: Iterable[ListEntity], related: Iterable[dict[str, Any]] = ()
) -> Iterator[dict[str, Any]]:
    """Every canonical entity once, its list records merged, then the related entities."""
    groups: dict[str, list[ListEntity]] = defaultdict(list)
    canonical: dict[str, str] = {}
    for entity in entities:
        key = entity.canonical_id or entity.id
        groups[key].append(entity)
        canonical[entity.id] = key
    for canonical_id in sorted(groups):
        records = sorted(groups[canonical_id], key=lambda r: r.id != canonical_id)
        yield to_ftm(records)
    for item in related:
        yield canonical_references(item, canonical)
