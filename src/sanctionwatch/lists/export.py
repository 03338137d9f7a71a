"""Export of canonical entities as FollowTheMoney JSON lines (the OpenSanctions shape)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from followthemoney import model
from followthemoney.exc import InvalidData

from sanctionwatch.lists.model import ListEntity

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
    """One canonical entity as an FtM entity dict, with ``datasets`` and ``referents``."""
    head = records[0]
    schema = model.get(merged_schema(records))
    assert schema is not None
    proxy = model.make_entity(schema)
    proxy.id = head.canonical_id or head.id
    proxy.add("name", head.name)
    for record in records:
        proxy.add("name", record.name) if record is head else proxy.add("alias", record.name)
        for attribute, prop in PROPERTIES.items():
            if prop in schema.properties:
                proxy.add(prop, getattr(record, attribute), quiet=True)
        proxy.add("topics", "sanction")
    data = proxy.to_dict()
    data["datasets"] = sorted({record.dataset for record in records})
    data["referents"] = sorted({record.ref for record in records})
    data["dprk"] = any(record.dprk for record in records)
    return data


def export_ftm(entities: Iterable[ListEntity]) -> Iterator[dict[str, Any]]:
    """Every canonical entity once, its list records merged."""
    groups: dict[str, list[ListEntity]] = defaultdict(list)
    for entity in entities:
        groups[entity.canonical_id or entity.id].append(entity)
    for canonical_id in sorted(groups):
        records = sorted(groups[canonical_id], key=lambda r: r.id != canonical_id)
        yield to_ftm(records)
