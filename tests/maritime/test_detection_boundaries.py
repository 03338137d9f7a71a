"""Each detection's thresholds at their boundaries, on tracks built by hand (issue 27).

The simulated week plants every event far from its thresholds and far from ports, so a detection
whose threshold changed unit (hours read as seconds, kilometres as metres) or moved by a second or
a metre still found the same events, and mutation testing showed those changes living. Here every
threshold is met exactly and missed by a hair, and every distance to a port is worked out in this
file from the port table, not taken from the detector: an analyst reads "a 12-hour gap at least
10 km from any port" literally, and a vessel is accused or not on that reading.
"""

from __future__ import annotations

import math
from typing import Any

import pyarrow as pa
import pytest

from sanctionwatch.maritime.config import DetectionConfig
from sanctionwatch.maritime.detect import detect
from sanctionwatch.maritime.engines import DuckDBEngine
from sanctionwatch.maritime.events import Event
from sanctionwatch.maritime.positions import position_schema
from sanctionwatch.maritime.reference import world_ports

#: Divisible by 600, so that ten-minute encounter bins start exactly at T0.
T0 = 1_717_200_000
NAMPO = (38.7333, 125.3833)  # data/ports.csv
EARTH_KM = 6371.0088
KM_PER_NM = 1.852
OPEN_SEA = (37.2, 123.9)  # the Yellow Sea, over 100 km from any port


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Haversine, written here rather than imported: the figures are checked, not echoed."""
    (lat1, lon1), (lat2, lon2) = (tuple(map(math.radians, a)), tuple(map(math.radians, b)))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(h))


def _port_km(point: tuple[float, float]) -> float:
    """Distance from ``point`` to the nearest port of the table the detections measure against."""
    return min(_km(point, (port.lat, port.lon)) for port in world_ports())


def _south_of_nampo(km: float) -> tuple[float, float]:
    """The point ``km`` due south of Nampo (on a meridian, degrees of latitude are exact)."""
    return (NAMPO[0] - math.degrees(km / EARTH_KM), NAMPO[1])


def _positions(
    mmsi: int, where: tuple[float, float], times: list[float], sog: float = 0.0
) -> list[dict[str, Any]]:
    return [
        {"mmsi": mmsi, "t": T0 + t, "lat": where[0], "lon": where[1], "sog": sog, "name": f"V{mmsi}"}
        for t in times
    ]


def _every(start_s: float, end_s: float, step_s: float = 600) -> list[float]:
    """Times from ``start_s`` to ``end_s`` (both included, when ``end_s`` falls on a step)."""
    count = int((end_s - start_s) // step_s)
    times = [start_s + i * step_s for i in range(count + 1)]
    return times if times[-1] == end_s else [*times, end_s]


def _detect(rows: list[dict[str, Any]], **config: float) -> list[Event]:
    events, _ = detect(
        pa.Table.from_pylist(rows, schema=position_schema()), DuckDBEngine(), DetectionConfig(**config)
    )
    return events


def _of(events: list[Event], kind: str) -> dict[int, list[Event]]:
    found: dict[int, list[Event]] = {}
    for event in events:
        if event.type == kind:
            found.setdefault(event.mmsi[0], []).append(event)
    return found


HOUR = 3600.0


def test_nampo_is_the_nearest_port_south_of_it() -> None:
    """The points the tests below use are measured from Nampo, and from no nearer port."""
    for km in (3.5, 5.0, 7.0, 12.0, 30.0):
        assert _port_km(_south_of_nampo(km)) == pytest.approx(km, abs=1e-6)


# --- gaps -----------------------------------------------------------------------------------


def test_a_silence_of_exactly_gap_hours_is_a_gap_and_one_second_less_is_not() -> None:
    twelve = [*_every(0, HOUR), *_every(13 * HOUR, 14 * HOUR)]  # last position at 1 h, next at 13 h
    short = [*_every(0, HOUR), *_every(13 * HOUR - 1, 14 * HOUR - 1)]
    gaps = _of(_detect(_positions(1, OPEN_SEA, twelve) + _positions(2, OPEN_SEA, short)), "gap")
    assert list(gaps) == [1]
    (gap,) = gaps[1]
    assert (gap.start, gap.end) == (T0 + HOUR, T0 + 13 * HOUR)
    assert gap.details["hours"] == 12.0


def test_a_gap_needs_both_ends_at_least_gap_min_port_distance_km_from_any_port() -> None:
    """Going dark at 7 km from Nampo and coming back at 30 km (and the reverse) is no gap under
    a 10 km rule; both ends at 30 km is, with each end's distance to the port reported in km."""
    near, far = _south_of_nampo(7.0), _south_of_nampo(30.0)
    before, after = _every(0, HOUR), _every(14 * HOUR, 15 * HOUR)
    rows = _positions(1, near, before) + _positions(1, far, after)
    rows += _positions(2, far, before) + _positions(2, near, after)
    rows += _positions(3, far, before) + _positions(3, far, after)
    gaps = _of(_detect(rows), "gap")
    assert list(gaps) == [3]
    assert gaps[3][0].details["dark_port_distance_km"] == 30.0
    assert gaps[3][0].details["resumed_port_distance_km"] == 30.0


