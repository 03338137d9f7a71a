"""What a yente query means here: its schema and properties as FtM cleans them, the algorithm
asked for, its filters, and how results and explanations are shaped. Shared by /match, /search
and /reconcile; the service (``service.py``) runs them over the store and the index."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any

from followthemoney import model
from followthemoney.schema import Schema
from followthemoney.types import registry

from sanctionwatch.api.models import EntityExample
from sanctionwatch.api.security import ApiError
from sanctionwatch.errors import QueryError
from sanctionwatch.screening.matcher import Match
from sanctionwatch.screening.query import Query, make_query, read_date, read_mmsi

#: The scoring algorithms this server runs, under the names a yente client may ask for.
ALGORITHMS = {
    "sanctionwatch": "Transliteration-aware name matching (Korean, Russian and Chinese names in any"
    " romanization or script) with birth date, country and IMO number as evidence; every match explained.",
    "name-based": "The same name matching alone: birth dates, countries and identifiers given in the"
    " query are not weighed (yente's name-based algorithm does the same with its own name matcher).",
}


BEST = "sanctionwatch"


MATCHER_INFO = {"name": BEST, "description": ALGORITHMS[BEST]}


@dataclass
class Filters:
    """The scope and filters of a match or search, as yente's parameters give them."""

    include_dataset: list[str] = field(default_factory=list)
    exclude_dataset: list[str] = field(default_factory=list)
    exclude_schema: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    changed_since: str | None = None
    exclude_entity_ids: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    datasets: list[str] = field(default_factory=list)
    schema: str | None = None
    target: bool | None = None
    properties: list[tuple[str, str]] = field(default_factory=list)
    all_of: bool = False  # filter_op=AND: every topic, country and dataset given, not any


class Moved(Exception):
    """The id asked for is a referent (or a list reference) of this canonical id."""

    def __init__(self, canonical_id: str) -> None:
        super().__init__(canonical_id)
        self.canonical_id = canonical_id


def schema_of(name: str, what: str = "schema") -> Schema:
    schema = model.get(name)
    if schema is None:
        raise ApiError(400, f"Invalid {what}: {name!r} is not a FollowTheMoney schema")
    return schema


def kind_of(schema: Schema) -> str:
    if schema.is_a("Person"):
        return "person"
    if schema.is_a("Vehicle"):
        return "vessel"
    if schema.is_a("Organization"):
        return "organization"
    return "any"


def algorithm_of(name: str) -> str:
    """The algorithm a client asked for; yente's ``best`` is ours. Others are refused, not
    ignored: their scores would mean something else."""
    clean = name.strip().lower()
    if clean == "best":
        return BEST
    if clean in ALGORITHMS:
        return clean
    raise ApiError(400, f"Invalid algorithm: {name!r}; this server runs {', '.join(['best', *ALGORITHMS])}")


def clean_example(example: EntityExample) -> tuple[Schema, dict[str, list[str]]]:
    """The query's schema and its properties as FtM cleans them (``Russia`` becomes ``ru``). A
    schema FtM does not know or a property the schema does not have is a 400 naming it; a value
    that is not one (an impossible date, an unknown country) a 422 naming the field, as for any
    well-formed request whose values cannot be used."""
    schema = schema_of(example.schema_)
    if schema.name != "Thing" and not schema.matchable:
        raise ApiError(400, f"Invalid schema: {schema.name} entities cannot be matched")
    cleaned: dict[str, list[str]] = {}
    for name, values in example.properties.items():
        prop = schema.properties.get(name)
        if prop is None:
            raise ApiError(400, f"Invalid property: {schema.name} has no property {name!r}")
        for value in values:
            if not value.strip():
                continue
            clean = prop.type.clean(value, fuzzy=True, proxy=None) if prop.type != registry.name else value
            if clean is None and prop.type == registry.date:
                # as the CLI and a batch read it: 16.07.1969, 16 Jul 1969, c. 1960
                try:
                    clean = read_date(value)[0]
                except ValueError as exc:
                    problem = f"{value[:80]!r} is not a date ({exc})"
                    raise ApiError(422, f"Invalid value of {name}: {problem}") from None
            if clean is None:
                raise ApiError(422, f"Invalid value of {name}: {value[:80]!r} is not a {prop.type.label}")
            if clean not in cleaned.setdefault(name, []):
                cleaned[name].append(clean)
    return schema, {name: values for name, values in cleaned.items() if values}


def written_date(value: str) -> str | None:
    """A date as people write it (16.07.1969, 16 Jul 1969, c. 1960), read as the CLI and a batch
    read it, as the partial ISO date FtM keeps; None when it cannot be read."""
    try:
        return read_date(value)[0]
    except ValueError:
        return None


