"""NMEA 0183 AIS sentences (``!AIVDM``/``!AIVDO``) decoded with pyais.

Times come from the tag block (``\\c:1671620143*..\\!AIVDM...``), from a trailing epoch after
the checksum, or from an ISO timestamp before the sentence. Multi-part messages are joined; static
messages (types 5 and 24) give name, IMO and call sign, joined to the vessel's positions by MMSI.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from pyais import NMEAMessage
from pyais.exceptions import InvalidNMEAMessageException

from sanctionwatch.maritime.positions import InputSummary

POSITION_TYPES = {1, 2, 3, 18, 19, 27}
STATIC_TYPES = {5, 24}
_TAG = re.compile(r"^\\([^\\]*)\\")
_TAG_TIME = re.compile(r"(?:^|,)c:(\d{9,13})")
_TRAILING_TIME = re.compile(r"\*[0-9A-Fa-f]{2},(\d{9,13}(?:\.\d+)?)\s*$")
_LEADING_ISO = re.compile(r"^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)")
_SENTENCE = re.compile(r"![A-Z]{2}VD[MO],[^*]*\*[0-9A-Fa-f]{2}")


def _timestamp(line: str) -> float | None:
    tag = _TAG.match(line)
    if tag:
        found = _TAG_TIME.search(tag.group(1))
        if found:
            value = int(found.group(1))
            return value / 1000 if value > 10**11 else float(value)
    trailing = _TRAILING_TIME.search(line)
    if trailing:
        return float(trailing.group(1))
    leading = _LEADING_ISO.match(line)
    if leading:
        text = leading.group(1).replace("Z", "+00:00")
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)  # AIS logs are kept in UTC
        return moment.timestamp()
    return None


def decode_lines(lines: list[str], summary: InputSummary) -> dict[str, list[Any]]:
    """Columns of the positions table from raw NMEA lines; rejects counted in ``summary``."""
    positions: list[tuple[int, float, float, float, float | None, float | None]] = []
    statics: dict[int, list[tuple[float, dict[str, str]]]] = defaultdict(list)
    pending: dict[tuple[Any, ...], list[tuple[float, NMEAMessage]]] = {}
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        summary.read += 1
        sentence = _SENTENCE.search(line)
        if sentence is None:
            summary.rejected["not an AIS sentence"] += 1
            continue
        moment = _timestamp(line)
        if moment is None:
            summary.rejected["no timestamp"] += 1
            continue
        try:
            message = NMEAMessage(sentence.group(0).encode())
        except InvalidNMEAMessageException:
            summary.rejected["unparsable sentence"] += 1
            continue
        if not message.is_valid:
            summary.rejected["bad checksum"] += 1
            continue
        if message.is_multi:
            key = (message.seq_id, message.channel, message.frag_cnt)
            parts = pending.setdefault(key, [])
            parts.append((moment, message))
            if len(parts) < message.frag_cnt:
                continue
            del pending[key]
            moment = parts[0][0]
            try:
                message = NMEAMessage.assemble_from_iterable([part for _, part in parts])
            except (InvalidNMEAMessageException, ValueError):
                summary.rejected["broken multi-part message"] += len(parts)
                continue
            summary.used += len(parts) - 1
        _decode_one(message, moment, summary, positions, statics)
    for parts in pending.values():
        summary.rejected["incomplete multi-part message"] += len(parts)
    return _columns(positions, statics)


def _decode_one(
    message: NMEAMessage,
    moment: float,
    summary: InputSummary,
    positions: list[tuple[int, float, float, float, float | None, float | None]],
    statics: dict[int, list[tuple[float, dict[str, str]]]],
) -> None:
    try:
        decoded = message.decode()
    except Exception:  # pyais raises many kinds of error on corrupt payloads
        summary.rejected["undecodable payload"] += 1
        return
    kind = decoded.msg_type
    if kind in POSITION_TYPES:
        lat, lon = getattr(decoded, "lat", None), getattr(decoded, "lon", None)
        if lat is None or lon is None or abs(lat) > 90 or abs(lon) > 180:
            summary.rejected["impossible coordinates"] += 1
            return
        speed = getattr(decoded, "speed", None)
        course = getattr(decoded, "course", None)
        positions.append(
            (
                int(decoded.mmsi),
                moment,
                float(lat),
                float(lon),
                None if speed is None or speed >= 102.3 else float(speed),
                None if course is None or course >= 360 else float(course),
            )
        )
        summary.used += 1
    elif kind in STATIC_TYPES:
        fields = {}
        imo = getattr(decoded, "imo", None)
        if imo:
            fields["imo"] = f"{int(imo):07d}"
        for attribute, column in (("shipname", "name"), ("callsign", "call_sign")):
            value = (getattr(decoded, attribute, None) or "").strip(" @")
            if value:
                fields[column] = value
        statics[int(decoded.mmsi)].append((moment, fields))
        summary.used += 1
    else:
        summary.rejected["not a vessel position or static message"] += 1


def _columns(
    positions: list[tuple[int, float, float, float, float | None, float | None]],
    statics: dict[int, list[tuple[float, dict[str, str]]]],
) -> dict[str, list[Any]]:
    """Positions with the static data in force at their time (or the first static, before it)."""
    merged: dict[int, tuple[list[float], list[dict[str, str]]]] = {}
    for mmsi, items in statics.items():
        items.sort(key=lambda item: item[0])
        running: dict[str, str] = {}
        states = []
        for _, fields in items:
            running = {**running, **fields}
            states.append(running)
        merged[mmsi] = ([moment for moment, _ in items], states)
    columns: dict[str, list[Any]] = {
        name: [] for name in ("mmsi", "t", "lat", "lon", "sog", "cog", "name", "imo", "call_sign", "flag")
    }
    for mmsi, moment, lat, lon, sog, cog in positions:
        state: dict[str, str] = {}
        if mmsi in merged:
            times, states = merged[mmsi]
            state = states[max(bisect.bisect_right(times, moment) - 1, 0)]
        for name, value in (
            ("mmsi", mmsi),
            ("t", moment),
            ("lat", lat),
            ("lon", lon),
            ("sog", sog),
            ("cog", cog),
        ):
            columns[name].append(value)
        columns["name"].append(state.get("name"))
        columns["imo"].append(state.get("imo"))
        columns["call_sign"].append(state.get("call_sign"))
        columns["flag"].append(None)
    return columns
