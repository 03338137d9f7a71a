"""What the endpoints do, kept out of the routes: the store, the index and the matcher, opened
once, and yente's query semantics (scopes, filters, totals) over them."""

from __future__ import annotations

import hashlib
import threading
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from followthemoney import model
from followthemoney.schema import Schema
from followthemoney.types import registry

from sanctionwatch.api.entities import Catalogue, topics_of
from sanctionwatch.api.models import EntityExample
from sanctionwatch.api.queries import (
    ALGORITHMS,
    BEST,
    Filters,
    Moved,
    birth_date,
    clean_example,
    feature_doc,
    feature_results,
    first,
    identifiers_of,
    is_country,
    is_name,
    kind_of,
    page_of,
    property_names,
    query_mmsi,
    schema_of,
    screening_query,
    sort_entities,
    timestamp_filter,
    without,
)
from sanctionwatch.api.security import ApiError
from sanctionwatch.lists.bundled import ensure_lists
from sanctionwatch.lists.export import to_ftm
from sanctionwatch.lists.model import ListEntity
from sanctionwatch.lists.status import aged, list_status, stale_summary
from sanctionwatch.lists.store import Store
from sanctionwatch.maritime.vessels import VesselLookup
from sanctionwatch.screening.features import FEATURES
from sanctionwatch.screening.index import Subject, load_index
from sanctionwatch.screening.matcher import Match, Matcher
from sanctionwatch.screening.query import make_query
from sanctionwatch.screening.scale import from_yente, to_yente
from sanctionwatch.screening.service import screen_where
from sanctionwatch.screening.text import WordIndex

#: Collections of datasets, as yente scopes queries to them.
COLLECTIONS = ("default", "sanctions")
#: Lowest score a /search hit may have: search shows more than /match would call a match.
SEARCH_THRESHOLD = 0.5


