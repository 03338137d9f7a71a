"""Detection and reading settings, after Global Fishing Watch's conventions; every figure is
configurable."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

#: AIS carriage became mandatory from 2002 (SOLAS V/19); earlier dates are corrupt records.
NOT_BEFORE = datetime(2000, 1, 1, tzinfo=UTC).timestamp()
#: Receivers' clocks run a little ahead; a day past now allows for it and for time zones.
FUTURE_SLACK_S = 86400.0


def _tomorrow() -> float:
    return time.time() + FUTURE_SLACK_S


@dataclass(frozen=True)
class ReadingConfig:
    """What a position must satisfy to be read (every reader, every format)."""

    #: Positions dated before this (epoch seconds, UTC) are rejected: "time before the window".
    not_before: float = NOT_BEFORE
    #: Positions dated after this are rejected: "time after the window" (default: now + 1 day).
    not_after: float = field(default_factory=_tomorrow)
    #: Parts of one multi-sentence NMEA message received further apart than this are not joined.
    max_part_age_s: float = 10.0
    #: DuckDB's memory limit while reading and detecting; beyond it DuckDB spills to disk.
    memory_limit: str = "3GB"
    #: A file whose vessels report a median this far apart (seconds) is sampled like satellite
    #: AIS: terrestrial receivers hear a ship every few seconds to minutes (the real files here:
    #: 5 to 110 s), a satellite passes over it every few hours (Spire's file: 7 h).
    sparse_interval_s: float = 3600.0
    #: ... judged on at least this many vessels with two reports or more.
    sparse_min_vessels: int = 10

    def as_dict(self) -> dict[str, Any]:
        return {
            "not_before": datetime.fromtimestamp(self.not_before, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "not_after": datetime.fromtimestamp(self.not_after, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "max_part_age_s": self.max_part_age_s,
            "sparse_interval_s": self.sparse_interval_s,
        }


@dataclass(frozen=True)
class DetectionConfig:
    gap_hours: float = 12.0
    #: A gap counts only when both ends are at least this far from any port ("at sea").
    gap_min_port_distance_km: float = 10.0
    encounter_distance_m: float = 500.0
    encounter_hours: float = 2.0
    encounter_max_knots: float = 2.0
    encounter_min_port_distance_km: float = 10.0
    #: Time bins in which the two tracks are compared; a pair may miss one bin and still continue.
    encounter_bin_minutes: float = 10.0
    loitering_hours: float = 4.0
    loitering_max_knots: float = 2.0
    loitering_min_port_distance_nm: float = 20.0
    port_visit_hours: float = 3.0
    port_visit_max_knots: float = 0.5
    port_visit_distance_km: float = 4.0
    #: Positions further apart in time than this break a stop, a loiter or a visit in two.
    max_interval_hours: float = 2.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
