"""OpenRefine's reconciliation (the Reconciliation Service API 0.2, as yente serves it): the
manifest, batches of queries (form field or query parameter ``queries``), suggest for
entities, types and properties, and a preview page per entity."""

from __future__ import annotations

import json
import unicodedata
from functools import lru_cache
from typing import Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from followthemoney import model
from followthemoney.schema import Schema
from followthemoney.types import registry
from pydantic import BaseModel, Field, RootModel, ValidationError

from sanctionwatch.api.models import MAX_BATCH, EntityExample
from sanctionwatch.api.queries import Filters, algorithm_of
from sanctionwatch.api.routes import ERRORS, service
from sanctionwatch.api.security import ApiError, read_access
from sanctionwatch.api.service import Service

router = APIRouter(
    prefix="/reconcile/{dataset}", dependencies=[Depends(read_access)], tags=["reconciliation"]
)
#: Suggestions per list, as yente gives them.
SUGGESTIONS = 5


class PropertyValue(BaseModel):
    pid: str = Field(max_length=200)
    v: str | list[str]


class ReconQuery(BaseModel):
    query: str | None = Field(None, max_length=1000)
    type: str | list[str] | None = None
    limit: int = Field(5, ge=0, le=100)
    properties: list[PropertyValue] = []


Batch = RootModel[dict[str, ReconQuery]]


def _type(schema: Schema) -> dict[str, Any]:
    return {"id": schema.name, "name": schema.plural, "description": schema.description or schema.label}


def _schemata(svc: Service, dataset: str) -> list[Schema]:
    """The schemata of the entities in scope, which OpenRefine offers as types."""
    scope = svc.scope(dataset)
    names = {s.schema for s in svc.matcher.index.subjects if set(s.datasets) & scope}
    return sorted((model.get(n) for n in names if model.get(n) is not None), key=lambda s: s.name)  # type: ignore[misc]


@router.get("", responses=ERRORS)
def manifest(
    request: Request,
    dataset: str,
    queries: str | None = Query(None, max_length=100_000, description="JSON: {key: {query, type, limit}}"),
    algorithm: str = Query("best"),
    svc: Service = Depends(service),
) -> dict[str, Any]:
    """The service manifest OpenRefine reads when the service is added; with ``queries``, their
    answers (the Reconciliation API allows a batch in the URL, as yente does)."""
    if queries:
        return reconcile(svc, dataset, queries, algorithm)
    base = str(request.base_url).rstrip("/")
    here = f"{base}/reconcile/{dataset}"
    keep = f"?{request.url.query}" if request.url.query else ""  # an API key in the URL stays
    return {
        "versions": ["0.2"],
        "name": f"sanctionwatch: {dataset}",
        "identifierSpace": f"{base}/entities/",
        "schemaSpace": "https://followthemoney.tech/explorer/schemata/",
        "documentation": f"{base}/docs",
        "view": {"url": f"{base}/entities/{{{{id}}}}"},
        "batchSize": 10,
        "preview": {"url": f"{here}/preview?id={{{{id}}}}", "width": 430, "height": 300},
        "suggest": {
            kind: {"service_url": here, "service_path": f"/suggest/{kind}{keep}"}
            for kind in ("entity", "type", "property")
        },
        "extend": {
            "propose_properties": {"service_url": here, "service_path": f"/extend/property{keep}"},
            "propose_settings": [
                {
                    "name": "limit",
                    "label": "Limit",
                    "type": "number",
                    "default": 0,
                    "help_text": "Most values per row (0: all)",
                    "choices": [],
                }
            ],
        },
        "defaultTypes": [_type(schema) for schema in _schemata(svc, dataset)],
    }


@router.post("", responses=ERRORS)
async def queries_form(
    dataset: str,
    queries: str | None = Form(None, max_length=1_000_000, description="JSON: {key: {query, type, limit}}"),
    extend: str | None = Form(None, max_length=1_000_000, description="JSON: {ids, properties}"),
    algorithm: str = Query("best"),
    svc: Service = Depends(service),
) -> dict[str, Any]:
    """A batch of reconciliation queries, or a data extension, sent as OpenRefine sends them
    (form fields)."""
    if extend:
        return await run_in_threadpool(extend_rows, svc, dataset, extend)
    if not queries:
        raise ApiError(400, "send 'queries' (or 'extend') as a form field")
    return await run_in_threadpool(reconcile, svc, dataset, queries, algorithm)


