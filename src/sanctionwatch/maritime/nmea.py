"""NMEA 0183 AIS sentences (``!AIVDM``, ``!BSVDM``, any talker) decoded with pyais.

A line may hold several sentences, each with its own tag block (``\\s:rMT2083,c:1698785948*44\\``).
pyais parses each sentence, its tag block (receive time ``c:``, source ``s:``, group ``g:``) and
Gatehouse's ``$PGHP`` time sentences (the DMA's), and assembles multi-part payloads. Receive times
come, in this order, from the tag block, from a ``$PGHP`` sentence (which wraps the sentences after
it until the next one), from the first epoch among the fields after the checksum (AISdb's
``...*28,d-109,...,r003669946,1325394060,...``), or from an ISO time opening the line.

Parts of a multi-part message are joined only when they come from the same source (tag block
``s:``, the ``$PGHP`` station, AISdb's ``r`` field, or, for a part that names none, the sentence
before it on its line), carry the same tag-block group or sequence id, channel and part count,
and arrive within ``max_part_age_s`` of each other: parts from different receivers, or hundreds of
lines apart, are not one message. A part without its own time (``\\g:2-2-1278*51\\``) takes the
time of the first part.

Decoded values are passed on as broadcast (a speed of 102.3, a latitude of 91): the shared SQL
validation (``positions.judge_sql``) decides what they mean, as it does for CSV. Static messages
(types 5 and 24) become identity rows (no position), joined to the vessel's positions later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pyais.exceptions import InvalidNMEAMessageException, UnknownMessageException
from pyais.messages import AISSentence, GatehouseSentence, NMEASentenceFactory

from sanctionwatch.maritime.positions import InputSummary

POSITION_TYPES = {1, 2, 3, 18, 19, 27}
STATIC_TYPES = {5, 24}
OTHER_STATIONS = {
    4: "not a vessel: base station",
    11: "not a vessel: base station",
    21: "not a vessel: aid to navigation",
    9: "not a vessel: search and rescue aircraft",
}
#: One sentence with its optional tag block and anything after its checksum up to the next one.
_SEGMENT = re.compile(
    r"(?:\\(?P<tag>[^\\]*)\\)?(?P<sentence>[!$][A-Z0-9]{4,5},[^*\\!$]*\*[0-9A-Fa-f]{2})(?P<trailing>[^\\!$]*)"
)
_EPOCH = re.compile(r"^\d{9,13}(?:\.\d+)?$")
_LEADING_ISO = re.compile(r"^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)")
_AIS = re.compile(r"^![A-Z]{2}VD[MO],")
NOT_AVAILABLE_LAT, NOT_AVAILABLE_LON = 91.0, 181.0

Row = tuple[Any, ...]


@dataclass
class _Part:
    sentence: AISSentence
    moment: float | None


@dataclass
class _Pending:
    parts: dict[int, _Part] = field(default_factory=dict)

    @property
    def moment(self) -> float | None:
        return next((p.moment for _, p in sorted(self.parts.items()) if p.moment is not None), None)


def _epoch(text: str) -> float:
    value = float(text)
    return value / 1000 if value > 10**11 else value


def _iso(text: str) -> float | None:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # AIS logs are kept in UTC
    return moment.timestamp()


class NmeaDecoder:
    """Decodes lines into raw rows (the columns of ``positions.RAW_COLUMNS``, ``ts`` as epoch
    seconds), counting every sentence that gives none in the summary."""

    def __init__(self, summary: InputSummary, max_part_age_s: float = 10.0) -> None:
        self.summary = summary
        self.max_age = max_part_age_s
        self.rows: list[Row] = []
        self.pending: dict[tuple[Any, ...], _Pending] = {}
        self.station_time: float | None = None  # from the last $PGHP
        self.station: str | None = None

    def line(self, raw: str) -> None:
        text = raw.strip()
        if not text:
            return
        segments = list(_SEGMENT.finditer(text))
        if not any(_AIS.match(s.group("sentence")) or s.group("sentence").startswith("$") for s in segments):
            self.summary.reject("not an AIS sentence")
            return
        leading = _LEADING_ISO.match(text)
        line_time = _iso(leading.group(1)) if leading else None
        line_source: str | None = None
        for segment in segments:
            line_source = self._segment(segment, line_time, line_source)

    def _segment(
        self, segment: re.Match[str], line_time: float | None, line_source: str | None
    ) -> str | None:
        """Read one sentence; return the source that a following part on the line may inherit."""
        tag, body, trailing = segment.group("tag"), segment.group("sentence"), segment.group("trailing")
        raw = (f"\\{tag}\\{body}" if tag is not None else body).encode("ascii", "replace")
        try:
            sentence = NMEASentenceFactory.produce(raw)
        except (InvalidNMEAMessageException, UnknownMessageException, IndexError, ValueError):
            if _AIS.match(body):
                self.summary.reject("unparsable sentence")
            return line_source
        if isinstance(sentence, GatehouseSentence):
            self.station_time = sentence.timestamp.replace(tzinfo=UTC).timestamp()
            self.station = f"pghp:{sentence.country}/{sentence.region}/{sentence.pss}"
            return line_source
        if not isinstance(sentence, AISSentence):
            return line_source
        if not sentence.is_valid:
            self.summary.reject("bad checksum")
            return line_source
        moment, source, group = self._context(sentence, trailing, line_time)
        source = source or line_source
        if sentence.frag_cnt == 1:
            self._decode([_Part(sentence, moment)])
        else:
            self._add_part(sentence, moment, source, group)
        return source

    def _context(
        self, sentence: AISSentence, trailing: str, line_time: float | None
    ) -> tuple[float | None, str | None, tuple[int, int] | None]:
        """Receive time, source and tag-block group (id, total) of a sentence."""
        moment: float | None = None
        source: str | None = None
        group: tuple[int, int] | None = None
        block = sentence.tag_block
        if block is not None:
            block.init()
            if block.receiver_timestamp and block.receiver_timestamp.isdigit():
                moment = _epoch(block.receiver_timestamp)
            if block.source_station:
                source = f"s:{block.source_station}"
            found = block.group
            if found is not None and 1 <= found.sentence_num <= found.sentence_tot > 1:
                group = (found.group_id, found.sentence_tot)
        fields = [f.strip() for f in trailing.split(",") if f.strip()]
        if moment is None and self.station_time is not None:
            moment, source = self.station_time, source or self.station
        if moment is None:
            moment = next((_epoch(f) for f in fields if _EPOCH.match(f)), None)
        if source is None:
            source = next((f"r:{f[1:]}" for f in fields if f[:1] == "r" and f[1:].isdigit()), None)
        if moment is None:
            moment = line_time
        return moment, source, group

    def _add_part(
        self, sentence: AISSentence, moment: float | None, source: str | None, group: tuple[int, int] | None
    ) -> None:
        if group is not None:
            key: tuple[Any, ...] = ("g", group, sentence.frag_cnt)
        else:
            key = ("s", source, sentence.seq_id, sentence.channel, sentence.frag_cnt)
        pending = self.pending.get(key)
        if pending is not None:
            first = pending.moment
            stale = moment is not None and first is not None and abs(moment - first) > self.max_age
            if stale or sentence.frag_num in pending.parts:
                self._incomplete(self.pending.pop(key))
                pending = None
        if pending is None:
            pending = self.pending[key] = _Pending()
        pending.parts[sentence.frag_num] = _Part(sentence, moment)
        if len(pending.parts) == sentence.frag_cnt:
            del self.pending[key]
            self._decode([pending.parts[n] for n in sorted(pending.parts)])

    def _incomplete(self, pending: _Pending) -> None:
        self.summary.reject("incomplete multi-part message", len(pending.parts))

    def finish(self) -> list[Row]:
        for pending in self.pending.values():
            self._incomplete(pending)
        self.pending.clear()
        return self.rows

    def _decode(self, parts: list[_Part]) -> None:
        count = len(parts)
        moment = next((p.moment for p in parts if p.moment is not None), None)
        if moment is None:
            self.summary.reject("no timestamp", count)
            return
        try:
            message = AISSentence.assemble_from_iterable([p.sentence for p in parts])
            decoded = message.decode()
        except Exception:  # pyais raises many kinds of error on corrupt payloads
            self.summary.reject("undecodable payload", count)
            return
        kind = decoded.msg_type
        mmsi = getattr(decoded, "mmsi", None)
        if kind in POSITION_TYPES:
            self.rows.append(
                (
                    mmsi,
                    moment,
                    getattr(decoded, "lat", None),
                    getattr(decoded, "lon", None),
                    getattr(decoded, "speed", None),
                    getattr(decoded, "course", None),
                    None,
                    None,
                    None,
                    None,
                    None,
                )
            )
        elif kind in STATIC_TYPES:
            imo = getattr(decoded, "imo", None)
            name = (getattr(decoded, "shipname", None) or "").strip(" @") or None
            call_sign = (getattr(decoded, "callsign", None) or "").strip(" @") or None
            if not (imo or name or call_sign):
                self.summary.reject("static message without identity", count)
                return
            imo_text = f"{int(imo):07d}" if imo is not None else None
            self.rows.append(
                (
                    mmsi,
                    moment,
                    NOT_AVAILABLE_LAT,
                    NOT_AVAILABLE_LON,
                    None,
                    None,
                    name,
                    imo_text,
                    call_sign,
                    None,
                    None,
                )
            )
        else:
            self.summary.reject(OTHER_STATIONS.get(kind, "not a vessel position or static message"), count)
            return
        self.summary.read += count - 1  # the row's own sentence is counted by the SQL validation
        self.summary.used += count - 1