@pytest.mark.parametrize(("margin_km", "is_gap"), [(-0.003, True), (0.003, False)])
def test_the_gap_port_distance_is_a_distance_in_kilometres(margin_km: float, is_gap: bool) -> None:
    """Ends 12 km from Nampo: a gap when the rule asks 3 metres less, none when it asks 3 more."""
    end = _south_of_nampo(12.0)
    rows = _positions(1, end, [*_every(0, HOUR), *_every(14 * HOUR, 15 * HOUR)])
    gaps = _of(_detect(rows, gap_min_port_distance_km=_port_km(end) + margin_km), "gap")
    assert bool(gaps) is is_gap


def test_a_gap_reports_where_the_vessel_went_dark_and_where_it_came_back() -> None:
    dark, back = _south_of_nampo(30.0), _south_of_nampo(60.0)
    rows = _positions(1, dark, _every(0, HOUR)) + _positions(1, back, _every(21 * HOUR, 22 * HOUR))
    (gap,) = _of(_detect(rows), "gap")[1]
    assert (gap.lat, gap.lon) == pytest.approx(dark)
    assert (gap.details["resumed_lat"], gap.details["resumed_lon"]) == pytest.approx(back, abs=1e-5)
    assert gap.details["distance_km"] == pytest.approx(_km(dark, back), abs=0.05)
    assert gap.details["resumed_port_distance_km"] == pytest.approx(_port_km(back), abs=0.05)
    assert gap.details["implied_speed_knots"] == pytest.approx(_km(dark, back) / KM_PER_NM / 20, abs=0.05)


# --- port visits ------------------------------------------------------------------------------


def test_a_stop_of_exactly_port_visit_hours_is_a_visit_and_one_second_less_is_not() -> None:
    quay = _south_of_nampo(1.0)
    rows = _positions(1, quay, _every(0, 3 * HOUR)) + _positions(2, quay, _every(0, 3 * HOUR - 1))
    visits = _of(_detect(rows), "port_visit")
    assert list(visits) == [1]
    (visit,) = visits[1]
    assert (visit.port, visit.details["port_country"], visit.details["hours"]) == ("Nampo", "KP", 3.0)
    assert visit.details["positions"] == 19


def test_a_silence_longer_than_max_interval_hours_splits_a_visit() -> None:
    """Two three-hour stays two hours apart are one visit; one second more apart, two."""
    quay = _south_of_nampo(1.0)
    one = [*_every(0, 3 * HOUR), *_every(5 * HOUR, 8 * HOUR)]
    two = [*_every(0, 3 * HOUR), *_every(5 * HOUR + 1, 8 * HOUR + 1)]
    visits = _of(_detect(_positions(1, quay, one) + _positions(2, quay, two)), "port_visit")
    assert [(e.start - T0, e.end - T0) for e in visits[1]] == [(0, 8 * HOUR)]
    assert sorted((e.start - T0, e.end - T0) for e in visits[2]) == [
        (0, 3 * HOUR),
        (5 * HOUR + 1, 8 * HOUR + 1),
    ]


@pytest.mark.parametrize(("margin_km", "is_visit"), [(0.003, True), (-0.003, False)])
def test_the_port_visit_reach_is_a_distance_in_kilometres(margin_km: float, is_visit: bool) -> None:
    """Stopped 3.5 km from Nampo: a visit when the reach is 3 metres more, none when 3 less."""
    stop = _south_of_nampo(3.5)
    rows = _positions(1, stop, _every(0, 4 * HOUR))
    visits = _of(_detect(rows, port_visit_distance_km=_port_km(stop) + margin_km), "port_visit")
    assert bool(visits) is is_visit


def _two_ports_near_each_other() -> tuple[Any, Any]:
    """Two ports 2-5 km apart, named differently: a stop between them is within reach of both."""
    ports = world_ports()
    for first in ports:
        for second in ports:
            if first.name != second.name and 2 < _km((first.lat, first.lon), (second.lat, second.lon)) < 5:
                return first, second
    raise AssertionError("no two ports 2-5 km apart")


