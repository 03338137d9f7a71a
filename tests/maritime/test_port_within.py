"""``port_within``: the rows that have a port closer than a distance, as SQL (issue 27).

Loitering asks it which slow runs lie near a port; it measures only the ports inside a band of
latitude, for speed. Its answer is checked here on its own, on rows placed by hand due north and
due south of one port (on a meridian, degrees of latitude convert to metres exactly), so that a
band cut too narrow, which would drop a port the rows are near, fails here and not only in the
cost of a later query. Distances are worked in this file, not read from the module.
"""

from __future__ import annotations

import math

import duckdb
import pyarrow as pa
import pytest

from sanctionwatch.maritime.detections import port_within

EARTH_M = 6_371_008.8  # the mean Earth radius (IUGG), as in any haversine
PORT = (40.0, 125.0)
METRES = 20 * 1852.0  # loitering's default distance from a port, 20 nautical miles


def _north(metres: float) -> float:
    """The latitude ``metres`` due north (a negative distance: south) of the port."""
    return PORT[0] + math.degrees(metres / EARTH_M)


def _near(rows: dict[str, list[object]], key: str, metres: float = METRES) -> set[tuple[object, ...]]:
    con = duckdb.connect()
    try:
        con.register(
            "ports",
            pa.table({"port": ["P1"], "port_country": ["KP"], "port_lat": [PORT[0]], "port_lon": [PORT[1]]}),
        )
        con.register("candidates", pa.table(rows))
        return set(con.execute(port_within("candidates", key, metres)).fetchall())
    finally:
        con.close()


@pytest.mark.parametrize("side", [1, -1], ids=["north", "south"])
def test_a_row_a_few_metres_inside_the_distance_is_near_and_one_outside_is_not(side: int) -> None:
    rows = {
        "id": [1, 2, 3],
        "lat": [_north(side * (METRES - 5)), _north(side * (METRES + 5)), _north(side * 3 * METRES)],
        "lon": [PORT[1]] * 3,
    }
    assert _near(rows, "id") == {(1,)}


def test_a_row_beside_the_port_is_near_at_any_distance_asked() -> None:
    rows = {"id": [7], "lat": [PORT[0]], "lon": [PORT[1] + 0.001]}  # about 85 m east
    assert _near(rows, "id", metres=100) == {(7,)}
    assert _near(rows, "id", metres=80) == set()


def test_every_key_column_comes_from_the_rows_even_one_the_ports_also_have() -> None:
    """A key of several columns, one of them named as a column of ``ports`` (``port``): each must be
    read from the rows, the port's name must not stand in for the row's."""
    rows = {
        "id": [1, 2],
        "port": ["visit-a", "visit-b"],
        "lat": [_north(METRES / 2), _north(2 * METRES)],
        "lon": [PORT[1], PORT[1]],
    }
    assert _near(rows, "id, port") == {(1, "visit-a")}
    assert _near(rows, "port,id") == {("visit-a", 1)}
