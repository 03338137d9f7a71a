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
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import duckdb
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


#: Arrow's type for each SQL type of a ``ReferenceTable`` column.
_ARROW_TYPES = {"DOUBLE": "float64", "INTEGER": "int32", "VARCHAR": "string"}


@dataclass(frozen=True)
class ReferenceTable:
    """A small table the detections read (ports, grid cells, names), as typed Python columns:
    ``columns`` maps each name to its SQL type and values. DuckDB takes it as it is (``create``),
    so that ``ais detect`` does not import pyarrow and numpy for a few thousand rows (a sixth of a
    second, more than the tables take to build); Spark and Arrow positions take it as Arrow."""

    columns: dict[str, tuple[str, list[Any]]]

    def create(self, con: duckdb.DuckDBPyConnection, name: str) -> None:
        """The table as ``name`` on ``con`` (replacing one made before): its columns passed as
        lists and unnested side by side."""
        unnested = ", ".join(
            f"UNNEST(${i}::{kind}[]) AS {column}"
            for i, (column, (kind, _)) in enumerate(self.columns.items(), 1)
        )
        values = [values for _, values in self.columns.values()]
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT {unnested}", values).fetchall()

    def arrow(self) -> pa.Table:
        import pyarrow as pa

        return pa.table(
            {
                column: pa.array(values, getattr(pa, _ARROW_TYPES[kind])())
                for column, (kind, values) in self.columns.items()
            }
        )


def ports_table() -> ReferenceTable:
    """All ports (ours and the world's) as the ``ports`` table the detection SQL reads."""
    items = world_ports()
    return ReferenceTable(
        {
            "port": ("VARCHAR", [p.name for p in items]),
            "port_country": ("VARCHAR", [p.country for p in items]),
            "port_lat": ("DOUBLE", [p.lat for p in items]),
            "port_lon": ("DOUBLE", [p.lon for p in items]),
        }
    )


def port_cells_table(reach_km: float) -> ReferenceTable:
    """Every grid cell within ``reach_km`` of a port, with the port: the detections join positions
    to nearby ports on equal cells (a hash join) instead of comparing each position with 4,000
    ports. Longitude reach widens with latitude, and cells wrap at the antimeridian. Each port
    comes as its position and as numbers, ``port_rank`` and ``country_rank``
    (``port_labels_tables``): the port visits sort and compare these, cheaper than the names, in
    the same order."""
    columns: dict[str, list[Any]] = {
        name: [] for name in ("cy", "cx", "port_lat", "port_lon", "port_rank", "country_rank")
    }
    names, countries = _ranks("port"), _ranks("port_country")
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
                    (port.lat, "port_lat"),
                    (port.lon, "port_lon"),
                    (names[port.name], "port_rank"),
                    (countries[port.country], "country_rank"),
                ):
                    columns[name].append(value)
    types = {"cy": "DOUBLE", "cx": "DOUBLE", "port_lat": "DOUBLE", "port_lon": "DOUBLE"}
    return ReferenceTable({name: (types.get(name, "INTEGER"), values) for name, values in columns.items()})


@cache
def _ranks(field: str) -> dict[str, int]:
    """Each port name (or country) and its place among all of them in the order the engines sort
    text (by code point: the order of UTF-8 bytes), equal names equal places."""
    values = sorted({port.name if field == "port" else port.country for port in world_ports()})
    return {value: rank for rank, value in enumerate(values)}


def port_labels_tables() -> dict[str, ReferenceTable]:
    """``port_names`` (port_rank, port) and ``port_countries`` (country_rank, port_country): the
    names behind the numbers of ``port_cells_table``."""
    names, countries = _ranks("port"), _ranks("port_country")
    return {
        "port_names": ReferenceTable(
            {"port_rank": ("INTEGER", list(names.values())), "port": ("VARCHAR", list(names))}
        ),
        "port_countries": ReferenceTable(
            {
                "country_rank": ("INTEGER", list(countries.values())),
                "port_country": ("VARCHAR", list(countries)),
            }
        ),
    }


@cache
def mid_countries() -> dict[int, str]:
    """Maritime Identification Digits (the first three of an MMSI) and their countries."""
    with (DATA / "mid.csv").open(encoding="utf-8") as handle:
        return {int(row["mid"]): row["country"] for row in csv.DictReader(handle)}


def nearest_port(lat: float, lon: float) -> tuple[Port, float]:
    """The port nearest to a point anywhere in the world, and its distance in km."""
    return min(((p, distance_km(lat, lon, p.lat, p.lon)) for p in world_ports()), key=lambda pair: pair[1])
