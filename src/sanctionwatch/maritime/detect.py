"""AIS files in, events out: read, validate, run the detections on an engine, interpret."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.progress import Progress

from sanctionwatch.lists.countries import country_code
from sanctionwatch.lists.identifiers import imo_is_valid
from sanctionwatch.maritime.config import DetectionConfig, ReadingConfig
from sanctionwatch.maritime.detections import (
    METRES_PER_NM,
    port_cells_reach_km,
    queries,
    repeated_positions,
    stages,
)
from sanctionwatch.maritime.engines import DuckDBEngine, Engine, Rows, get_engine
from sanctionwatch.maritime.events import Event, iso
from sanctionwatch.maritime.loading import PositionLoader
from sanctionwatch.maritime.positions import InputSummary
from sanctionwatch.maritime.reference import (
    ReferenceTable,
    mid_countries,
    port_cells_table,
    port_labels_tables,
    ports_table,
)
from sanctionwatch.maritime.vessels import VesselLookup

if TYPE_CHECKING:  # pyarrow is imported only where positions leave DuckDB (read_positions, Spark)
    import pyarrow as pa


@dataclass
class DetectionResult:
    events: list[Event]
    inputs: list[InputSummary]
    positions: int
    vessels: dict[int, dict[str, Any]] = field(default_factory=dict)
    config: DetectionConfig = field(default_factory=DetectionConfig)
    reading: ReadingConfig = field(default_factory=ReadingConfig)
    #: Seconds spent reading and validating the files, and running the detections.
    parse_seconds: float = 0.0
    detect_seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "events": [event.as_dict() for event in self.events],
            "input": [summary.as_dict() for summary in self.inputs],
            "positions": self.positions,
            "config": self.config.as_dict(),
            "reading": self.reading.as_dict(),
            "seconds": {"parse": round(self.parse_seconds, 3), "detect": round(self.detect_seconds, 3)},
        }

    @property
    def caveats(self) -> list[str]:
        """Every file's warnings, each naming its file, for the table. Not in ``as_dict``: each
        input there carries its own (the service renames inputs so as not to show its paths)."""
        return [f"{summary.path}: {caveat}" for summary in self.inputs for caveat in summary.caveats]

    @property
    def listed(self) -> bool:
        """A vessel on a list took part in an event."""
        return any(event.sanctioned for event in self.events)


def load_files(
    loader: PositionLoader, paths: list[Path], progress: bool = False, check_duplicates: bool = True
) -> list[InputSummary]:
    """Every file into ``loader``; a file with nothing usable is an error naming it.
    ``check_duplicates``: see ``PositionLoader.finish``."""
    with Progress(disable=not progress, transient=True) as bar:
        task = bar.add_task("reading AIS", total=len(paths))
        for path in paths:
            bar.update(task, description=f"reading {path.name or 'standard input'}")
            loader.add(path)
            bar.advance(task)
    loader.finish(check_duplicates)
    return loader.summaries


def read_positions(
    paths: list[Path], progress: bool = False, reading: ReadingConfig | None = None
) -> tuple[pa.Table, list[InputSummary]]:
    """Every file's usable positions in one Arrow table; a file with none is an error naming it.

    For inputs that fit in memory (the monitoring run, tests); ``detect_files`` keeps large inputs
    inside DuckDB instead."""
    with PositionLoader(reading) as loader:
        summaries = load_files(loader, paths, progress)
        return loader.arrow(), summaries


def reference_tables(config: DetectionConfig) -> dict[str, ReferenceTable]:
    """The tables the detections read besides ``positions``."""
    return {
        "ports": ports_table(),
        "port_cells": port_cells_table(port_cells_reach_km(config)),
        **port_labels_tables(),
    }


def detect(
    positions: pa.Table,
    engine: Engine,
    config: DetectionConfig | None = None,
    lookup: VesselLookup | None = None,
) -> tuple[list[Event], dict[int, dict[str, Any]]]:
    """Run every detection on ``engine`` and turn its rows into events."""
    config = config or DetectionConfig()
    rows = engine.run(queries(config), {"positions": positions, **reference_tables(config)}, stages(config))
    return interpret(rows, config, lookup or VesselLookup.empty())


def detect_files(
    paths: list[Path],
    engine: str = "duckdb",
    config: DetectionConfig | None = None,
    lookup: VesselLookup | None = None,
    spark_master: str | None = None,
    progress: bool = False,
    reading: ReadingConfig | None = None,
) -> DetectionResult:
    """Read ``paths`` (``-`` for standard input) and detect; with DuckDB the positions never leave
    the database, so memory stays bounded by its limit."""
    config = config or DetectionConfig()
    reading = reading or ReadingConfig()
    with PositionLoader(reading) as loader:
        started = time.perf_counter()
        summaries = load_files(loader, paths, progress, check_duplicates=engine != "duckdb")
        parsed = time.perf_counter()
        if engine == "duckdb":
            rows = _detect_in_loader(loader, config)
        else:
            chosen = get_engine(engine, master=spark_master) if engine == "spark" else get_engine(engine)
            tables = {"positions": loader.arrow(), **reference_tables(config)}
            rows = chosen.run(queries(config), tables, stages(config))
        events, vessels = interpret(rows, config, lookup or VesselLookup.empty())
        mark_revisit_gaps(events, summaries)
        count = loader.count()
        done = time.perf_counter()
    return DetectionResult(
        events, summaries, count, vessels, config, reading, parsed - started, done - parsed
    )


def _detect_in_loader(loader: PositionLoader, config: DetectionConfig) -> dict[str, Rows]:
    """The detections on DuckDB where the positions were loaded. Exact duplicate positions are
    found in the ``track`` stage's sort (they sit side by side in it) instead of by hashing every
    position beforehand; when there are some, they are dropped and the stages built again."""
    engine, shared = DuckDBEngine(), stages(config)
    known = loader.identities()  # Parquet: aggregated while the files were first read
    engine.build(loader.con, reference_tables(config), shared | ({"identities": known} if known else {}))
    if not loader.checked:
        (repeated,) = loader.con.execute(repeated_positions()).fetchall()[0]
        if repeated:
            loader.drop_duplicates()
            engine.build(loader.con, {}, shared)
    return engine.query(loader.con, queries(config), shared)


#: Said on every gap of a vessel read from a sparsely sampled (satellite) file.
REVISIT_CAVEAT = (
    "read from a file sampled like satellite AIS: the silence may be the interval between two"
    " satellite passes, not a dark period"
)


def mark_revisit_gaps(events: list[Event], summaries: list[InputSummary]) -> None:
    """Gaps of vessels from a sparsely sampled file say so (``details.caveat``): a revisit
    interval is not evidence of a transponder switched off."""
    sparse = set().union(*(summary.sparse_vessels for summary in summaries))
    for event in events:
        if event.type == "gap" and event.mmsi[0] in sparse:
            event.details["caveat"] = REVISIT_CAVEAT


def _hours(start: float, end: float) -> float:
    return round((end - start) / 3600, 2)


def interpret(
    rows: dict[str, Rows], config: DetectionConfig, lookup: VesselLookup
) -> tuple[list[Event], dict[int, dict[str, Any]]]:
    """Events from the engine's rows; the same for every engine."""
    vessels = {int(row["mmsi"]): row for row in rows["tracks"]}
    events: list[Event] = []
    for row in rows["gap"]:
        hours = (row["t_end"] - row["t_start"]) / 3600
        distance = row["distance_m"]
        events.append(
            Event(
                "gap",
                [int(row["mmsi"])],
                row["t_start"],
                row["t_end"],
                row["lat"],
                row["lon"],
                details={
                    "hours": round(hours, 2),
                    "distance_km": round(distance / 1000, 1),
                    "implied_speed_knots": round(distance / METRES_PER_NM / hours, 1) if hours else None,
                    "resumed_lat": round(row["end_lat"], 5),
                    "resumed_lon": round(row["end_lon"], 5),
                    "dark_port_distance_km": round(row["start_port_m"] / 1000, 1),
                    "resumed_port_distance_km": round(row["end_port_m"] / 1000, 1),
                },
            )
        )
    for row in rows["port_visit"]:
        events.append(
            Event(
                "port_visit",
                [int(row["mmsi"])],
                row["t_start"],
                row["t_end"],
                row["lat"],
                row["lon"],
                port=row["port"],
                details={
                    "hours": _hours(row["t_start"], row["t_end"]),
                    "port_country": row["port_country"].upper(),
                    "positions": int(row["positions"]),
                },
            )
        )
    encounters = []
    for row in rows["encounter"]:
        event = Event(
            "encounter",
            [int(row["mmsi_a"]), int(row["mmsi_b"])],
            row["t_start"],
            row["t_end"],
            row["lat"],
            row["lon"],
            details={
                "hours": _hours(row["t_start"], row["t_end"]),
                "min_distance_m": round(row["min_distance_m"], 1),
                "mean_distance_m": round(row["mean_distance_m"], 1),
                "port_distance_km": round(row["port_m"] / 1000, 1),
            },
        )
        encounters.append(event)
    events.extend(encounters)
    for row in rows["loitering"]:
        mmsi = int(row["mmsi"])
        met = any(mmsi in e.mmsi and e.start < row["t_end"] and row["t_start"] < e.end for e in encounters)
        if met:
            continue  # another vessel was near: that is an encounter, not loitering
        events.append(
            Event(
                "loitering",
                [mmsi],
                row["t_start"],
                row["t_end"],
                row["lat"],
                row["lon"],
                details={
                    "hours": _hours(row["t_start"], row["t_end"]),
                    "positions": int(row["positions"]),
                    "port_distance_nm": round(row["port_m"] / METRES_PER_NM, 1),
                },
            )
        )
    events.extend(_identity_events(rows))
    refs = cache(lookup.refs)  # a vessel takes part in many events: its names are read once
    for event in events:
        _describe_vessels(event, vessels, refs)
    events.sort(key=Event.sort_key)
    return events, vessels