def test_a_stop_within_reach_of_two_ports_visits_the_nearer() -> None:
    """A quarter of the way from one port to the other: both within 4 km, the first nearer."""
    near, far = _two_ports_near_each_other()
    stop = (near.lat + (far.lat - near.lat) / 4, near.lon + (far.lon - near.lon) / 4)
    assert _km(stop, (near.lat, near.lon)) == pytest.approx(_port_km(stop))
    assert _km(stop, (far.lat, far.lon)) < 4
    (visit,) = _of(_detect(_positions(1, stop, _every(0, 3 * HOUR))), "port_visit")[1]
    assert (visit.port, visit.details["positions"]) == (near.name, 19)


def test_two_positions_at_one_time_count_once_at_the_nearer() -> None:
    """A vessel reporting two places at every time (1 and 2 km from Nampo): the visit counts one
    position a time, the nearer, and is placed there."""
    quay, off = _south_of_nampo(1.0), _south_of_nampo(2.0)
    times = _every(0, 3 * HOUR)
    (visit,) = _of(_detect(_positions(1, quay, times) + _positions(1, off, times)), "port_visit")[1]
    assert (visit.port, visit.details["positions"]) == ("Nampo", 19)
    assert (visit.lat, visit.lon) == pytest.approx(quay, abs=1e-5)


# --- loitering --------------------------------------------------------------------------------


def test_slow_for_exactly_loitering_hours_is_loitering_and_one_second_less_is_not() -> None:
    rows = _positions(1, OPEN_SEA, _every(0, 4 * HOUR), sog=1.0)
    rows += _positions(2, (OPEN_SEA[0] + 0.5, OPEN_SEA[1]), _every(0, 4 * HOUR - 1), sog=1.0)
    loiters = _of(_detect(rows), "loitering")
    assert list(loiters) == [1]
    (loiter,) = loiters[1]
    assert (loiter.start, loiter.end, loiter.details["hours"]) == (T0, T0 + 4 * HOUR, 4.0)
    assert loiter.details["positions"] == 25


def test_a_silence_longer_than_max_interval_hours_splits_loitering() -> None:
    """Two slow three-hour runs two hours apart are one loiter of eight hours; one second more
    apart, two runs each too short to count."""
    one = [*_every(0, 3 * HOUR), *_every(5 * HOUR, 8 * HOUR)]
    two = [*_every(0, 3 * HOUR), *_every(5 * HOUR + 1, 8 * HOUR + 1)]
    rows = _positions(1, OPEN_SEA, one, sog=1.0)
    rows += _positions(2, (OPEN_SEA[0] + 0.5, OPEN_SEA[1]), two, sog=1.0)
    loiters = _of(_detect(rows), "loitering")
    assert list(loiters) == [1]
    assert (loiters[1][0].start, loiters[1][0].end) == (T0, T0 + 8 * HOUR)


def test_a_fast_position_ends_a_slow_run() -> None:
    slow, fast = _every(0, 3 * HOUR), [3 * HOUR + 600]
    rows = _positions(1, OPEN_SEA, slow, sog=1.0) + _positions(1, OPEN_SEA, fast, sog=12.0)
    rows += _positions(1, OPEN_SEA, _every(3 * HOUR + 1200, 6 * HOUR), sog=1.0)
    assert not _of(_detect(rows), "loitering")


@pytest.mark.parametrize(("margin_nm", "is_loitering"), [(-0.002, True), (0.002, False)])
def test_the_loitering_port_distance_is_in_nautical_miles(margin_nm: float, is_loitering: bool) -> None:
    """Loitering 30 km from Nampo (16.2 nm): reported when the rule asks a few metres less, not
    when it asks a few more, and its distance to the port reported in nautical miles."""
    spot = _south_of_nampo(30.0)
    nm = _port_km(spot) / KM_PER_NM
    rows = _positions(1, spot, _every(0, 5 * HOUR), sog=1.0)
    loiters = _of(_detect(rows, loitering_min_port_distance_nm=nm + margin_nm), "loitering")
    assert bool(loiters) is is_loitering
    if is_loitering:
        assert loiters[1][0].details["port_distance_nm"] == round(nm, 1)


# --- encounters -------------------------------------------------------------------------------

#: 200 m east of OPEN_SEA, for the second vessel of a pair.
BESIDE = (OPEN_SEA[0], OPEN_SEA[1] + math.degrees(0.2 / EARTH_KM / math.cos(math.radians(OPEN_SEA[0]))))