class Service:
    def __init__(self, db: Path) -> None:
        self.store = Store(db, read_only=True)
        if self.store.is_empty():
            # first use: load the bundled lists, then serve from a read-only connection
            self.store.close()
            with Store(db) as store:
                ensure_lists(store)
            self.store = Store(db, read_only=True)
        index = load_index(self.store)
        # a server answers many queries: decode every name now, not in the first long query,
        # whose pure-Python decoding would hold the GIL against the event loop (/healthz)
        index.materialise()
        self.lock = threading.Lock()
        self.matcher = Matcher(index)
        self._words: WordIndex | None = None
        self.lookup = VesselLookup.from_index(index)
        self.catalogue = Catalogue(self.store, self.lock)
        with self.lock:
            loads = self.store.loads()
        self.loads = {row["dataset"]: row for row in loads}
        with self.lock:
            #: (list, programme, records) for /programs
            self.programs = self.store.programs()
        self.list_dates = {name: row["list_date"] for name, row in self.loads.items()}
        with self.lock:
            #: how current each list is (lists/status.py); aged again at each request
            self.statuses = list_status(self.store)
        self.datasets = sorted({d for subject in index.subjects for d in subject.datasets})
        self.collections = {
            "default": self.datasets,
            "sanctions": [d for d in self.datasets if self.loads.get(d, {}).get("format") != "ftm"],
        }
        self.ready = True

    def close(self) -> None:
        self.store.close()

    def stale(self) -> list[dict[str, Any]]:
        """The lists older than ``SANCTIONWATCH_STALE_DAYS`` now (``/readyz``, ``/catalog``)."""
        return stale_summary(aged(self.statuses))

    def last_check(self) -> datetime | None:
        """When ``lists update`` last checked any list of this store (the scheduled refresh)."""
        checks = [status.last_check for status in self.statuses if status.last_check]
        return datetime.fromisoformat(max(checks)) if checks else None

    # -- scope and filters ----------------------------------------------------------------------
    def scope(self, dataset: str) -> set[str]:
        if dataset in self.collections:
            return set(self.collections[dataset])
        if dataset in self.datasets:
            return {dataset}
        raise ApiError(404, f"No such dataset: {dataset!r}; use one of {', '.join(self.all_datasets())}")

    def all_datasets(self) -> list[str]:
        return [*COLLECTIONS, *self.datasets]

    def keep(self, dataset: str, filters: Filters) -> Callable[[dict[str, Any]], bool]:
        """A test of an entity's data against the scope and every filter given."""
        scope = self.scope(dataset)
        for name in (*filters.include_dataset, *filters.exclude_dataset, *filters.datasets):
            if name not in self.datasets and name not in self.collections:
                raise ApiError(400, f"No such dataset: {name!r}; use one of {', '.join(self.all_datasets())}")
        include = set(filters.include_dataset)
        exclude = set(filters.exclude_dataset)
        excluded_schemata = {schema_of(name).name for name in filters.exclude_schema}
        for topic in filters.topics:
            if topic not in registry.topic.names:
                raise ApiError(400, f"Invalid topic: {topic!r} is not a FollowTheMoney topic")
        countries = set()
        for country in filters.countries:
            code = registry.country.clean(country)
            if code is None:
                raise ApiError(400, f"Invalid country: {country!r} is not a country code")
            countries.add(code)
        since = timestamp_filter(filters.changed_since)
        excluded = {self.catalogue.resolve(key) or key for key in filters.exclude_entity_ids}
        within = schema_of(filters.schema) if filters.schema else None
        for name, _ in filters.properties:
            if name not in property_names():
                raise ApiError(400, f"Invalid filter: no schema has a property {name!r}")
        pick: Callable[..., bool] = all if filters.all_of else any
        data = self.catalogue.data

        def accepted(facts: dict[str, Any]) -> bool:
            datasets = set(facts["datasets"])
            if not datasets & scope or datasets & exclude:
                return False
            if include and not datasets & include:
                return False
            if facts["schema"] in excluded_schemata or facts["id"] in excluded:
                return False
            if filters.datasets and not pick(name in datasets for name in filters.datasets):
                return False
            if countries and not pick(code in facts["countries"] for code in countries):
                return False
            if since and (facts["last_change"] or "") < since:
                return False
            if within is not None and not model.get(facts["schema"]).is_a(within):  # type: ignore[union-attr]
                return False
            if filters.target is not None and facts["target"] != filters.target:
                return False
            if filters.topics:
                topics = facts["topics"] if facts["topics"] is not None else topics_of(data(facts["id"]))
                if not pick(topic in topics for topic in filters.topics):
                    return False
            properties = data(facts["id"])["properties"] if filters.properties else {}
            return all(value in properties.get(name, []) for name, value in filters.properties)

        return accepted

    # -- matching -------------------------------------------------------------------------------
    def match(
        self,
        dataset: str,
        example: EntityExample,
        *,
        threshold: float,
        cutoff: float,
        limit: int,
        algorithm: str,
        filters: Filters,
    ) -> dict[str, Any]:
        """One query of a /match batch, answered as yente does: results above ``cutoff``, best
        first, ``total`` the number of them at or above ``threshold``. Scores, ``threshold`` and
        ``cutoff`` are on yente's scale (``screening/scale.py``)."""
        schema, properties = clean_example(example)
        query_schema = None if schema.name == "Thing" else schema
        keep = self.keep(dataset, filters)
        compatible = {s.name for s in query_schema.matchable_schemata} if query_schema else None

        def accept(subject: Subject) -> bool:
            if compatible is not None and subject.schema not in compatible:
                return False
            return keep(self.catalogue.facts[subject.id])

        names = [v for name, values in properties.items() if is_name(schema, name) for v in values]
        imo = first(properties.get("imoNumber"))
        if not names and not imo:
            raise ApiError(400, "a query needs a 'name' property (or 'imoNumber' for a vessel)")
        evidence = algorithm != "name-based"
        if not evidence and names:
            imo = None
        dob = birth_date(example, properties.get("birthDate")) if evidence else None
        country = first([v for n, vs in properties.items() if is_country(schema, n) for v in vs])
        # the vessel's MMSI, checked whatever the algorithm; weighed as the IMO number is: a listed
        # vessel whose MMSIs are known and are not this one is another vessel (features.py)
        mmsi = query_mmsi(properties.get("mmsi"))
        best: dict[str, Match] = {}
        for name in names or [""]:
            query = screening_query(
                name, kind_of(schema), imo, dob, country if evidence else None, mmsi if evidence else None
            )
            for found in screen_where(self.matcher, query, from_yente(cutoff), accept):
                if found.subject.id not in best or found.score > best[found.subject.id].score:
                    best[found.subject.id] = found
        ranked = sorted(
            (m for m in best.values() if to_yente(m.score) > cutoff), key=lambda m: (-m.score, m.subject.id)
        )
        return {
            "status": 200,
            "results": [self.scored(match, threshold) for match in ranked[:limit]],
            "total": {"value": sum(to_yente(m.score) >= threshold for m in ranked), "relation": "eq"},
            "query": {"id": example.id, "schema": schema.name, "properties": properties},
        }

    def scored(self, match: Match, threshold: float) -> dict[str, Any]:
        explanations = feature_results(match)
        return {
            **self.catalogue.data(match.subject.id),
            "score": round(to_yente(match.score), 3),
            "match": to_yente(match.score) >= threshold,
            "explanations": explanations,
            # as yente gives it: each feature that scored, the name among them
            "features": {feature: result["score"] for feature, result in explanations.items()},
            "explanation": match.explanation,
        }

    # -- search ---------------------------------------------------------------------------------
    def search(
        self,
        dataset: str,
        q: str,
        filters: Filters,
        *,
        limit: int,
        offset: int,
        facets: list[str],
        sort: list[str],
    ) -> dict[str, Any]:
        keep = self.keep(dataset, filters)
        schema = schema_of(filters.schema or "Thing")
        if q.strip():
            # q is at most MAX_NAME_LENGTH characters (the route refuses a longer one with 422),
            # so make_query, given no other field, has nothing to refuse
            query = make_query(q, kind_of(schema))
            # yente's reading first (every word in a name), then names that only resemble q
            subjects = self.matcher.index.subjects
            found = [subjects[number].id for number in self.words().find(q)]
            resembling = self.matcher.screen(query, SEARCH_THRESHOLD, limit=len(self.catalogue))
            found += [match.subject.id for match in resembling]
            hits = [facts for key in dict.fromkeys(found) if keep(facts := self.catalogue.facts[key])]
        else:
            hits = [self.catalogue.facts[key] for key in sorted(self.catalogue.facts)]
            hits = [facts for facts in hits if keep(facts)]
        hits = sort_entities(hits, sort)
        return {
            "results": [self.catalogue.data(facts["id"]) for facts in hits[offset : offset + limit]],
            "total": {"value": len(hits), "relation": "eq"},
            "limit": limit,
            "offset": offset,
            "facets": {name: self.facet(name, hits) for name in facets},
        }

    def words(self) -> WordIndex:
        """The names by their words, for /search (made on the first search: 0.2 s)."""
        with self.lock:
            if self._words is None:
                self._words = WordIndex(self.matcher.index)
            return self._words

    def facet(self, name: str, hits: list[dict[str, Any]]) -> dict[str, Any]:
        """Counts of one facet's values over all hits (``genders`` and ``identifiers`` read each
        hit's data, so they cost a millisecond a hit the first time)."""
        counts: Counter[str] = Counter()
        for facts in hits:
            if name == "datasets":
                counts.update(facts["datasets"])
            elif name == "schema":
                counts[facts["schema"]] += 1
            elif name == "countries":
                counts.update(facts["countries"])
            elif name == "topics":
                topics = facts["topics"]
                counts.update(topics if topics is not None else topics_of(self.catalogue.data(facts["id"])))
            elif name == "genders":
                counts.update(self.catalogue.data(facts["id"])["properties"].get("gender", []))
            elif name == "identifiers":
                counts.update(identifiers_of(self.catalogue.data(facts["id"])))
        labels = {"datasets": "Data sources", "schema": "Entity types", "countries": "Countries"}
        return {
            "label": labels.get(name, name.title()),
            "values": [
                {"name": value, "label": self.label(name, value), "count": count}
                for value, count in counts.most_common()
            ],
        }

    def label(self, facet: str, value: str) -> str:
        if facet == "countries":
            return registry.country.caption(value) or value
        if facet == "topics":
            return registry.topic.caption(value) or value
        if facet == "schema":
            return getattr(model.get(value), "plural", value)
        if facet == "datasets":
            return self.titles().get(value, value)
        return value

    def titles(self) -> dict[str, str]:
        from sanctionwatch.api.catalog import known_datasets

        return {name: item.get("title", name) for name, item in known_datasets().items()}

    # -- entities -------------------------------------------------------------------------------
    def canonical(self, entity_id: str) -> str:
        """The canonical id of ``entity_id``; ``Moved`` when the id is not itself canonical."""
        found = self.catalogue.resolve(entity_id)
        if found is None:
            raise ApiError(404, f"No such entity: {entity_id!r}")
        if found != entity_id:
            raise Moved(found)
        return found

    def entity(self, entity_id: str, nested: bool) -> dict[str, Any]:
        canonical = self.canonical(entity_id)
        data = self.catalogue.data(canonical)
        return self.nest(data) if nested else data

    def nest(self, data: dict[str, Any]) -> dict[str, Any]:
        """The entity with its related entities inside its properties, one edge deep, as yente's
        ``nested=true`` gives it: inbound ones under the reverse property (a Sanction's ``entity``
        appears as ``sanctions``), outbound references replaced by the entity they name."""
        properties: dict[str, list[Any]] = defaultdict(list)
        properties.update({k: list(v) for k, v in data["properties"].items()})
        for name, items in self.adjacent_by_property(data).items():
            properties[name] = items
        return {**data, "properties": dict(properties)}

    def adjacent_by_property(self, data: dict[str, Any]) -> dict[str, list[Any]]:
        schema = model.get(data["schema"])
        found: dict[str, list[Any]] = defaultdict(list)
        if schema is None:
            return found
        for related in self.catalogue.related(data["id"]):
            other = model.get(related["schema"])
            for name, values in related.get("properties", {}).items():
                prop = other.properties.get(name) if other else None
                if prop is not None and prop.type == registry.entity and data["id"] in values:
                    reverse = prop.reverse.name if prop.reverse is not None else name
                    shaped = {**related, "properties": without(related["properties"], data["id"])}
                    found[reverse].append(shaped)
        for name, values in data["properties"].items():
            prop = schema.properties.get(name)
            if prop is not None and prop.type == registry.entity:
                found[name] = [self._outbound(value) for value in values]
        return found

    def _outbound(self, value: str) -> Any:
        canonical = self.catalogue.resolve(value)
        return self.catalogue.data(canonical) if canonical else value

    def adjacent(self, entity_id: str, prop: str | None, limit: int, offset: int) -> dict[str, Any]:
        canonical = self.canonical(entity_id)
        data = self.catalogue.data(canonical)
        schema = model.get(data["schema"])
        grouped = self.adjacent_by_property(data)
        if prop is not None:
            found = schema.properties.get(prop) if schema else None
            if found is None or found.type != registry.entity:
                raise ApiError(404, f"No such property: {data['schema']} has no entity property {prop!r}")
            return page_of(grouped.get(prop, []), limit, offset)
        return {
            "entity": data,
            "adjacent": {name: page_of(items, limit, offset) for name, items in grouped.items()},
        }

    def statements(
        self, entity_id: str | None, canonical_id: str | None, filters: dict[str, str | None]
    ) -> list[dict[str, Any]]:
        """The entity's data as statements, one per list record, property and value: which list
        said what (yente's ``/statements``, which yente leaves to the OpenSanctions API)."""
        if not entity_id and not canonical_id:
            raise ApiError(400, "give entity_id (a list record) or canonical_id (an entity)")
        canonical = self.catalogue.resolve(canonical_id or entity_id or "")
        records = [
            record
            for record in self.catalogue.records.get(canonical or "", [])
            if not entity_id or record.id == entity_id
        ]
        found = []
        for record in records:
            data = to_ftm([record])
            schema = model.get(data["schema"])
            for prop, values in data["properties"].items():
                for value in values:
                    found.append(_statement(record, canonical or record.id, schema, prop, value))
        return [
            item
            for item in found
            if all(value is None or item[key] == value for key, value in filters.items())
        ]

    # -- claims and runs ------------------------------------------------------------------------
    def run_data(self) -> dict[str, Any]:
        from sanctionwatch.cases.run import load
        from sanctionwatch.errors import StoreError

        try:
            with self.lock:
                return load(self.store)
        except StoreError as exc:
            raise ApiError(404, str(exc)) from exc

    def algorithms(self) -> dict[str, Any]:
        features = {
            "name_match": feature_doc(
                "How alike the names are, after transliteration and normalisation.", 1.0
            ),
            **{
                feature.__name__: feature_doc((feature.__doc__ or "").strip(), effect)
                for feature, effect in FEATURES
            },
        }
        algorithms = []
        for name, description in ALGORITHMS.items():
            used = features if name != "name-based" else {"name_match": features["name_match"]}
            docs = {"name": name, "description": description, "config": {}, "features": used}
            algorithms.append({"name": name, "description": description, "features": used, "docs": docs})
        return {"algorithms": algorithms, "default": "best", "best": BEST}


def _statement(
    record: ListEntity, canonical: str, schema: Schema | None, prop: str, value: str
) -> dict[str, Any]:
    seen = f"{record.list_date}T00:00:00" if record.list_date else "1970-01-01T00:00:00"
    key = f"{record.dataset}.{record.id}.{prop}.{value}".encode()
    prop_type = (
        schema.properties[prop].type.name if schema is not None and prop in schema.properties else "string"
    )
    return {
        "id": hashlib.sha1(key).hexdigest(),
        "entity_id": record.id,
        "canonical_id": canonical,
        "prop": prop,
        "prop_type": prop_type,
        "schema": record.schema,
        "value": value,
        "original_value": None,
        "dataset": record.dataset,
        "lang": None,
        "origin": None,
        "first_seen": seen,
        "last_seen": seen,
    }


__all__ = ["Service"]