def _identity_events(rows: dict[str, Rows]) -> list[Event]:
    """Identity changes on one MMSI, IMOs reused by another MMSI, and failed identifier checks.

    Each event is placed at the first broadcast of the new identity."""
    events = []
    checks = _identifier_checks(rows["identifiers"])
    for row in rows["identity_change"]:
        mmsi = int(row["mmsi"])
        changed = [
            {"field": name, "from": row[f"prev_{name}"], "to": row[name]}
            for name in ("imo", "name", "call_sign")
            if row[name] is not None and row[f"prev_{name}"] is not None and row[name] != row[f"prev_{name}"]
        ]
        details = {
            "reason": "new identity broadcast",
            "changed": changed,
            "previous_identity_last_seen": iso(row["prev_last_t"]),
            **_public(checks.get(mmsi)),
        }
        events.append(_identity_event(row, details))
    for row in rows["imo_reuse"]:
        mmsi = int(row["mmsi"])
        details = {
            "reason": "IMO number reappears under another MMSI",
            "imo": row["imo"],
            "previous_mmsi": int(row["prev_mmsi"]),
            "previous_mmsi_last_seen": iso(row["prev_last_t"]),
            **_public(checks.get(mmsi)),
        }
        events.append(_identity_event(row, details, imo=[row["imo"]]))
    flagged = {e.mmsi[0] for e in events}
    for mmsi, check in checks.items():
        if mmsi in flagged or not (check.get("invalid_imo") or check.get("flag_mismatch")):
            continue
        reasons = [
            reason
            for reason, found in (
                ("IMO fails its check digit", check.get("invalid_imo")),
                ("MMSI country contradicts the flag", check.get("flag_mismatch")),
            )
            if found
        ]
        events.append(
            Event(
                "identity_change",
                [mmsi],
                check["t_start"],
                check["t_end"],
                check["lat"],
                check["lon"],
                details={"reason": "; ".join(reasons), **_public(check)},
            )
        )
    return events


