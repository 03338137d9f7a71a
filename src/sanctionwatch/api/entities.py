"""The store's canonical entities as yente shows them: FtM properties, datasets, referents (the
ids of the records merged into an entity), dates, and the entities related to them.

Ids and relations are read only through the store and ``lists.export``: an id is never parsed.
An entity's dates come from the list publications it was read from (the store keeps the latest
publication of each list): ``first_seen`` is the earliest of those dates, ``last_seen`` and
``last_change`` the latest. ``last_change`` is therefore an upper bound: ``changed_since`` never
misses an entity that changed, and may return one that did not.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from typing import Any

from followthemoney import model
from followthemoney.exc import InvalidData

from sanctionwatch.lists.export import canonical_references, merged_schema, to_ftm
from sanctionwatch.lists.model import ListEntity
from sanctionwatch.lists.store import Store


def _timestamp(day: str) -> str | None:
    return f"{day[:10]}T00:00:00" if day else None


class Catalogue:
    """Entity data by canonical id, each entity built once from its records and kept.

    Building an entity's FtM data costs about a millisecond, too much to do for every entity
    on a search; what filters and facets need (lists, schema, countries, dates) is read for all
    entities at start in one query, as ``facts``, in the same shape as the data."""

    def __init__(self, store: Store, lock: threading.Lock) -> None:
        self.store = store
        self.lock = lock
        self.alias: dict[str, str] = {}  # record id, canonical id -> canonical id
        self.references: dict[str, str] = {}  # upper-cased list reference -> canonical id
        self.records: dict[str, list[ListEntity]] = defaultdict(list)
        with lock:
            ftm = {row["dataset"] for row in store.loads() if row.get("format") == "ftm"}
            for record in store.entities():
                canonical = record.canonical_id or record.id
                for key in (record.id, canonical, *record.referents):
                    self.alias.setdefault(key, canonical)
                self.alias[record.id] = canonical
                self.references[record.ref.upper()] = canonical
                self.records[canonical].append(record)
        for canonical, records in self.records.items():
            records.sort(key=lambda r, canonical=canonical: (r.id != canonical, r.id))  # type: ignore[misc]
        self.facts = {
            canonical: _facts(canonical, records, ftm) for canonical, records in self.records.items()
        }
        self._data: dict[str, dict[str, Any]] = {}

    def __len__(self) -> int:
        return len(self.facts)

    def resolve(self, key: str) -> str | None:
        """The canonical id that ``key`` names: an entity id, a referent, or a list reference
        (``KPi.023``, ``OFAC-11648``)."""
        key = key.strip()
        if key in self.alias:
            return self.alias[key]
        upper = key.upper()
        return self.references.get(upper) or self.references.get(f"OFAC-{upper}")

    def data(self, canonical_id: str) -> dict[str, Any]:
        """The entity in yente's ``EntityResponse`` shape, with ``refs`` (list references)."""
        found = self._data.get(canonical_id)
        if found is None:
            found = self._data[canonical_id] = self._shape(canonical_id, self.records[canonical_id])
        return found

    def _shape(self, canonical_id: str, records: list[ListEntity]) -> dict[str, Any]:
        data = to_ftm(records)
        referents = {r.id for r in records} | {ref for r in records for ref in r.referents}
        facts = self.facts[canonical_id]
        return {
            "id": canonical_id,
            "caption": data.get("caption") or records[0].name,
            "schema": data["schema"],
            "properties": data["properties"],
            # the lists it was loaded from: a file's own 'datasets' may name any list (un_sc)
            "datasets": sorted({record.dataset for record in records}),
            "referents": sorted(referents - {canonical_id}),
            "target": True,
            "first_seen": facts["first_seen"],
            "last_seen": facts["last_seen"],
            "last_change": facts["last_change"],
            "refs": sorted({record.ref for record in records}),
        }

    def related(self, canonical_id: str) -> list[dict[str, Any]]:
        """The FtM entities related to this one (its Sanctions, addresses, owners), their
        references to records turned into canonical ids, in yente's entity shape."""
        record_ids = [record.id for record in self.records.get(canonical_id, [])]
        with self.lock:
            found = self.store.related(record_ids, as_loaded=True) if record_ids else []
        return [_entity(canonical_references(item, self.alias)) for item in found]


def _entity(item: dict[str, Any]) -> dict[str, Any]:
    """A related FtM entity as yente shows one: with its caption, not a target."""
    try:
        caption = model.get_proxy(item, cleaned=False).caption
    except (InvalidData, TypeError, ValueError):  # one FtM cannot read still shows, by its id
        caption = item.get("id", "")
    return {
        "id": item.get("id"),
        "caption": caption,
        "schema": item.get("schema"),
        "properties": item.get("properties") or {},
        "datasets": item.get("datasets") or [],
        "referents": item.get("referents") or [],
        "target": False,
        "first_seen": None,
        "last_seen": None,
        "last_change": None,
    }


def _facts(canonical: str, records: list[ListEntity], ftm: set[str]) -> dict[str, Any]:
    """What filters, facets and sorting read of an entity, from its records' fields. An entity
    with a record read from an FtM file has its own topics: ``topics`` is None, read the data."""
    dates = sorted(record.list_date for record in records if record.list_date)
    datasets = {record.dataset for record in records}
    return {
        "id": canonical,
        "caption": records[0].name,
        "schema": merged_schema(records),
        "datasets": sorted(datasets),
        "countries": {c for r in records for c in (*r.nationalities, *r.countries, *r.flags)},
        "topics": None if datasets & ftm or any(r.properties for r in records) else {"sanction"},
        "target": True,
        "first_seen": _timestamp(dates[0]) if dates else None,
        "last_seen": _timestamp(dates[-1]) if dates else None,
        "last_change": _timestamp(dates[-1]) if dates else None,
    }


def topics_of(data: dict[str, Any]) -> set[str]:
    return {value for value in data["properties"].get("topics", []) if isinstance(value, str)}
