"""Tiny AIS files written by the tests: MarineCadastre rows, DMA rows, NMEA sentences."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from pyais import encode_dict

HEADER = (
    "MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,"
    "VesselType,Status,Length,Width,Draft,Cargo,TransceiverClass"
)


def stamp(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%S")


def mc_row(
    mmsi: int, epoch: float, lat: float, lon: float, sog: float = 10.0, name: str = "TEST", imo: str = ""
) -> str:
    return f"{mmsi},{stamp(epoch)},{lat},{lon},{sog},90.0,90,{name},{imo},CALL,70,0,100,20,5,70,A"


def write_marinecadastre(path: Path, rows: list[str]) -> Path:
    path.write_text(HEADER + "\n" + "\n".join(rows) + "\n")
    return path


def nmea_position(mmsi: int, epoch: float, lat: float, lon: float, speed: float = 10.0) -> list[str]:
    sentences = encode_dict(
        {"type": 1, "mmsi": mmsi, "lat": lat, "lon": lon, "speed": speed, "course": 90.0},
        talker_id="AI",
        sentence_type="VDM",
    )
    return [f"\\s:test,c:{int(epoch)}*00\\{sentence}" for sentence in sentences]


def nmea_static(mmsi: int, epoch: float, imo: int, name: str, call_sign: str) -> list[str]:
    sentences = encode_dict(
        {"type": 5, "mmsi": mmsi, "imo": imo, "shipname": name, "callsign": call_sign},
        talker_id="AI",
        sentence_type="VDM",
        seq_id=1,
    )
    return [f"{sentence},{int(epoch)}" for sentence in sentences]
