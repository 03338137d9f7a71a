"""Reference tables used by the detections: ports, and MMSI country digits (MIDs).

Ports come from two files: ours (``data/ports.csv``: the DPRK, the Russian Far East, China, the
ROK and Taiwan, with every spelling the reporting uses) and the world table of the ``searoute``
package (``data/world_ports``: 3,962 ports with UN/LOCODEs, see SOURCE.md there). Ours stay on
top: a world port within ``SHADOW_KM`` of one of ours is left out, so that a visit to Nampho is
named Nampo with its aliases, not searoute's spelling. Distance to the nearest port, and so "at
sea", uses both, anywhere in the world.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import pyarrow as pa

DATA = Path(str(resources.files("sanctionwatch") / "data"))
#: A world port this close to one of ours is the same harbour under another spelling.
SHADOW_KM = 10.0
#: Grid used to join positions to the ports near them (degrees); see ``port_cells_table``.
PORT_CELL_DEG = 0.1
KM_PER_DEG_LAT = 111.2


@dataclass(frozen=True)
class Port:
    name: str
    country: str
    lat: float
    lon: float
    aliases: tuple[str, ...]
    locode: str | None = None


@cache
def ports() -> tuple[Port, ...]:
    """Our ports: the DPRK, the Russian Far East, China, the ROK and Taiwan, with their aliases
    (shared/data/ports.csv). Other modules name parties and draw maps from these."""
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


@cache
def world_ports() -> tuple[Port, ...]:
    """Every port the detections measure distance to: ours first, then searoute's world table
    without the ports within ``SHADOW_KM`` of ours."""
    ours = ports()
    found = list(ours)
    for row in _world_rows():
        port = Port(
            row["name"],
            row["country"].lower(),
            float(row["lat"]),
            float(row["lon"]),
            (),
            row["locode"] or None,
        )
        near = (p for p in ours if abs(p.lat - port.lat) < 1 and abs(p.lon - port.lon) < 2)
        if all(distance_km(port.lat, port.lon, p.lat, p.lon) > SHADOW_KM for p in near):
            found.append(port)
    return tuple(found)


def _world_rows() -> list[dict[str, str]]:
    """searoute's rows with our amendments (``world_ports/amendments.csv``, each with its source):
    an amendment with a searoute code replaces that row, any other is a port searoute lacks."""
    folder = DATA / "world_ports"
    with (folder / "ports.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    with (folder / "amendments.csv").open(encoding="utf-8") as handle:
        amendments = list(csv.DictReader(handle))
    replaced = {row["locode"]: row for row in amendments if row["locode"]}
    kept = [replaced.pop(row["locode"], row) for row in rows]
    return kept + list(replaced.values()) + [row for row in amendments if not row["locode"]]


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, a)))


def ports_table() -> pa.Table:
    """All ports (ours and the world's) as the ``ports`` table the detection SQL reads."""
    items = world_ports()
    return pa.table(
        {
            "port": [p.name for p in items],
            "port_country": [p.country for p in items],
            "port_lat": [p.lat for p in items],
            "port_lon": [p.lon for p in items],
        }
    )


def port_cells_table(reach_km: float) -> pa.Table:
    """Every grid cell within ``reach_km`` of a port, with the port: the detections join positions
    to nearby ports on equal cells (a hash join) instead of comparing each position with 4,000
    ports. Longitude reach widens with latitude, and cells wrap at the antimeridian. Each port
    also comes as numbers, ``port_rank`` and ``country_rank`` (``port_labels_tables``): the port
    visits sort and compare these, cheaper than the names, in the same order."""
    columns: dict[str, list[object]] = {
        name: [] for name in ("cy", "cx", "port", "port_country", "port_lat", "port_lon")
    }
    cells_around = 3600  # cells in 360 degrees of longitude
    for port in world_ports():
        dlat = reach_km / KM_PER_DEG_LAT
        dlon = min(180.0, reach_km / (KM_PER_DEG_LAT * max(math.cos(math.radians(port.lat)), 1e-6)))
        for cy in range(
            math.floor((port.lat - dlat) / PORT_CELL_DEG), math.floor((port.lat + dlat) / PORT_CELL_DEG) + 1
        ):
            first = math.floor((port.lon - dlon) / PORT_CELL_DEG)
            last = math.floor((port.lon + dlon) / PORT_CELL_DEG)
            for cx in {((c + 1800) % cells_around) - 1800 for c in range(first, last + 1)}:
                for value, name in (
                    (cy, "cy"),
                    (cx, "cx"),
                    (port.name, "port"),
                    (port.country, "port_country"),
                    (port.lat, "port_lat"),
                    (port.lon, "port_lon"),
                ):
                    columns[name].append(value)
    names, countries = _ranks("port"), _ranks("port_country")
    return pa.table(
        {
            "cy": pa.array(columns["cy"], pa.float64()),
            "cx": pa.array(columns["cx"], pa.float64()),
            "port": pa.array(columns["port"], pa.string()),
            "port_country": pa.array(columns["port_country"], pa.string()),
            "port_lat": pa.array(columns["port_lat"], pa.float64()),
            "port_lon": pa.array(columns["port_lon"], pa.float64()),
            "port_rank": pa.array([names[str(name)] for name in columns["port"]], pa.int32()),
            "country_rank": pa.array([countries[str(code)] for code in columns["port_country"]], pa.int32()),
        }
    )


@cache
def _ranks(field: str) -> dict[str, int]:
    """Each port name (or country) and its place among all of them in the order the engines sort
    text (by code point: the order of UTF-8 bytes), equal names equal places."""
    values = sorted({port.name if field == "port" else port.country for port in world_ports()})
    return {value: rank for rank, value in enumerate(values)}


def port_labels_tables() -> dict[str, pa.Table]:
    """``port_names`` (port_rank, port) and ``port_countries`` (country_rank, port_country): the
    names behind the numbers of ``port_cells_table``."""
    names, countries = _ranks("port"), _ranks("port_country")
    return {
        "port_names": pa.table(
            {
                "port_rank": pa.array(list(names.values()), pa.int32()),
                "port": pa.array(list(names), pa.string()),
            }
        ),
        "port_countries": pa.table(
            {
                "country_rank": pa.array(list(countries.values()), pa.int32()),
                "port_country": pa.array(list(countries), pa.string()),
            }
        ),
    }


@cache
def mid_countries() -> dict[int, str]:
    """Maritime Identification Digits (the first three of an MMSI) and their countries."""
    with (DATA / "mid.csv").open(encoding="utf-8") as handle:
        return {int(row["mid"]): row["country"] for row in csv.DictReader(handle)}


def mid_table() -> pa.Table:
    table = mid_countries()
    return pa.table({"mid": list(table), "mid_country": list(table.values())})


def nearest_port(lat: float, lon: float) -> tuple[Port, float]:
    """The port nearest to a point anywhere in the world, and its distance in km."""
    return min(((p, distance_km(lat, lon, p.lat, p.lon)) for p in world_ports()), key=lambda pair: pair[1])
