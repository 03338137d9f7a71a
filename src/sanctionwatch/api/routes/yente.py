"""yente's API over our lists: the same paths, parameters, defaults, statuses and response
shapes (yente 5.5), so that yente clients switch by changing the URL. Screening runs in the
thread pool, never on the event loop, so that ``/healthz`` answers while a long query runs."""

from __future__ import annotations

import enum
from typing import Any

from fastapi import APIRouter, Depends, Path, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from sanctionwatch import __version__
from sanctionwatch.api.catalog import catalog as catalog_of
from sanctionwatch.api.catalog import programs as programs_of
from sanctionwatch.api.models import (
    MAX_BATCH,
    MAX_MATCHES,
    MAX_OFFSET,
    MAX_PAGE,
    TIMESTAMP,
    EntityAdjacentResponse,
    EntityMatchResponse,
    EntityResponse,
    MatchRequest,
    SearchResponse,
    StatusResponse,
)
from sanctionwatch.api.queries import MATCHER_INFO, Filters, algorithm_of
from sanctionwatch.api.routes import ERRORS, service
from sanctionwatch.api.security import ApiError, read_access
from sanctionwatch.api.service import Service
from sanctionwatch.screening.query import MAX_NAME_LENGTH

router = APIRouter(dependencies=[Depends(read_access)])
DATASET = Path(description="A list (un_sc, us_ofac_sdn, ...) or a collection: sanctions, default")
MOVED: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    308: {"description": "The id is a referent of another entity"},
}
PAGE_LIMIT = Query(10, ge=0, le=MAX_PAGE, description="Results per page")
PAGE_OFFSET = Query(0, ge=0, le=MAX_OFFSET, description="Results to skip")


class Facet(enum.StrEnum):
    DATASETS = "datasets"
    SCHEMA = "schema"
    COUNTRIES = "countries"
    IDENTIFIERS = "identifiers"
    TOPICS = "topics"
    GENDERS = "genders"


class Operator(enum.StrEnum):
    OR = "OR"
    AND = "AND"


@router.post("/match/{dataset}", response_model=EntityMatchResponse, responses=ERRORS, tags=["screening"])
async def match(
    body: MatchRequest,
    dataset: str = DATASET,
    limit: int = Query(5, ge=0, le=MAX_MATCHES, description="Results per query"),
    threshold: float = Query(0.7, ge=0.0, le=1.0, description="Score at which a result is a match"),
    cutoff: float = Query(
        0.7, ge=0.0, le=1.0, description="Results must score above this (at most threshold)"
    ),
    algorithm: str = Query("best", max_length=100, description="best, sanctionwatch or name-based"),
    include_dataset: list[str] = Query([], description="Only entities on one of these lists"),
    exclude_dataset: list[str] = Query([], description="No entity on any of these lists"),
    exclude_schema: list[str] = Query([], description="No entity of these schemata"),
    topics: list[str] = Query([], description="Only entities with one of these topics"),
    changed_since: str | None = Query(None, pattern=TIMESTAMP, description="Only entities changed since"),
    exclude_entity_ids: list[str] = Query(
        [], max_length=50, description="Entities (or referents) to leave out"
    ),
    svc: Service = Depends(service),
) -> JSONResponse:
    """Match entities against the lists, as yente's ``/match`` does: each query an FtM entity
    (schema and properties); results above ``cutoff`` best first, ``match`` at ``threshold``,
    ``total`` the number of matches. Each result explains its score in yente's ``explanations``
    (feature: score, detail) and in our own ``explanation``."""
    name = algorithm_of(algorithm)
    for key in body.config:
        raise ApiError(400, f"Invalid configuration parameter: {key} for algorithm {name}")
    if body.weights:
        raise ApiError(400, f"Invalid weights: algorithm {name} takes none ({', '.join(body.weights)})")
    if not body.queries:
        raise ApiError(400, "No queries provided.")
    if len(body.queries) > MAX_BATCH:
        raise ApiError(400, f"Too many queries in one batch (limit: {MAX_BATCH})")
    filters = Filters(
        include_dataset=include_dataset,
        exclude_dataset=exclude_dataset,
        exclude_schema=exclude_schema,
        topics=topics,
        changed_since=changed_since,
        exclude_entity_ids=exclude_entity_ids,
    )

    def answer() -> dict[str, Any]:
        options = {"threshold": threshold, "cutoff": min(cutoff, threshold), "limit": limit}
        responses = {}
        for key, example in body.queries.items():
            try:
                responses[key] = svc.match(dataset, example, algorithm=name, filters=filters, **options)  # type: ignore[arg-type]
            except ApiError as exc:
                # in a batch of queries, say which one holds the value to fix
                if exc.status == 422:
                    raise ApiError(422, f"{exc.message} (query {key!r})", exc.headers) from exc
                raise
        return responses

    responses = await run_in_threadpool(answer)
    return JSONResponse(
        {"responses": responses, "limit": limit, "matcher": {**MATCHER_INFO, "requested": algorithm}},
        headers={"x-batch-size": str(len(responses))},
    )


