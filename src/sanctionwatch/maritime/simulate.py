"""Synthetic AIS traffic in the Yellow Sea, the East Sea and the Sea of Japan, with planted events
and a truth file, for tests, the demo and the benchmarks.

Vessels sail between the bundled ports and open-sea waypoints and stay in port; into this traffic
the simulator plants what the detectors must find (gaps at sea, ship-to-ship encounters,
loitering, port visits, identity changes, a reused IMO, an invalid IMO) and hard negatives they
must not (short gaps, fast close passes, vessels moored together in port, slow drift near a port).
Positions are generated with numpy a voyage leg at a time, never a position at a time. Every leg
keeps to the sea (maritime/seaways.py): no position lies on land but on the way in and out of port.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from sanctionwatch.errors import ConfigError
from sanctionwatch.maritime.events import iso
from sanctionwatch.maritime.reference import Port, ports
from sanctionwatch.maritime.seaways import sea

START = 1_717_200_000.0  # 2024-06-01T00:00:00Z
KNOT = 1852 / 3600  # metres per second
#: Open-sea boxes (lat_min, lat_max, lon_min, lon_max) where waypoints are drawn.
SEA_BOXES = (
    (34.0, 38.5, 121.5, 124.8),  # Yellow Sea
    (35.5, 41.5, 130.0, 136.5),  # East Sea / Sea of Japan
    (41.0, 42.4, 131.0, 132.3),  # Peter the Great Gulf approaches
)
FIRST_WORDS = ("OCEAN", "SEA", "GOLDEN", "EAST", "NORTH", "PACIFIC", "STAR", "HAI")
SECOND_WORDS = ("STAR", "WAVE", "PEARL", "FORTUNE", "GLORY", "BRIDGE", "LUCK")
MIDS = (445, 412, 413, 440, 273, 351, 636, 477)
REGIONAL_PORTS = tuple(p for p in ports() if p.country in ("kp", "ru", "cn", "kr"))


def imo_with_check(stem: int) -> str:
    digits = f"{stem:06d}"
    check = sum(int(d) * w for d, w in zip(digits, range(7, 1, -1), strict=True)) % 10
    return f"{digits}{check}"


def metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371008.8 * math.asin(math.sqrt(a))


def offset(lat: float, lon: float, north_m: float, east_m: float) -> tuple[float, float]:
    return lat + north_m / 111_195, lon + east_m / (111_195 * math.cos(math.radians(lat)))


def port_distance(lat: float, lon: float) -> float:
    return min(metres(lat, lon, p.lat, p.lon) for p in ports())


@dataclass
class Vessel:
    mmsi: int
    imo: str
    name: str
    call_sign: str
    flag: str
    chunks: list[dict[str, np.ndarray]] = field(default_factory=list)
    dark: list[tuple[float, float]] = field(default_factory=list)
    identity: list[tuple[float, str, str]] = field(default_factory=list)  # from time: (imo, name)
    #: Truth that holds only if the vessel is still transmitting at that time.
    conditional_truth: list[tuple[float, dict[str, Any]]] = field(default_factory=list)
    t: float = START
    lat: float = 0.0
    lon: float = 0.0


class Simulator:
    def __init__(self, seed: int, interval_s: float = 180.0, start: float = START) -> None:
        self.rng = np.random.default_rng(seed)
        self.interval = interval_s
        self.start = start
        self.sea = sea()
        self.truth: list[dict[str, Any]] = []
        self.negatives: list[dict[str, Any]] = []
        self.vessels: list[Vessel] = []
        self._mmsis: set[int] = set()

    # -- vessels and movement ---------------------------------------------------------------
    def new_vessel(self, mid: int | None = None, imo: str | None = None, name: str | None = None) -> Vessel:
        rng = self.rng
        while True:
            mmsi = int((mid or int(rng.choice(MIDS))) * 1_000_000 + rng.integers(0, 999_999))
            if mmsi not in self._mmsis:
                self._mmsis.add(mmsi)
                break
        number = len(self.vessels) + 1
        vessel = Vessel(
            mmsi=mmsi,
            imo=imo
            or imo_with_check(
                int(rng.integers(100_000, 999_999)) if rng.random() < 0.5 else 800_000 + number
            ),
            name=name or f"{rng.choice(FIRST_WORDS)} {rng.choice(SECOND_WORDS)} {number}",
            call_sign=f"C{number:05d}",
            flag="",
        )
        self.vessels.append(vessel)
        return vessel

    def sea_point(self, min_port_m: float = 40_000) -> tuple[float, float]:
        """A point of open sea, off the coast and at least ``min_port_m`` from any port."""
        while True:
            box = SEA_BOXES[int(self.rng.integers(0, 2))]
            lat = float(self.rng.uniform(box[0], box[1]))
            lon = float(self.rng.uniform(box[2], box[3]))
            if port_distance(lat, lon) >= min_port_m and self.sea.clear_of_coast(lat, lon):
                return lat, lon

    def near(self, port: Port, reach_m: float, fixed: bool = False) -> tuple[float, float] | None:
        """A point at sea within ``reach_m`` of a port (exactly that far when ``fixed``), or None
        where the coastline leaves no sea that near (a port up an estuary)."""
        for _ in range(50):
            if fixed:
                bearing = float(self.rng.uniform(0, 2 * math.pi))
                north, east = reach_m * math.cos(bearing), reach_m * math.sin(bearing)
            else:
                north, east = self.rng.uniform(-reach_m, reach_m, 2)
            lat, lon = offset(port.lat, port.lon, north, east)
            if self.sea.clear_of_coast(lat, lon) and self.sea.clear((port.lat, port.lon), (lat, lon)):
                return lat, lon
        return None

    def route_metres(self, vessel: Vessel, lat: float, lon: float) -> float:
        """How far the vessel sails to (lat, lon) by sea."""
        points = [(vessel.lat, vessel.lon), *self.sea.route((vessel.lat, vessel.lon), (lat, lon))]
        return sum(metres(*a, *b) for a, b in zip(points, points[1:], strict=False))

    def place(self, vessel: Vessel, lat: float, lon: float, t: float) -> None:
        vessel.lat, vessel.lon, vessel.t = lat, lon, t

    def _emit(
        self,
        vessel: Vessel,
        t: np.ndarray,
        lat: np.ndarray,
        lon: np.ndarray,
        sog: np.ndarray,
        cog: np.ndarray,
    ) -> None:
        if len(t):
            vessel.chunks.append({"t": t, "lat": lat, "lon": lon, "sog": sog, "cog": cog})

    def _times(self, start: float, end: float) -> np.ndarray:
        count = max(int((end - start) / self.interval), 1)
        jitter = self.rng.uniform(-0.2, 0.2, count) * self.interval
        times = start + np.arange(count) * self.interval + jitter
        return np.clip(times, start, end)

    def sail(
        self, vessel: Vessel, lat: float, lon: float, knots: float | None = None, arrive: float | None = None
    ) -> None:
        """Sail to (lat, lon) by sea, at ``knots`` or so as to arrive at ``arrive``."""
        legs = self.sea.route((vessel.lat, vessel.lon), (lat, lon))
        if arrive is not None:
            knots = self.route_metres(vessel, lat, lon) / max(arrive - vessel.t, 60.0) / KNOT
        knots = knots or float(self.rng.uniform(8, 14))
        for leg_lat, leg_lon in legs:
            self._straight(vessel, leg_lat, leg_lon, knots)

    def _straight(
        self, vessel: Vessel, lat: float, lon: float, knots: float | None, arrive: float | None = None
    ) -> None:
        """Sail straight to (lat, lon), at ``knots`` or so as to arrive at ``arrive``."""
        distance = metres(vessel.lat, vessel.lon, lat, lon)
        if arrive is not None:
            duration = max(arrive - vessel.t, 60.0)
            knots = distance / duration / KNOT
        else:
            knots = knots or float(self.rng.uniform(8, 14))
            duration = distance / (knots * KNOT) if knots else 0.0
        if duration <= 0:
            return
        times = self._times(vessel.t, vessel.t + duration)
        share = (times - vessel.t) / duration
        noise = self.rng.normal(0, 0.0004, (2, len(times)))
        heading = math.degrees(math.atan2(lon - vessel.lon, lat - vessel.lat)) % 360
        self._emit(
            vessel,
            times,
            vessel.lat + (lat - vessel.lat) * share + noise[0],
            vessel.lon + (lon - vessel.lon) * share + noise[1],
            np.clip(knots + self.rng.normal(0, 0.4, len(times)), 0.1, None),
            np.full(len(times), heading),
        )
        vessel.lat, vessel.lon, vessel.t = lat, lon, vessel.t + duration

    def approach(self, vessel: Vessel, lat: float, lon: float, arrive: float, knots: float = 11.0) -> None:
        """Come into coverage just in time to sail to (lat, lon) at ``knots`` and arrive on time."""
        vessel.t = max(self.start, arrive - self.route_metres(vessel, lat, lon) / (knots * KNOT))
        self.sail(vessel, lat, lon, arrive=arrive)

    def drift(
        self,
        vessel: Vessel,
        hours: float,
        knots: float,
        spread_m: float,
        partner: tuple[float, float] | None = None,
    ) -> None:
        """Stay near the current position (or beside a partner) at a slow speed."""
        times = self._times(vessel.t, vessel.t + hours * 3600)
        north = self.rng.normal(0, spread_m / 3, len(times))
        east = self.rng.normal(0, spread_m / 3, len(times))
        lat, lon = partner or (vessel.lat, vessel.lon)
        lats = lat + north / 111_195
        lons = lon + east / (111_195 * math.cos(math.radians(lat)))
        self._emit(
            vessel,
            times,
            lats,
            lons,
            np.abs(self.rng.normal(knots, knots / 4 + 0.01, len(times))),
            self.rng.uniform(0, 360, len(times)),
        )
        vessel.t += hours * 3600

    def port_call(self, vessel: Vessel, port: Port, hours: float, record: bool = True) -> None:
        self.sail(vessel, port.lat, port.lon)
        start = vessel.t
        self.drift(vessel, hours, 0.1, 300)
        if record:
            self.truth.append(
                {
                    "type": "port_visit",
                    "mmsi": [vessel.mmsi],
                    "start": iso(start),
                    "end": iso(vessel.t),
                    "port": port.name,
                }
            )

    def wander(self, vessel: Vessel, until: float) -> None:
        """Ordinary traffic until ``until``: legs between ports and open-sea waypoints. Trade is
        regional: of three ports drawn, a vessel calls at the nearest."""
        last_port = None
        while vessel.t < until - 3600:
            if self.rng.random() < 0.45:
                drawn = [REGIONAL_PORTS[int(i)] for i in self.rng.integers(0, len(REGIONAL_PORTS), 3)]
                port = min(drawn, key=lambda p: metres(vessel.lat, vessel.lon, p.lat, p.lon))
                if port is last_port or metres(vessel.lat, vessel.lon, port.lat, port.lon) < 5000:
                    self.sail(vessel, *self.sea_point())
                    continue
                arrival = vessel.t + self.route_metres(vessel, port.lat, port.lon) / (11 * KNOT)
                if arrival + 4 * 3600 > until:
                    break
                self.port_call(vessel, port, float(self.rng.uniform(4, 20)))
                last_port = port
                self.sail(vessel, *(self.near(port, 30_000) or self.sea_point()))
            else:
                # of three points of open sea, the nearest: a voyage goes on rather than ends
                lat, lon = min(
                    (self.sea_point() for _ in range(3)),
                    key=lambda point: metres(vessel.lat, vessel.lon, *point),
                )
                if vessel.t + self.route_metres(vessel, lat, lon) / (8 * KNOT) > until:
                    break
                self.sail(vessel, lat, lon)

    # -- output ------------------------------------------------------------------------------
    def table(self) -> pa.Table:
        parts = []
        for vessel in self.vessels:
            if not vessel.chunks:
                continue
            columns = {
                key: np.concatenate([c[key] for c in vessel.chunks])
                for key in ("t", "lat", "lon", "sog", "cog")
            }
            keep = np.ones(len(columns["t"]), dtype=bool)
            for start, end in vessel.dark:
                keep &= ~((columns["t"] > start) & (columns["t"] < end))
            columns = {key: values[keep] for key, values in columns.items()}
            order = np.argsort(columns["t"], kind="stable")
            columns = {key: values[order] for key, values in columns.items()}
            count = len(columns["t"])
            for since, event in vessel.conditional_truth:
                if count and columns["t"][-1] >= since:
                    first = float(columns["t"][np.argmax(columns["t"] >= since)])
                    self.truth.append({**event, "start": iso(first), "end": iso(first)})
            imo = np.full(count, vessel.imo, dtype=object)
            name = np.full(count, vessel.name, dtype=object)
            for since, new_imo, new_name in vessel.identity:
                later = columns["t"] >= since
                imo[later], name[later] = new_imo, new_name
            parts.append(
                pa.table(
                    {
                        "MMSI": np.full(count, vessel.mmsi, dtype=np.int64),
                        "t": columns["t"],
                        "LAT": np.round(columns["lat"], 6),
                        "LON": np.round(columns["lon"], 6),
                        "SOG": np.round(columns["sog"], 1),
                        "COG": np.round(columns["cog"], 1),
                        "VesselName": pa.array(name, pa.string()),
                        "IMO": pa.array(["IMO" + i for i in imo], pa.string()),
                        "CallSign": pa.array(np.full(count, vessel.call_sign, dtype=object), pa.string()),
                        "Flag": pa.array(np.full(count, vessel.flag, dtype=object), pa.string()),
                    }
                )
            )
        table = pa.concat_tables(parts)
        stamps = pc.cast(pc.cast(pc.floor(table["t"]), pa.int64()), pa.timestamp("s"))
        return (
            table.append_column("BaseDateTime", pc.strftime(stamps, format="%Y-%m-%dT%H:%M:%S"))
            .drop(["t"])
            .select(
                ["MMSI", "BaseDateTime", "LAT", "LON", "SOG", "COG", "VesselName", "IMO", "CallSign", "Flag"]
            )
        )

    def truth_document(self, **about: Any) -> dict[str, Any]:
        return {
            **about,
            "events": sorted(self.truth, key=lambda e: (e["start"], e["type"])),
            "hard_negatives": self.negatives,
        }


def plant(sim: Simulator, days: float, vessels: int) -> None:
    """Ordinary traffic with every kind of event and hard negative planted in it."""
    begin = sim.start
    end = begin + days * 86400
    rng = sim.rng
    planted = max(1, vessels // 25)
    for _ in range(planted):
        # a gap at sea: dark for 13-30 h in the middle of a slow open-sea voyage, then resumes
        vessel = sim.new_vessel()
        hours = float(rng.uniform(13, 30))
        # a straight leg at sea long enough to go dark in its middle, so that where the vessel goes
        # dark and resumes is known before it sails
        origin, target = _open_leg(sim, (hours + 16) * 3600 * 5 * KNOT)
        sim.place(vessel, *origin, begin + float(rng.uniform(0, 6)) * 3600)
        leg_start = vessel.t
        sim.sail(vessel, *target, knots=5)
        duration = vessel.t - leg_start
        middle = leg_start + duration / 2
        dark = (middle - hours * 1800, middle + hours * 1800)
        ends = [
            (
                origin[0] + (target[0] - origin[0]) * (edge - leg_start) / duration,
                origin[1] + (target[1] - origin[1]) * (edge - leg_start) / duration,
            )
            for edge in dark
        ]
        if duration > (hours + 14) * 3600 and all(port_distance(*end) > 15_000 for end in ends):
            vessel.dark.append(dark)
            sim.truth.append(
                {"type": "gap", "mmsi": [vessel.mmsi], "start": iso(dark[0]), "end": iso(dark[1])}
            )
        # a short gap: a hard negative
        if vessel.t - leg_start > 12 * 3600:
            short = (leg_start + 3600, leg_start + 3600 + float(rng.uniform(3, 8)) * 3600)
            vessel.dark.append(short)
            sim.negatives.append(
                {"type": "short_gap", "mmsi": [vessel.mmsi], "start": iso(short[0]), "end": iso(short[1])}
            )
        sim.wander(vessel, end)

        # a ship-to-ship encounter at sea
        meet_lat, meet_lon = sim.sea_point(60_000)
        when = begin + float(rng.uniform(0.5, max(0.6, days - 1.5))) * 86400
        pair = [sim.new_vessel(), sim.new_vessel()]
        hours = float(rng.uniform(3, 6))
        for number, vessel in enumerate(pair):
            sim.place(vessel, *sim.sea_point(), begin)
            sim.approach(vessel, *offset(meet_lat, meet_lon, number * 120, 0), arrive=when)
        for number, vessel in enumerate(pair):
            sim.drift(vessel, hours, 0.6, 150, offset(meet_lat, meet_lon, number * 120, 0))
        sim.truth.append(
            {
                "type": "encounter",
                "mmsi": sorted(v.mmsi for v in pair),
                "start": iso(when),
                "end": iso(when + hours * 3600),
            }
        )
        for vessel in pair:
            sim.wander(vessel, end)

        # loitering alone, far from any port
        vessel = sim.new_vessel()
        sim.place(vessel, *sim.sea_point(), begin)
        spot = sim.sea_point(60_000)
        sim.sail(vessel, *spot)
        start = vessel.t
        hours = float(rng.uniform(5, 10))
        sim.drift(vessel, hours, 0.8, 800)
        sim.truth.append(
            {"type": "loitering", "mmsi": [vessel.mmsi], "start": iso(start), "end": iso(vessel.t)}
        )
        sim.wander(vessel, end)

        # a fast close pass: a hard negative for encounters, on two straight legs at sea
        cross_lat, cross_lon = _crossing(sim)
        when = begin + float(rng.uniform(0.5, max(0.6, days - 1))) * 86400
        for number, (north, east) in enumerate(((1, 0), (0, 1))):
            vessel = sim.new_vessel()
            sim.place(
                vessel,
                *offset(cross_lat, cross_lon, -north * 60_000, -east * 60_000 + number * 150),
                when - 60_000 / (12 * KNOT),
            )
            sim.sail(
                vessel, *offset(cross_lat, cross_lon, north * 60_000, east * 60_000 + number * 150), knots=12
            )
            sim.wander(vessel, end)
        sim.negatives.append({"type": "fast_close_pass", "at": [cross_lat, cross_lon], "time": iso(when)})

        # two vessels moored together in port: port visits, not an encounter
        port = REGIONAL_PORTS[int(rng.integers(0, len(REGIONAL_PORTS)))]
        when = begin + float(rng.uniform(0.3, max(0.4, days - 1))) * 86400
        moored = [sim.new_vessel(), sim.new_vessel()]
        for vessel in moored:
            sim.place(vessel, *(sim.near(port, 28_000, fixed=True) or sim.sea_point()), begin)
            sim.approach(vessel, port.lat, port.lon, arrive=when)
        for number, vessel in enumerate(moored):
            sim.drift(vessel, 8, 0.1, 60, offset(port.lat, port.lon, number * 80, 0))
            sim.truth.append(
                {
                    "type": "port_visit",
                    "mmsi": [vessel.mmsi],
                    "start": iso(when),
                    "end": iso(when + 8 * 3600),
                    "port": port.name,
                }
            )
            sim.wander(vessel, end)
        sim.negatives.append(
            {"type": "moored_together_in_port", "mmsi": [v.mmsi for v in moored], "port": port.name}
        )

        # slow drift just outside a port: neither a port visit nor loitering
        outside = None
        while outside is None:  # a port with open water 8 km off (not one up an estuary)
            port = REGIONAL_PORTS[int(rng.integers(0, len(REGIONAL_PORTS)))]
            outside = sim.near(port, 8000, fixed=True)
        vessel = sim.new_vessel()
        sim.place(vessel, *outside, begin + 3600)
        sim.drift(vessel, 6, 1.2, 1500)
        sim.negatives.append({"type": "slow_drift_near_port", "mmsi": [vessel.mmsi], "port": port.name})
        sim.wander(vessel, end)

        # identity games: a new name and IMO mid-voyage; an IMO reused by another MMSI; a bad IMO
        vessel = sim.new_vessel()
        sim.place(vessel, *sim.sea_point(), begin)
        switch = begin + float(rng.uniform(0.3, 0.7)) * days * 86400
        vessel.identity.append(
            (switch, imo_with_check(int(rng.integers(100_000, 999_999))), vessel.name + " II")
        )
        sim.wander(vessel, end)
        vessel.conditional_truth.append(
            (switch, {"type": "identity_change", "mmsi": [vessel.mmsi], "reason": "new identity broadcast"})
        )
        copier = sim.new_vessel(imo=vessel.imo)
        sim.place(copier, *sim.sea_point(), begin + days * 86400 / 2)
        if vessel.chunks and vessel.chunks[0]["t"][0] < copier.t:  # the IMO was heard before
            copier.conditional_truth.append(
                (
                    copier.t,
                    {
                        "type": "identity_change",
                        "mmsi": [copier.mmsi],
                        "reason": "IMO number reappears under another MMSI",
                    },
                )
            )
        sim.wander(copier, end)
        faker = sim.new_vessel()
        faker.imo = faker.imo[:6] + str((int(faker.imo[6]) + 1) % 10)
        sim.place(faker, *sim.sea_point(), begin)
        sim.wander(faker, end)
        sim.truth.append(
            {
                "type": "identity_change",
                "mmsi": [faker.mmsi],
                "start": iso(begin),
                "end": iso(end),
                "reason": "IMO fails its check digit",
            }
        )
    while len(sim.vessels) < vessels:
        vessel = sim.new_vessel()
        if rng.random() < 0.4:
            port = REGIONAL_PORTS[int(rng.integers(0, len(REGIONAL_PORTS)))]
            sim.place(vessel, *(sim.near(port, 25_000) or sim.sea_point()), begin)
        else:
            sim.place(vessel, *sim.sea_point(), begin)
        sim.wander(vessel, end)


def _open_leg(sim: Simulator, length_m: float) -> tuple[tuple[float, float], tuple[float, float]]:
    """Two points of open sea at least ``length_m`` apart with a straight line at sea between them
    (the longest such of many draws, when none is that long)."""
    point = sim.sea_point(60_000)
    best, longest = (point, point), 0.0
    for _ in range(2000):
        start, end = sim.sea_point(60_000), sim.sea_point(60_000)
        if metres(*start, *end) > longest and sim.sea.clear(start, end, (False, False)):
            best, longest = (start, end), metres(*start, *end)
            if longest >= length_m:
                break
    return best


def _crossing(sim: Simulator) -> tuple[float, float]:
    """A point at sea where a north-south and an east-west leg of 120 km both stay at sea."""
    for _ in range(200):
        lat, lon = sim.sea_point(60_000)
        legs = [
            (offset(lat, lon, -60_000, 0), offset(lat, lon, 60_000, 0)),
            (offset(lat, lon, 0, -60_000), offset(lat, lon, 0, 60_000)),
        ]
        if all(
            sim.sea.clear(a, b) and sim.sea.clear_of_coast(*a) and sim.sea.clear_of_coast(*b) for a, b in legs
        ):
            return lat, lon
    return sim.sea_point(60_000)


def write_positions(table: pa.Table, out: Path) -> None:
    if out.suffix == ".parquet":
        pq.write_table(table, out)
    else:
        # names here never hold commas or quotes, so fields are written bare, as MarineCadastre does
        pacsv.write_csv(table, out, pacsv.WriteOptions(quoting_style="none"))


def simulate(
    out: Path,
    seed: int,
    vessels: int = 100,
    days: float = 7.0,
    interval_s: float = 180.0,
    start: float = START,
) -> dict[str, Any]:
    """Write ``out`` (MarineCadastre CSV, or Parquet by suffix) and ``out``.truth.json beside it;
    the traffic begins at ``start`` (epoch seconds, UTC)."""
    sim = Simulator(seed, interval_s, start)
    plant(sim, days, vessels)
    table = sim.table()
    write_positions(table, out)
    truth = sim.truth_document(seed=seed, vessels=len(sim.vessels), days=days, positions=table.num_rows)
    truth_path = truth_file(out)
    truth_path.write_text(json.dumps(truth, indent=2))
    return {
        "positions": table.num_rows,
        "vessels": len(sim.vessels),
        "truth": str(truth_path),
        "events": len(truth["events"]),
    }


def parse_start(text: str) -> float:
    """Epoch seconds of a date (YYYY-MM-DD, midnight UTC) or an ISO date and time (UTC unless it
    says otherwise); a ``ConfigError`` names the value otherwise."""
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ConfigError(f"--start {text!r} is not a date (YYYY-MM-DD) or an ISO date and time") from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def truth_file(out: Path) -> Path:
    return out.with_name(out.name.split(".")[0] + ".truth.json")
