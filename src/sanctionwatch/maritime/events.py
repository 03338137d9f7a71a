"""Maritime events: what the detections found, with the figures behind each."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

EVENT_TYPES = ("gap", "encounter", "loitering", "port_visit", "identity_change")


def iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Event:
    type: str
    mmsi: list[int]
    start: float
    end: float
    lat: float
    lon: float
    imo: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    port: str | None = None
    sanctioned: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        vessels = "-".join(str(m) for m in self.mmsi)
        return f"{self.type}-{vessels}-{int(self.start)}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "mmsi": self.mmsi,
            "imo": self.imo,
            "names": self.names,
            "start": iso(self.start),
            "end": iso(self.end),
            "lat": round(self.lat, 5),
            "lon": round(self.lon, 5),
            "port": self.port,
            "sanctioned": self.sanctioned,
            "details": self.details,
        }

    def sort_key(self) -> tuple[float, str, list[int]]:
        return (self.start, self.type, self.mmsi)