@router.get("/search/{dataset}", response_model=SearchResponse, responses=ERRORS, tags=["screening"])
def search(
    dataset: str = DATASET,
    q: str = Query("", max_length=MAX_NAME_LENGTH, description="Text to look for in names"),
    schema: str = Query("Thing", max_length=100, description="Only entities of this schema"),
    include_dataset: list[str] = Query([]),
    exclude_dataset: list[str] = Query([]),
    exclude_schema: list[str] = Query([]),
    changed_since: str | None = Query(None, pattern=TIMESTAMP),
    countries: list[str] = Query([], description="Country codes"),
    topics: list[str] = Query([]),
    datasets: list[str] = Query([], description="Lists, for faceting (see filter_op)"),
    filter: list[str] = Query([], description="properties.NAME:VALUE, e.g. properties.imoNumber:IMO9179842"),
    limit: int = Query(10, ge=0, le=MAX_PAGE),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
    sort: list[str] = Query([], description="id, caption, schema, first_seen, ... with :asc or :desc"),
    target: bool | None = Query(None, description="Only (or no) targets: every listed entity is one"),
    fuzzy: bool = Query(False, description="Accepted for yente's clients: names are always compared fuzzily"),
    simple: bool = Query(False, description="Accepted for yente's clients: q has no query syntax"),
    facets: list[Facet] = Query([Facet.COUNTRIES, Facet.TOPICS, Facet.DATASETS]),
    filter_op: Operator = Query(
        Operator.OR, description="Several topics, countries or datasets: any (OR) or all (AND)"
    ),
    svc: Service = Depends(service),
) -> JSONResponse:
    """Entities whose names resemble ``q`` (best first), or every entity in scope without it,
    with facet counts over all hits."""
    properties = []
    for item in filter:
        field, sep, value = item.partition(":")
        if not sep or not field.startswith("properties.") or not value:
            raise ApiError(400, f"Invalid filter: {item!r}; use properties.NAME:VALUE")
        properties.append((field.removeprefix("properties."), value))
    filters = Filters(
        include_dataset=include_dataset,
        exclude_dataset=exclude_dataset,
        exclude_schema=exclude_schema,
        topics=topics,
        changed_since=changed_since,
        countries=countries,
        datasets=datasets,
        schema=schema,
        target=target,
        properties=properties,
        all_of=filter_op == Operator.AND,
    )
    limit = max(0, min(limit, MAX_RESULTS_WINDOW - offset))
    found = svc.search(
        dataset, q, filters, limit=limit, offset=offset, facets=[f.value for f in facets], sort=sort
    )
    return JSONResponse(found)


MAX_RESULTS_WINDOW = 9999


