"""Detection settings, after Global Fishing Watch's conventions; every figure is configurable."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


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
