"""The monitoring run: route every source file to its reader, extract, detect, fuse, keep, publish."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from rich.progress import Progress

from sanctionwatch.cases.fusion import DocumentClaims, fuse
from sanctionwatch.cases.model import Incident
from sanctionwatch.claims.documents import read_document
from sanctionwatch.claims.entities import EntityLinker
from sanctionwatch.claims.extract import extract
from sanctionwatch.errors import InputError
from sanctionwatch.files import head
from sanctionwatch.lists.bundled import ensure_lists
from sanctionwatch.lists.loading import load_paths
from sanctionwatch.lists.readers import detect_format
from sanctionwatch.lists.readers.ofac_csv import COMPANIONS
from sanctionwatch.lists.store import Store
from sanctionwatch.maritime.ais_readers import READERS as AIS_READERS
from sanctionwatch.maritime.detect import detect, read_positions
from sanctionwatch.maritime.engines import DuckDBEngine
from sanctionwatch.maritime.vessels import VesselLookup
from sanctionwatch.screening.service import open_matcher

DEMO = Path(str(resources.files("sanctionwatch") / "data" / "demo"))
DOCUMENT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
TRACK_POINTS = 400
BACKGROUND_POINTS = 60


@dataclass
class Routed:
    lists: list[Path] = field(default_factory=list)
    ais: list[Path] = field(default_factory=list)
    documents: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)


@dataclass
class RunResult:
    sources: str
    documents: list[DocumentClaims]
    events: list[dict[str, Any]]
    incidents: list[Incident]
    inputs: list[dict[str, Any]]
    tracks: list[dict[str, Any]]
    skipped: list[str]
    lists_loaded: list[str]
    started: str
    seconds: float = 0.0

    def summary(self) -> dict[str, Any]:
        return {
            "sources": self.sources,
            "started": self.started,
            "seconds": round(self.seconds, 2),
            "documents": len(self.documents),
            "claims": sum(len(d.claims) for d in self.documents),
            "events": len(self.events),
            "incidents": len(self.incidents),
            "lists_loaded": self.lists_loaded,
            "skipped": self.skipped,
            "ais_input": self.inputs,
        }


def route(folder: Path) -> Routed:
    """Every file under ``folder`` sorted to the reader its content calls for."""
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder of sources")
    routed = Routed()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")):
        name = path.name.lower()
        if name.endswith(".truth.json"):
            routed.skipped.append(path)
            continue
        if path.name.removesuffix(".gz").removesuffix(".xz").removesuffix(".csv") in COMPANIONS:
            continue  # read with its sdn.csv
        first = head(path, 8192)
        if any(reader.detect(first) for reader in AIS_READERS):
            routed.ais.append(path)
        elif name.endswith(DOCUMENT_SUFFIXES):
            routed.documents.append(path)
        elif detect_format(path, first) is not None:
            routed.lists.append(path)
        else:
            routed.skipped.append(path)
    return routed


def run(store: Store, sources: Path | None = None, progress: bool = False) -> RunResult:
    started = time.perf_counter()
    folder = sources or DEMO
    routed = route(folder)
    lists_loaded = []
    if routed.lists:
        lists_loaded = [record.dataset for record in load_paths(store, routed.lists, progress=progress)]
    ensure_lists(store, progress=progress)
    matcher = open_matcher(store)
    linker = EntityLinker(matcher)
    lookup = VesselLookup.from_index(matcher.index)
    documents = []
    with Progress(disable=not progress, transient=True) as bar:
        task = bar.add_task("reading documents", total=len(routed.documents))
        for path in routed.documents:
            document = read_document(str(path))
            claims = [claim.as_dict() for claim in extract(document, linker)]
            documents.append(
                DocumentClaims(
                    name=str(path.relative_to(folder)),
                    publisher=document.meta.get("publisher") or path.stem,
                    date=document.meta.get("date"),
                    title=document.meta.get("title") or path.stem,
                    claims=claims,
                )
            )
            bar.advance(task)
    events: list[dict[str, Any]] = []
    inputs: list[dict[str, Any]] = []
    tracks: list[dict[str, Any]] = []
    if routed.ais:
        positions, summaries = read_positions(routed.ais, progress)
        found, vessels = detect(positions, DuckDBEngine(), lookup=lookup)
        events = [event.as_dict() for event in found]
        inputs = [summary.as_dict() for summary in summaries]
        tracks = _tracks(positions, events, vessels)
    incidents = fuse(documents, events)
    result = RunResult(
        sources=str(folder),
        documents=documents,
        events=events,
        incidents=incidents,
        inputs=inputs,
        tracks=tracks,
        skipped=[str(p) for p in routed.skipped],
        lists_loaded=lists_loaded,
        started=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
    result.seconds = time.perf_counter() - started
    save(store, result)
    return result


def _tracks(
    positions: Any, events: list[dict[str, Any]], vessels: dict[int, dict[str, Any]]
) -> list[dict[str, Any]]:
    """Each vessel's track, thinned for the map: full detail for vessels in events with a list
    reference or an encounter, a sketch for the rest of the traffic."""
    import pyarrow.compute as pc

    featured = {m for e in events if e["sanctioned"] or e["type"] in ("encounter", "gap") for m in e["mmsi"]}
    order = pc.sort_indices(positions, sort_keys=[("mmsi", "ascending"), ("t", "ascending")])
    table = positions.take(order).select(["mmsi", "t", "lat", "lon"]).to_pydict()
    tracks: dict[int, list[list[float]]] = {}
    for mmsi, t, lat, lon in zip(table["mmsi"], table["t"], table["lat"], table["lon"], strict=True):
        tracks.setdefault(mmsi, []).append([round(lat, 4), round(lon, 4), t])
    result = []
    for mmsi, points in tracks.items():
        limit = TRACK_POINTS if mmsi in featured else BACKGROUND_POINTS
        step = max(1, len(points) // limit)
        info = vessels.get(mmsi, {})
        result.append(
            {
                "mmsi": mmsi,
                "name": info.get("name"),
                "imo": info.get("imo"),
                "featured": mmsi in featured,
                "points": points[::step] + ([points[-1]] if (len(points) - 1) % step else []),
            }
        )
    return result


RESULT_KINDS = ("summary", "documents", "events", "incidents", "tracks")


def save(store: Store, result: RunResult) -> None:
    """Keep the run in the store, so that ``sanctionwatch report`` can rebuild the report."""
    store.con.execute("CREATE TABLE IF NOT EXISTS run_results (kind VARCHAR PRIMARY KEY, data VARCHAR)")
    data = {
        "summary": result.summary(),
        "documents": [d.__dict__ for d in result.documents],
        "events": result.events,
        "incidents": [i.as_dict() for i in result.incidents],
        "tracks": result.tracks,
    }
    store.con.execute("BEGIN TRANSACTION")
    try:
        store.con.execute("DELETE FROM run_results")
        for kind, value in data.items():
            store.con.execute(
                "INSERT INTO run_results VALUES (?, ?)", [kind, json.dumps(value, ensure_ascii=False)]
            )
        store.con.execute("COMMIT")
    except BaseException:
        store.con.execute("ROLLBACK")
        raise


def load(store: Store) -> dict[str, Any]:
    """The latest run kept in the store."""
    from sanctionwatch.errors import StoreError

    try:
        rows = store.con.execute("SELECT kind, data FROM run_results").fetchall()
    except Exception as exc:  # duckdb.CatalogException: no run yet
        raise StoreError(f"{store.path}: no monitoring run yet; run 'sanctionwatch run' first") from exc
    if not rows:
        raise StoreError(f"{store.path}: no monitoring run yet; run 'sanctionwatch run' first")
    return {kind: json.loads(data) for kind, data in rows}