class ExtendProperty(BaseModel):
    id: str = Field(max_length=200)
    settings: dict[str, Any] = {}


class Extension(BaseModel):
    ids: list[str] = Field(max_length=MAX_BATCH)
    properties: list[ExtendProperty] = Field(max_length=100)


def extend_rows(svc: Service, dataset: str, data: str) -> dict[str, Any]:
    """The values of the properties asked for, for each entity id (data extension)."""
    svc.scope(dataset)
    try:
        query = Extension.model_validate_json(data)
    except ValidationError as exc:
        raise ApiError(400, f"Invalid extension: {exc.errors()[0]['msg']}") from None
    meta: dict[str, dict[str, str]] = {}
    rows: dict[str, dict[str, list[dict[str, str]]]] = {}
    for entity_id in query.ids:
        canonical = svc.catalogue.resolve(entity_id)
        entity = svc.catalogue.data(canonical) if canonical else None
        schema = model.get(entity["schema"]) if entity else None
        row: dict[str, list[dict[str, str]]] = {}
        for item in query.properties:
            prop = schema.get(item.id) if schema else None
            if entity is None or prop is None:
                continue
            meta.setdefault(item.id, {"id": prop.name, "name": prop.label})
            values = [v for v in entity["properties"].get(prop.name, []) if isinstance(v, str)]
            try:
                limit = max(0, int(item.settings.get("limit") or 0))
            except (TypeError, ValueError):
                raise ApiError(400, f"Invalid extension: limit of {item.id} is not a number") from None
            row[item.id] = [{"str": prop.type.caption(v) or v} for v in values[: limit or None]]
        rows[entity_id] = row
    return {"meta": list(meta.values()), "rows": rows}


@router.get("/extend/property", responses=ERRORS)
def extend_properties(
    dataset: str,
    type: str = Query("Thing", max_length=100),
    limit: int = Query(0, ge=0, le=500),
    svc: Service = Depends(service),
) -> dict[str, Any]:
    """The properties OpenRefine may fetch for entities of a type."""
    svc.scope(dataset)
    schema = model.get(type)
    if schema is None:
        raise ApiError(400, f"Invalid type: {type!r}")
    found = [
        {"id": prop.name, "name": prop.label}
        for prop in schema.properties.values()
        if not prop.hidden and prop.type != registry.entity
    ]
    found.sort(key=lambda p: p["name"])
    return {"limit": limit, "type": schema.name, "properties": found[: limit or None]}


@router.get("/queries", responses=ERRORS, include_in_schema=False)
async def queries_get(
    dataset: str,
    queries: str = Query(..., max_length=100_000),
    algorithm: str = Query("best"),
    svc: Service = Depends(service),
) -> dict[str, Any]:
    return await run_in_threadpool(reconcile, svc, dataset, queries, algorithm)


def reconcile(svc: Service, dataset: str, data: str, algorithm: str) -> dict[str, Any]:
    try:
        batch = Batch.model_validate_json(data).root
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ApiError(400, f"Invalid queries: {where}: {first['msg']}") from None
    if len(batch) > MAX_BATCH:
        raise ApiError(400, f"Too many queries in one batch (limit: {MAX_BATCH})")
    name = algorithm_of(algorithm)
    return {key: {"result": _results(svc, dataset, query, name)} for key, query in batch.items()}


def _results(svc: Service, dataset: str, query: ReconQuery, algorithm: str) -> list[dict[str, Any]]:
    schema = query.type if isinstance(query.type, str) else (query.type or ["Thing"])[0]
    properties: dict[str, list[str]] = {"name": [query.query]} if query.query else {}
    for item in query.properties:
        prop = model.get_qname(item.pid) if ":" in item.pid else None
        name = prop.name if prop is not None else item.pid
        properties.setdefault(name, []).extend([item.v] if isinstance(item.v, str) else item.v)
    example = EntityExample.model_validate({"schema": schema, "properties": properties})
    found = svc.match(
        dataset, example, threshold=0.7, cutoff=0.0, limit=query.limit, algorithm=algorithm, filters=Filters()
    )
    return [
        {
            "id": item["id"],
            "name": item["caption"],
            "description": _describe(item),
            "type": [_type(model.get(item["schema"]))],  # type: ignore[arg-type]
            "score": item["score"],
            "match": item["match"],
        }
        for item in found["results"]
    ]