def feature_results(match: Match) -> dict[str, dict[str, Any]]:
    """Our explanation in yente's shape: ``{feature: {score, detail, query, candidate}}``."""
    explanation = match.explanation
    results: dict[str, dict[str, Any]] = {}
    if explanation.get("name_score") is not None:
        results["name_match"] = {
            "score": explanation["name_score"],
            "detail": explanation.get("name_comparison"),
            "query": (explanation.get("normalised") or {}).get("query"),
            "candidate": explanation.get("matched_name"),
        }
    for item in explanation.get("evidence", []):
        results[item["feature"]] = {
            "score": item["effect"],
            "detail": item["text"],
            "query": None,
            "candidate": None,
        }
    return results


def sort_entities(hits: list[dict[str, Any]], sort: list[str]) -> list[dict[str, Any]]:
    """Hits in the order ``sort`` asks (``field`` or ``field:asc|desc``, first key first);
    without one, as found (best first for a text query)."""
    allowed = {
        "id": "id",
        "canonical_id": "id",
        "caption": "caption",
        "schema": "schema",
        "first_seen": "first_seen",
        "last_seen": "last_seen",
        "last_change": "last_change",
    }
    for item in reversed(sort):
        name, _, order = item.partition(":")
        if name not in allowed or order not in ("", "asc", "desc"):
            raise ApiError(400, f"Invalid sort: {item!r}; sort by {', '.join(allowed)} with :asc or :desc")
        hits = sorted(hits, key=sort_key(allowed[name]), reverse=order == "desc")
    return hits


def sort_key(field: str) -> Callable[[dict[str, Any]], str]:
    return lambda data: data.get(field) or ""


@cache
def property_names() -> frozenset[str]:
    return frozenset(prop.name for prop in model.properties)


def page_of(items: list[Any], limit: int, offset: int) -> dict[str, Any]:
    return {
        "results": items[offset : offset + limit],
        "total": {"value": len(items), "relation": "eq"},
        "limit": limit,
        "offset": offset,
    }


def feature_doc(description: str, coefficient: float) -> dict[str, Any]:
    return {"description": description, "coefficient": coefficient, "url": "/docs#/screening"}


def without(properties: dict[str, list[Any]], entity_id: str) -> dict[str, list[Any]]:
    kept = {name: [v for v in values if v != entity_id] for name, values in properties.items()}
    return {name: values for name, values in kept.items() if values}


def identifiers_of(data: dict[str, Any]) -> list[str]:
    schema = model.get(data["schema"])
    if schema is None:
        return []
    return [
        value
        for name, values in data["properties"].items()
        if (prop := schema.properties.get(name)) is not None and prop.type == registry.identifier
        for value in values
    ]


def is_name(schema: Schema, name: str) -> bool:
    prop = schema.properties.get(name)
    return prop is not None and prop.type == registry.name


def is_country(schema: Schema, name: str) -> bool:
    prop = schema.properties.get(name)
    return prop is not None and prop.type == registry.country


def first(values: list[str] | None) -> str | None:
    return values[0] if values else None


#: Our query's fields whose unusable values are a 422 naming the property they came from, as a
#: value FtM cannot read is in ``clean_example``. An IMO number failing its check digit stays the
#: 400 it always was (a documented contract), as does what is missing from the query altogether.
UNUSABLE_VALUES = {"dob": "birthDate", "mmsi": "mmsi"}
#: The property each of our query's fields came from, to name it in a 400 too.
PROPERTIES = {**UNUSABLE_VALUES, "imo": "imoNumber", "name": "name", "country": "country"}


def screening_query(
    name: str, kind: str, imo: str | None, dob: str | None, country: str | None, mmsi: str | None = None
) -> Query:
    """Our query from a yente query's values (``dob`` as written: the screener reads it)."""
    try:
        return make_query(name, kind, imo, dob, country, mmsi)
    except QueryError as exc:
        raise refused(exc) from exc


def refused(exc: QueryError) -> ApiError:
    if exc.field in UNUSABLE_VALUES:
        return ApiError(422, f"Invalid value of {UNUSABLE_VALUES[exc.field]}: {exc}")
    if exc.field in PROPERTIES:
        return ApiError(400, f"Invalid value of {PROPERTIES[exc.field]}: {exc}")
    return ApiError(400, str(exc))


def query_mmsi(values: list[str] | None) -> str | None:
    """The query's first MMSI as nine digits; one that is not an MMSI is a 422 naming it."""
    try:
        return read_mmsi(first(values))
    except QueryError as exc:
        raise refused(exc) from exc


def birth_date(example: EntityExample, cleaned: list[str] | None) -> str | None:
    """The query's first birth date as written, when the screener reads it (so that "c. 1960"
    keeps its "about"), else as FtM cleaned it."""
    for value in example.properties.get("birthDate", []):
        if written_date(value) is not None:
            return value.strip()
    return first(cleaned)


def timestamp_filter(value: str | None) -> str | None:
    """``changed_since`` as a comparable ISO string; a date that does not exist is a 400."""
    if not value:
        return None
    try:
        datetime.fromisoformat(value if len(value) != 13 else value + ":00")
    except ValueError:
        raise ApiError(400, f"Invalid changed_since: {value!r} is not a date and time") from None
    return value