def _identity_event(row: dict[str, Any], details: dict[str, Any], imo: list[str] | None = None) -> Event:
    """An identity event, placed at the first broadcast of the new identity."""
    return Event(
        "identity_change",
        [int(row["mmsi"])],
        row["t_start"],
        row["t_start"],
        row["lat"],
        row["lon"],
        imo=imo or [],
        details=details,
    )


_BOOKKEEPING = ("t_start", "t_end", "lat", "lon")


def _public(check: dict[str, Any] | None) -> dict[str, Any]:
    """The identifier checks without the bookkeeping fields."""
    return {key: value for key, value in (check or {}).items() if key not in _BOOKKEEPING}


def _identifier_checks(rows: Rows) -> dict[int, dict[str, Any]]:
    """Per MMSI: IMOs failing their check digit, and MMSI country digits against the flag."""
    countries = mid_countries()
    checks: dict[int, dict[str, Any]] = {}
    for row in sorted(rows, key=lambda r: (r["mmsi"], r["t_start"])):
        mmsi = int(row["mmsi"])
        check = checks.setdefault(
            mmsi,
            {
                "t_start": row["t_start"],
                "t_end": row["t_end"],
                "lat": row["lat"],
                "lon": row["lon"],
                "mmsi_country": (countries.get(mmsi // 1_000_000) or "").upper() or None,
            },
        )
        check["t_end"] = max(check["t_end"], row["t_end"])
        if row["imo"] and not imo_is_valid(row["imo"]):
            check.setdefault("invalid_imos", []).append(row["imo"])
            check["invalid_imo"] = True
        # the flag read as a country, whether the file writes a code (PA) or a name (Panama): as
        # written, "Panama" contradicted MMSI 351's Panama; one that names no country is None
        flag = country_code(row["flag"])
        if flag and check["mmsi_country"] and flag != check["mmsi_country"].lower():
            check["flag"] = flag.upper()
            check["flag_mismatch"] = True
    return checks


def _describe_vessels(
    event: Event, vessels: dict[int, dict[str, Any]], refs: Callable[[int, str | None, str | None], list[str]]
) -> None:
    for mmsi in event.mmsi:
        info = vessels.get(mmsi, {})
        if info.get("imo") and info["imo"] not in event.imo:
            event.imo.append(info["imo"])
        if info.get("name") and info["name"] not in event.names:
            event.names.append(info["name"])
        for ref in refs(mmsi, info.get("imo"), info.get("name")):
            if ref not in event.sanctioned:
                event.sanctioned.append(ref)
