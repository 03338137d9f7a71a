"""The data catalogue yente clients read at ``/catalog``: each list in the store as a dataset,
with its publisher and dates, and the ``sanctions`` and ``default`` collections over them."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from followthemoney.types import registry

from sanctionwatch.lists.ids import program_id

if TYPE_CHECKING:
    from sanctionwatch.api.service import Service

DATA = resources.files("sanctionwatch") / "data" / "api" / "datasets.json"


@cache
def _known() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
    return loaded


def known_datasets() -> dict[str, dict[str, Any]]:
    """Titles, publishers and URLs of the lists the service knows by name."""
    datasets: dict[str, dict[str, Any]] = _known()["datasets"]
    return datasets


def _publisher(publisher: dict[str, Any] | None) -> dict[str, Any] | None:
    if publisher is None:
        return None
    country = publisher.get("country")
    return {**publisher, "country_label": registry.country.caption(country) if country else None}


def catalog(service: Service) -> dict[str, Any]:
    known = known_datasets()
    counts = {name: 0 for name in service.datasets}
    for subject in service.matcher.index.subjects:
        for name in subject.datasets:
            counts[name] = counts.get(name, 0) + 1
    datasets = []
    for name in service.datasets:
        load = service.loads.get(name, {})
        about = known.get(name, {})
        version = (load.get("list_date") or str(load.get("loaded_at", ""))[:10] or "unknown").replace("-", "")
        datasets.append(
            {
                "name": name,
                "title": about.get("title", name),
                "summary": f"Loaded from {load.get('format', 'a list file')}"
                + (f", published {load['list_date']}" if load.get("list_date") else ""),
                "url": about.get("url"),
                "publisher": _publisher(about.get("publisher")),
                "load": True,
                "version": version,
                "index_version": version,
                "index_current": True,
                "entity_count": counts.get(name, 0),
                "updated_at": str(load["loaded_at"]).replace(" ", "T")[:19]
                if load.get("loaded_at")
                else None,
                "children": [],
                "tags": ["list.sanction"] if name in service.collections["sanctions"] else [],
            }
        )
    newest = max((d["version"] for d in datasets), default="unknown")
    for name, summary in _known()["collections"].items():
        children = service.collections[name]
        datasets.append(
            {
                "name": name,
                "title": summary,
                "summary": summary,
                "load": True,
                "version": newest,
                "index_version": newest,
                "index_current": True,
                "entity_count": sum(
                    1 for s in service.matcher.index.subjects if set(s.datasets) & set(children)
                ),
                "children": children,
                "tags": [],
            }
        )
    names = [d["name"] for d in datasets]
    found = {"datasets": datasets, "current": names, "outdated": [], "index_stale": False}
    # the lists older than SANCTIONWATCH_STALE_DAYS (lists/status.py), beside yente's fields
    return {**found, "stale": service.stale()}


def programs(service: Service) -> dict[str, Any]:
    """The sanctions programmes of the loaded lists in the shape of OpenSanctions' programme
    catalogue (``{"data": [program, ...]}``), each keyed by the ``programId`` that the list's
    Sanction entities carry, so a client can resolve those codes against this server."""
    known = known_datasets()
    data = []
    for dataset, program, records in service.programs:
        about = known.get(dataset, {})
        publisher = about.get("publisher")
        issuer = None
        if publisher is not None:
            issuer = {
                "name": publisher.get("name"),
                "acronym": publisher.get("acronym"),
                "territory": publisher.get("country"),
            }
        data.append(
            {
                "key": program_id(dataset, program),
                "title": program,
                "summary": f"{records:,} record(s) of {about.get('title', dataset)} list(s) it",
                "url": about.get("url"),
                "dataset": dataset,
                "issuer": issuer,
            }
        )
    return {"data": data}