@router.get(
    "/entities/{entity_id}",
    response_model=EntityResponse,
    responses=MOVED,
    tags=["lists"],
)
def entity(
    entity_id: str = Path(max_length=300),
    nested: bool = Query(True, description="Related entities (sanctions, addresses) inside"),
    svc: Service = Depends(service),
) -> JSONResponse:
    """One entity, its list records merged; a referent or list reference (KPi.023) redirects."""
    return JSONResponse(svc.entity(entity_id, nested))


@router.get(
    "/entities/{entity_id}/adjacent",
    response_model=EntityAdjacentResponse,
    responses=MOVED,
    tags=["lists"],
)
def adjacent(
    entity_id: str = Path(max_length=300),
    limit: int = PAGE_LIMIT,
    offset: int = PAGE_OFFSET,
    svc: Service = Depends(service),
) -> JSONResponse:
    """The entities related to one, by property, a page of each."""
    return JSONResponse(svc.adjacent(entity_id, None, limit, offset))


@router.get(
    "/entities/{entity_id}/adjacent/{property_name}",
    responses=MOVED,
    tags=["lists"],
)
def adjacent_property(
    entity_id: str = Path(max_length=300),
    property_name: str = Path(max_length=100),
    limit: int = PAGE_LIMIT,
    offset: int = PAGE_OFFSET,
    svc: Service = Depends(service),
) -> JSONResponse:
    """The entities related to one through one property, a page of them."""
    return JSONResponse(svc.adjacent(entity_id, property_name, limit, offset))


@router.get("/statements", responses=ERRORS, tags=["lists"])
def statements(
    entity_id: str | None = Query(None, max_length=300, description="A list record's id"),
    canonical_id: str | None = Query(None, max_length=300, description="An entity's id"),
    dataset: str | None = Query(None, max_length=100),
    prop: str | None = Query(None, max_length=100),
    value: str | None = Query(None, max_length=1000),
    schema: str | None = Query(None, max_length=100),
    limit: int = Query(1000, ge=0, le=5000),
    offset: int = Query(0, ge=0),
    svc: Service = Depends(service),
) -> JSONResponse:
    """Which list said what about an entity: one statement per list record, property and value."""
    filters = {"dataset": dataset, "prop": prop, "value": value, "schema": schema}
    found = svc.statements(entity_id, canonical_id, filters)
    return JSONResponse(
        {
            "results": found[offset : offset + limit],
            "total": {"value": len(found), "relation": "eq"},
            "limit": limit,
            "offset": offset,
        }
    )


@router.get("/catalog", responses=ERRORS, tags=["service"])
def catalog(svc: Service = Depends(service)) -> JSONResponse:
    """The lists loaded, as datasets with their publishers and dates, and the collections."""
    return JSONResponse(catalog_of(svc))


@router.get("/programs", responses=ERRORS, tags=["service"])
def programs(svc: Service = Depends(service)) -> JSONResponse:
    """The sanctions programmes of the loaded lists, keyed as their Sanction entities' ``programId``
    (the shape of OpenSanctions' programme catalogue, which ``yente-client``'s ``programs()``
    reads)."""
    return JSONResponse(programs_of(svc))


@router.get("/algorithms", responses=ERRORS, tags=["service"])
def algorithms(svc: Service = Depends(service)) -> JSONResponse:
    """The scoring algorithms /match accepts; ``best`` is the default."""
    return JSONResponse(svc.algorithms())


@router.get("/healthz", responses=ERRORS, tags=["service"])
async def healthz(svc: Service = Depends(service)) -> dict[str, Any]:
    """Liveness, with the date of every loaded list (answered on the event loop, never queued
    behind screening)."""
    return {"status": "ok", "version": __version__, "lists": svc.list_dates}


@router.get("/readyz", response_model=StatusResponse, responses={**ERRORS, 503: {}}, tags=["service"])
async def readyz(svc: Service = Depends(service)) -> dict[str, Any]:
    """Ready: the lists and the screening index are loaded."""
    if not svc.ready:
        raise ApiError(503, "Index not ready.")
    return {"status": "ok", "stale": svc.stale()}