def _describe(item: dict[str, Any]) -> str:
    return f"{item['schema']} on {', '.join(item['datasets'])} ({', '.join(item['refs'])})"


@lru_cache(maxsize=300_000)
def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


def _words_begin(prefix: str, name: str) -> bool:
    """Each word of ``prefix`` begins some word of ``name``, in any order (Vladimir Put finds
    PUTIN, Vladimir)."""
    words = _words(name)
    return all(any(word.startswith(part) for word in words) for part in _fold(prefix).split())


@lru_cache(maxsize=300_000)
def _words(name: str) -> tuple[str, ...]:
    return tuple(_fold(name).replace(",", " ").split())


@router.get("/suggest/entity", responses=ERRORS)
def suggest_entity(
    dataset: str,
    prefix: str = Query("", max_length=200),
    limit: int = Query(10, ge=0, le=100),
    svc: Service = Depends(service),
) -> dict[str, Any]:
    """Entities with a name whose words begin with the prefix's words."""
    results: list[dict[str, Any]] = []
    scope = svc.scope(dataset)
    if prefix.strip():
        index = svc.matcher.index
        seen: set[int] = set()
        for name_id, text in enumerate(index.name_text):
            number = index.name_subject[name_id]
            subject = index.subjects[number]
            if number in seen or not set(subject.datasets) & scope or not _words_begin(prefix, text):
                continue
            seen.add(number)
            schema = model.get(subject.schema)
            results.append(
                {"id": subject.id, "name": subject.caption, "type": [_type(schema)] if schema else []}
            )
            if len(results) >= limit:
                break
    return {"code": "/api/status/ok", "status": "200 OK", "prefix": prefix, "result": results}


@router.get("/suggest/type", responses=ERRORS)
def suggest_type(
    dataset: str, prefix: str = Query("", max_length=200), svc: Service = Depends(service)
) -> dict[str, Any]:
    """The schemata in scope whose name or label begins with the prefix."""
    clean = prefix.strip().casefold()
    found = [
        _type(s)
        for s in _schemata(svc, dataset)
        if clean and (s.name.casefold().startswith(clean) or s.label.casefold().startswith(clean))
    ]
    return {"code": "/api/status/ok", "status": "200 OK", "prefix": prefix, "result": found[:SUGGESTIONS]}


@router.get("/suggest/property", responses=ERRORS)
def suggest_property(
    dataset: str, prefix: str = Query("", max_length=200), svc: Service = Depends(service)
) -> dict[str, Any]:
    """Properties of the schemata in scope (and their parents) that begin with the prefix."""
    clean = prefix.strip().casefold()
    schemata = {parent for s in _schemata(svc, dataset) for parent in s.schemata}
    found = []
    if clean:
        for prop in model.properties:
            if prop.schema not in schemata or prop.hidden or prop.type == registry.entity:
                continue
            if prop.name.casefold().startswith(clean) or prop.label.casefold().startswith(clean):
                found.append({"id": prop.qname, "name": prop.label, "description": prop.description})
    found.sort(key=lambda p: p["id"])
    return {
        "code": "/api/status/ok",
        "status": "200 OK",
        "prefix": prefix,
        "result": found[: SUGGESTIONS * 4],
    }


@router.get("/preview", response_class=HTMLResponse, responses=ERRORS)
def preview(
    dataset: str, id: str = Query(..., max_length=300), svc: Service = Depends(service)
) -> HTMLResponse:
    """A small page about one entity, for OpenRefine's preview pane (every value escaped)."""
    from sanctionwatch.api.ui import page

    svc.scope(dataset)
    canonical = svc.catalogue.resolve(id)
    if canonical is None:
        raise ApiError(404, f"No such entity: {id!r}")
    data = svc.catalogue.data(canonical)
    schema = model.get(data["schema"])
    rows = [
        (schema.properties[name].label if schema and name in schema.properties else name, values)
        for name, values in sorted(data["properties"].items())
    ]
    return page("preview.html", entity=data, rows=rows, json=json.dumps)
