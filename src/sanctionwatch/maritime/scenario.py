"""The bundled demo week of AIS: a listed ship shuttling dark between Rajin and Dunai, a DPRK
tanker meeting a foreign tanker at sea, and ordinary traffic around Rajin, Dunai, Vostochny and
Nampo. Deterministic; ``sanctionwatch`` ships its output as data/demo/ais/demo-week.csv.gz."""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path

import pyarrow.csv as pacsv

from sanctionwatch.maritime.reference import Port, ports
from sanctionwatch.maritime.simulate import Simulator, offset

DEMO_START = 1_757_289_600.0  # 2025-09-08T00:00:00Z
DAYS = 7


#: Real list entries: ANGARA (OFAC, IMO 9179842) and KUM UN SAN 3 (OFAC, IMO 8705539).
@dataclass(frozen=True)
class Ship:
    mmsi: int
    imo: str
    name: str
    call_sign: str


SHUTTLE = Ship(273357310, "9179842", "ANGARA", "UBCJ9")
DPRK_TANKER = Ship(445209000, "8705539", "KUM UN SAN 3", "HMYS3")
FOREIGN_TANKER = Ship(667001234, "9355147", "SEA PIONEER", "9LY2047")


def _port(name: str) -> Port:
    return next(p for p in ports() if p.name == name)


def demo_simulator(seed: int = 7) -> Simulator:
    sim = Simulator(seed, interval_s=240)

    end = DEMO_START + DAYS * 86400
    rajin, dunai, vostochny = _port("Rajin"), _port("Dunai"), _port("Vostochny")

    # the shuttle: Rajin -> dark at sea -> Dunai -> dark at sea -> Rajin
    ship = sim.new_vessel(imo=SHUTTLE.imo, name=SHUTTLE.name)
    ship.mmsi, ship.call_sign = SHUTTLE.mmsi, SHUTTLE.call_sign
    sim.place(ship, rajin.lat, rajin.lon, DEMO_START + 6 * 3600)
    for origin, destination in ((rajin, dunai), (dunai, rajin), (rajin, dunai)):
        sim.drift(ship, 14, 0.1, 250)
        sim.truth.append({"type": "port_visit", "mmsi": [ship.mmsi], "port": origin.name})
        leave = offset(
            origin.lat,
            origin.lon,
            -25_000 if origin is rajin else -22_000,
            20_000 if origin is rajin else -20_000,
        )
        sim.sail(ship, *leave, knots=10)
        dark_start = ship.t
        arrive = offset(
            destination.lat,
            destination.lon,
            -22_000 if destination is dunai else -25_000,
            -20_000 if destination is dunai else 20_000,
        )
        sim.sail(ship, *arrive, knots=4)
        ship.dark.append((dark_start + 600, ship.t - 600))
        sim.truth.append({"type": "gap", "mmsi": [ship.mmsi]})
        sim.sail(ship, destination.lat, destination.lon, knots=10)
        if ship.t > end - 20 * 3600:
            break
    sim.drift(ship, 10, 0.1, 250)

    # the meeting at sea east of Rason
    meet = (41.95, 131.25)
    when = DEMO_START + 4 * 86400 + 2 * 3600
    for number, details in enumerate((DPRK_TANKER, FOREIGN_TANKER)):
        tanker = sim.new_vessel(imo=details.imo, name=details.name)
        tanker.mmsi, tanker.call_sign = details.mmsi, details.call_sign
        home = rajin if number == 0 else vostochny
        sim.place(tanker, home.lat, home.lon, DEMO_START)
        sim.drift(tanker, 20, 0.1, 250)
        sim.approach(tanker, *offset(meet[0], meet[1], number * 150, 0), arrive=when, knots=9)
        sim.drift(tanker, 6, 0.5, 120, offset(meet[0], meet[1], number * 150, 0))
        sim.sail(tanker, home.lat, home.lon, knots=9)
        sim.drift(tanker, 12, 0.1, 250)

    # ordinary traffic, Nampo included
    for _ in range(22):
        vessel = sim.new_vessel()
        sim.place(vessel, *sim.sea_point(), DEMO_START)
        sim.wander(vessel, end)
    return sim


def write_demo_ais(path: Path, seed: int = 7) -> int:
    table = demo_simulator(seed).table()
    with gzip.open(path, "wb") as handle:
        pacsv.write_csv(table, handle, pacsv.WriteOptions(quoting_style="none"))
    return table.num_rows
