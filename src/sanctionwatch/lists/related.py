"""Related entities: the FtM entities kept beside the screened records, never screened.

A list's Sanction entities and the relationships it states, an FtM file's Address, Payment,
Ownership or Family entities: each is kept whole, as an FtM dict, in the store's ``related``
table with the ids of the records it is linked to, so that an export writes it back and a
service can show it with its subject.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sanctionwatch.lists.model import ListEntity


def related_entity(
    entity_id: str, schema: str, dataset: str, properties: dict[str, list[str]]
) -> dict[str, Any]:
    """An FtM entity kept beside the screened records, as a dict in FtM's JSON shape."""
    return {
        "id": entity_id,
        "schema": schema,
        "properties": {name: values for name, values in properties.items() if values},
        "datasets": [dataset],
    }


def entity_references(schema_name: str, properties: dict[str, list[str]]) -> list[str]:
    """The ids an FtM entity points to: the values of its entity-typed properties (a Sanction's
    ``entity``, an Ownership's ``owner`` and ``asset``, a Person's ``addressEntity``)."""
    from followthemoney import model

    schema = model.get(schema_name)
    found: list[str] = []
    if schema is not None:
        for name, values in properties.items():
            prop = schema.properties.get(name)
            if prop is not None and prop.type.name == "entity":
                found.extend(str(value) for value in values)
    return found


def pointers(entities: Sequence[ListEntity]) -> dict[str, list[str]]:
    """For each id the records point to (an Address a Person names), the records that do."""
    pointed: dict[str, list[str]] = {}
    for entity in entities:
        if entity.properties:
            for target in entity_references(entity.schema, entity.properties):
                pointed.setdefault(target, []).append(entity.id)
    return pointed