def test_a_meeting_of_exactly_encounter_hours_is_an_encounter_and_one_bin_less_is_not() -> None:
    """Ten-minute bins: twelve of them together are two hours, and the encounter runs from the
    first bin's start to the last bin's end; eleven bins are not enough."""
    twelve = _every(0, 11 * 600)  # one position in each of bins 0..11
    rows = _positions(1, OPEN_SEA, twelve, sog=1.0) + _positions(2, BESIDE, twelve, sog=1.0)
    eleven = _every(0, 10 * 600)
    away = (OPEN_SEA[0] + 0.5, OPEN_SEA[1])
    beside_away = (away[0], BESIDE[1])
    rows += _positions(3, away, eleven, sog=1.0) + _positions(4, beside_away, eleven, sog=1.0)
    meetings = [e for e in _detect(rows) if e.type == "encounter"]
    assert [(e.mmsi, e.start, e.end) for e in meetings] == [([1, 2], T0, T0 + 2 * HOUR)]
    assert meetings[0].details["min_distance_m"] == pytest.approx(_km(OPEN_SEA, BESIDE) * 1000, abs=0.5)


def test_the_bins_are_encounter_bin_minutes_long() -> None:
    """With 15-minute bins, positions every 15 minutes from T0 for two hours fill bins 0..8."""
    times = _every(0, 8 * 900, 900)
    rows = _positions(1, OPEN_SEA, times, sog=1.0) + _positions(2, BESIDE, times, sog=1.0)
    meetings = [e for e in _detect(rows, encounter_bin_minutes=15) if e.type == "encounter"]
    assert [(e.start, e.end) for e in meetings] == [(T0, T0 + 9 * 900)]


@pytest.mark.parametrize(("margin_km", "is_encounter"), [(-0.003, True), (0.003, False)])
def test_the_encounter_port_distance_is_a_distance_in_kilometres(
    margin_km: float, is_encounter: bool
) -> None:
    """A meeting 30 km south of Nampo: reported when the rule asks 3 metres less, not 3 more."""
    here = _south_of_nampo(30.0)
    times = _every(0, 3 * HOUR)
    rows = _positions(1, here, times, sog=1.0) + _positions(2, here, times, sog=1.0)
    found = _detect(rows, encounter_min_port_distance_km=_port_km(here) + margin_km)
    meetings = [e for e in found if e.type == "encounter"]
    assert bool(meetings) is is_encounter
    if is_encounter:
        assert meetings[0].details["port_distance_km"] == pytest.approx(_port_km(here), abs=0.05)


def test_time_in_harbour_does_not_count_toward_an_encounter() -> None:
    """Two vessels side by side leave Nampo: an hour at 4.2 km from it, an hour at 7 km, two at
    30 km. Bins within half the 10 km rule (5 km) of a port are left out before pairing, so the
    meeting begins when they pass 5 km, not at the quay; 7 km counts."""
    spans = [(_south_of_nampo(4.2), 0.0), (_south_of_nampo(7.0), HOUR), (_south_of_nampo(30.0), 2 * HOUR)]
    rows: list[dict[str, Any]] = []
    for where, start in spans:
        times = _every(start, start + HOUR - 600)
        rows += _positions(1, where, times, sog=1.0) + _positions(2, where, times, sog=1.0)
    rows += _positions(1, _south_of_nampo(30.0), _every(3 * HOUR, 4 * HOUR - 600), sog=1.0)
    rows += _positions(2, _south_of_nampo(30.0), _every(3 * HOUR, 4 * HOUR - 600), sog=1.0)
    meetings = [e for e in _detect(rows) if e.type == "encounter"]
    assert [(e.start - T0, e.end - T0) for e in meetings] == [(HOUR, 4 * HOUR)]


@pytest.mark.parametrize(("margin_km", "starts_at"), [(-0.0025, 0.0), (0.0025, HOUR)])
def test_the_harbour_filter_is_a_distance_in_kilometres(margin_km: float, starts_at: float) -> None:
    """An hour 5.2 km from Nampo, then two hours at 30 km: with a harbour filter of 5.2 km less
    2.5 metres the first hour counts, with 2.5 metres more it does not (the filter is half the
    encounter's port distance)."""
    first = _south_of_nampo(5.2)
    rows: list[dict[str, Any]] = []
    for where, start, end in ((first, 0.0, HOUR - 600), (_south_of_nampo(30.0), HOUR, 3 * HOUR - 600)):
        rows += _positions(1, where, _every(start, end), sog=1.0) + _positions(
            2, where, _every(start, end), sog=1.0
        )
    rule = 2 * (_port_km(first) + margin_km)
    meetings = [e for e in _detect(rows, encounter_min_port_distance_km=rule) if e.type == "encounter"]
    assert [(e.start - T0, e.end - T0) for e in meetings] == [(starts_at, 3 * HOUR)]
