"""Reference tables used by the detections: ports, and MMSI country digits (MIDs)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import pyarrow as pa

DATA = Path(str(resources.files("sanctionwatch") / "data"))


@dataclass(frozen=True)
class Port:
    name: str
    country: str
    lat: float
    lon: float
    aliases: tuple[str, ...]


@cache
def ports() -> tuple[Port, ...]:
    """Ports of the DPRK, the Russian Far East, China, the ROK and Taiwan (shared/data/ports.csv)."""
    with (DATA / "ports.csv").open(encoding="utf-8") as handle:
        return tuple(
            Port(
                row["name"],
                row["country"].lower(),
                float(row["lat"]),
                float(row["lon"]),
                tuple(a for a in row["aliases"].split(";") if a),
            )
            for row in csv.DictReader(handle)
        )


def ports_table() -> pa.Table:
    items = ports()
    return pa.table(
        {
            "port": [p.name for p in items],
            "port_country": [p.country for p in items],
            "port_lat": [p.lat for p in items],
            "port_lon": [p.lon for p in items],
        }
    )


@cache
def mid_countries() -> dict[int, str]:
    """Maritime Identification Digits (the first three of an MMSI) and their countries."""
    with (DATA / "mid.csv").open(encoding="utf-8") as handle:
        return {int(row["mid"]): row["country"] for row in csv.DictReader(handle)}


def mid_table() -> pa.Table:
    table = mid_countries()
    return pa.table({"mid": list(table), "mid_country": list(table.values())})
