"""The monitoring run: route every source file to its reader, extract, detect, fuse, keep, publish."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import pyarrow as pa
from rich.progress import Progress

from sanctionwatch.cases.attribution import Attributor, describe_vessels, listings
from sanctionwatch.cases.fusion import DocumentClaims, fuse
from sanctionwatch.cases.identity import AISVessels, tie_to_claims
from sanctionwatch.cases.model import Incident
from sanctionwatch.cases.reuse import KIND as FINGERPRINT
from sanctionwatch.cases.reuse import fingerprint
from sanctionwatch.claims.documents import Document, read_document
from sanctionwatch.claims.entities import EntityLinker
from sanctionwatch.claims.extract import extract
from sanctionwatch.errors import InputError
from sanctionwatch.files import head, plain_name
from sanctionwatch.lists.bundled import ensure_lists
from sanctionwatch.lists.readers import ListFile, detect_format, read_list
from sanctionwatch.lists.readers.ofac_csv import COMPANIONS
from sanctionwatch.lists.store import Store
from sanctionwatch.maritime.ais_readers import READERS as AIS_READERS
from sanctionwatch.maritime.detect import detect, read_positions
from sanctionwatch.maritime.engines import DuckDBEngine
from sanctionwatch.maritime.events import iso
from sanctionwatch.maritime.positions import InputSummary
from sanctionwatch.maritime.vessels import VesselLookup
from sanctionwatch.screening.service import open_matcher

DEMO = Path(str(resources.files("sanctionwatch") / "data" / "demo"))
DOCUMENT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
PDF_SUFFIXES = (".pdf",)
#: Files the run writes itself: read back as sources they would count our findings as evidence.
OUTPUT_NAMES = ("incidents.json", "claims.jsonl", "events.geojson", "report.html", "events.kml")
TRACK_POINTS = 400
BACKGROUND_POINTS = 60


@dataclass
class Routed:
    lists: list[Path] = field(default_factory=list)
    ais: list[Path] = field(default_factory=list)
    documents: list[Path] = field(default_factory=list)
    companions: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)


@dataclass
class Inputs:
    """Everything the run reads, read before anything is written."""

    lists: list[ListFile]
    documents: list[tuple[str, Document]]
    positions: Any  # a pyarrow Table, or None without AIS files
    ais: list[InputSummary]


@dataclass
class RunResult:
    sources: str
    documents: list[DocumentClaims]
    events: list[dict[str, Any]]
    incidents: list[Incident]
    inputs: list[dict[str, Any]]
    tracks: list[dict[str, Any]]
    skipped: list[dict[str, str]]
    lists_loaded: list[str]
    started: str
    read: list[dict[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    lists: list[dict[str, Any]] = field(default_factory=list)
    vessels: list[dict[str, Any]] = field(default_factory=list)
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
            "read": self.read,
            "warnings": self.warnings,
            "lists": self.lists,
            "ais_input": self.inputs,
        }


def route(folder: Path) -> Routed:
    """Every file under ``folder`` sorted to the reader its content calls for, or skipped with the
    reason; nothing is left out unsaid."""
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder of sources")
    routed = Routed()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        reason = _skip_reason(path)
        if reason:
            routed.skipped.append((path, reason))
            continue
        if plain_name(path).removesuffix(".csv") in COMPANIONS:
            routed.companions.append(path)  # read with its sdn.csv
            continue
        first = head(path, 8192)
        name = plain_name(path).lower()
        if any(reader.detect(first) for reader in AIS_READERS):
            routed.ais.append(path)
        elif name.endswith(DOCUMENT_SUFFIXES + PDF_SUFFIXES):
            routed.documents.append(path)
        elif detect_format(path, first) is not None:
            routed.lists.append(path)
        elif name.endswith((".json", ".jsonl", ".geojson")):
            routed.skipped.append(
                (path, "JSON that is not FollowTheMoney entities: the run reads no other JSON")
            )
        else:
            routed.skipped.append((path, "not a list, AIS or document format the run reads"))
    return routed


def _skip_reason(path: Path) -> str | None:
    name = path.name.lower()
    if path.name.startswith("."):
        return "hidden file"
    if name.endswith(".truth.json"):
        return "the simulator's truth file: the answers for tests, not evidence"
    if name in OUTPUT_NAMES:
        return "an output of 'sanctionwatch run': our own findings are not a source"
    return None


def read_inputs(routed: Routed, folder: Path, progress: bool = False) -> Inputs:
    """Read and check every routed file; raises on the first that cannot be used (each read
    goes through files.open_binary, which names a truncated or corrupt file and the byte)."""
    lists = [read_list(path) for path in routed.lists]
    documents = []
    with Progress(disable=not progress, transient=True) as bar:
        task = bar.add_task("reading documents", total=len(routed.documents))
        for path in routed.documents:
            document = read_document(str(path))
            documents.append((str(path.relative_to(folder)), document))
            bar.advance(task)
    tables, summaries = [], []
    for path in routed.ais:
        table, summary = read_positions([path], progress)
        tables.append(table)
        summaries += summary
    positions = pa.concat_tables(tables) if tables else None
    return Inputs(lists, documents, positions, summaries)


def run(store: Store, sources: Path | None = None, progress: bool = False, force: bool = False) -> RunResult:
    """Read every source first, then load its lists and keep the run's results in one
    transaction: a run that fails changes nothing in the store. ``force`` loads a list file the
    guards would refuse (one that empties or shrinks its list: see ``lists/guards.py``)."""
    started = time.perf_counter()
    folder = sources or DEMO
    routed = route(folder)
    inputs = read_inputs(routed, folder, progress)
    with store.transaction():
        lists_loaded = (
            [record.dataset for record in store.load(inputs.lists, force=force)] if inputs.lists else []
        )
        ensure_lists(store, progress=progress)
        matcher = open_matcher(store)
        lookup = VesselLookup.from_index(matcher.index)
        events: list[dict[str, Any]] = []
        tracks: list[dict[str, Any]] = []
        vessels: dict[int, dict[str, Any]] = {}
        if inputs.positions is not None:
            found, vessels = detect(inputs.positions, DuckDBEngine(), lookup=lookup)
            events = [event.as_dict() for event in found]
            describe_vessels(events, vessels, Attributor(matcher.index, lookup))
            tracks = _tracks(inputs.positions, events, vessels)
        documents, warnings = _read_claims(
            inputs.documents, EntityLinker(matcher), AISVessels(vessels), progress
        )
        incidents = fuse(documents, events)
        listings(store, incidents)
        result = RunResult(
            sources=str(folder),
            documents=documents,
            events=events,
            incidents=incidents,
            inputs=[summary.as_dict() for summary in inputs.ais],
            tracks=tracks,
            skipped=[{"path": str(path), "reason": reason} for path, reason in routed.skipped],
            lists_loaded=lists_loaded,
            started=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            read=_read_list(routed),
            warnings=warnings,
            lists=_list_dates(store),
            vessels=_vessel_summaries(vessels, events),
        )
        result.seconds = time.perf_counter() - started
        save(store, result, fingerprint(folder, store))
    return result


def _read_claims(
    read: list[tuple[str, Document]], linker: EntityLinker, ais: AISVessels, progress: bool
) -> tuple[list[DocumentClaims], list[str]]:
    """Claims of each document, with the AIS vessels each names; a warning for every document
    that does not say who published it or when (its file name is never taken for a publisher)."""
    documents, warnings = [], []
    with Progress(disable=not progress, transient=True) as bar:
        task = bar.add_task("extracting claims", total=len(read))
        for name, document in read:
            claims = [claim.as_dict() for claim in extract(document, linker)]
            tie_to_claims(document.text, ais.mentions(document.text), claims)
            meta = document.meta
            missing = [key for key in ("publisher", "date") if not meta.get(key)]
            if missing:
                warnings.append(
                    f"{name}: no {' and no '.join(missing)} in its front matter; its claims count as"
                    " unattributed"
                )
            documents.append(
                DocumentClaims(
                    name=name,
                    publisher=meta.get("publisher") or None,
                    date=meta.get("date") or None,
                    title=meta.get("title") or _first_line(document.text) or name,
                    claims=claims,
                    url=meta.get("url") or None,
                    language=meta.get("language") or None,
                )
            )
            bar.advance(task)
    return documents, warnings


def _first_line(text: str, limit: int = 120) -> str:
    line = next((line.strip(" #") for line in text.splitlines() if line.strip(" #")), "")
    return line if len(line) <= limit else line[: limit - 1].rsplit(" ", 1)[0] + "…"


def _read_list(routed: Routed) -> list[dict[str, str]]:
    return (
        [{"path": str(p), "as": "sanctions list"} for p in routed.lists]
        + [{"path": str(p), "as": "part of the OFAC list beside it"} for p in routed.companions]
        + [{"path": str(p), "as": "document"} for p in routed.documents]
        + [{"path": str(p), "as": "AIS positions"} for p in routed.ais]
    )


def _list_dates(store: Store) -> list[dict[str, Any]]:
    """Each list in the store as of this run: its date as published, file and when it was loaded."""
    latest: dict[str, dict[str, Any]] = {}
    for row in store.loads():
        latest[row["dataset"]] = {
            "dataset": row["dataset"],
            "list_date": row["list_date"],
            "source_file": Path(str(row["source_file"])).name,
            "records": row["records"],
            "loaded_at": str(row["loaded_at"])[:19],
        }
    return list(latest.values())


def _vessel_summaries(
    vessels: dict[int, dict[str, Any]], events: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Per vessel in an event: what its AIS said of it, for the report's vessel cards."""
    counts: dict[int, dict[str, int]] = {}
    for event in events:
        for mmsi in event["mmsi"]:
            kinds = counts.setdefault(mmsi, {})
            kinds[event["type"]] = kinds.get(event["type"], 0) + 1
    summaries = []
    for mmsi, kinds in counts.items():
        info = vessels.get(mmsi, {})
        summaries.append(
            {
                "mmsi": mmsi,
                "imo": info.get("imo"),
                "name": info.get("name"),
                "call_sign": info.get("call_sign"),
                "positions": info.get("positions"),
                "first_seen": iso(info["t_start"]) if info.get("t_start") is not None else None,
                "last_seen": iso(info["t_end"]) if info.get("t_end") is not None else None,
                "events": kinds,
            }
        )
    return summaries


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


RESULT_KINDS = ("summary", "documents", "events", "incidents", "tracks", "vessels")


def save(store: Store, result: RunResult, key: str = "") -> None:
    """Keep the run in the store, so that ``sanctionwatch report`` can rebuild the report; inside
    the caller's transaction when there is one. ``key`` is the run's fingerprint (``reuse.py``)."""
    data: dict[str, Any] = {
        "summary": result.summary(),
        "documents": [d.__dict__ for d in result.documents],
        "events": result.events,
        "incidents": [i.as_dict() for i in result.incidents],
        "tracks": result.tracks,
        "vessels": result.vessels,
        FINGERPRINT: key,
    }
    with store.transaction():
        store.con.execute("CREATE TABLE IF NOT EXISTS run_results (kind VARCHAR PRIMARY KEY, data VARCHAR)")
        store.con.execute("DELETE FROM run_results")
        for kind, value in data.items():
            store.con.execute(
                "INSERT INTO run_results VALUES (?, ?)", [kind, json.dumps(value, ensure_ascii=False)]
            )


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
