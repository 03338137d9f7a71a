"""Vessels named in documents, found among the vessels of the AIS data.

A document names a vessel by its name (numerals included: HAI STAR 15 is not HAI STAR 1), its
IMO number, its MMSI or its call sign. Identifiers are read with patterns and must be those of a
vessel in the AIS data (an IMO number must also pass its check digit); names are the entity
linker's candidate names (with the numeral that follows each) resolved with the screening rules
(the screening Matcher) over an index of the AIS vessels' names. Each mention keeps the
paragraph it stands in, so that it ties to the claims of that paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sanctionwatch.claims.entities import LINK_THRESHOLD, candidate_names
from sanctionwatch.lists.identifiers import imo_is_valid
from sanctionwatch.lists.model import ListEntity
from sanctionwatch.screening.index import build_index
from sanctionwatch.screening.matcher import Matcher
from sanctionwatch.screening.query import make_query

_IMO = re.compile(r"\bIMO(?:\s*(?:No\.?|number|#))?[\s:.]*(\d{7})\b", re.IGNORECASE)
_MMSI = re.compile(r"\bMMSI(?:\s*(?:No\.?|number|#))?[\s:.]*(\d{9})\b", re.IGNORECASE)
_CALL_SIGN = re.compile(r"\bcall\s*sign[\s:]+([A-Z0-9]{4,7})\b", re.IGNORECASE)
_PARAGRAPHS = re.compile(r"\n\s*\n")
#: A numeral after a name ("Hai Star 15", "Chon Ma San No. 2"): part of a vessel's name.
NUMERAL_AFTER = r"\s+(?:No\.?\s*)?(\d{1,4})\b"


@dataclass(frozen=True)
class Mention:
    """A vessel of the AIS data named in a document, and how."""

    mmsi: int
    name: str | None
    identifier: str  # name, imo, mmsi or call_sign
    value: str
    paragraph: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "mmsi": self.mmsi,
            "name": self.name,
            "identifier": self.identifier,
            "value": self.value,
        }


def paragraphs(text: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of each paragraph: blocks between blank lines."""
    spans, start = [], 0
    for gap in _PARAGRAPHS.finditer(text):
        spans.append((start, gap.start()))
        start = gap.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def paragraph_of(spans: list[tuple[int, int]], offset: int) -> int:
    """The number of the paragraph that holds ``offset`` (the last one starting at or before it)."""
    return max((n for n, (start, _) in enumerate(spans) if start <= offset), default=0)


class AISVessels:
    """The vessels of the run's AIS data, to be found by their names and identifiers."""

    def __init__(self, vessels: dict[int, dict[str, Any]]) -> None:
        self.names = {mmsi: info.get("name") for mmsi, info in vessels.items()}
        self.by_imo: dict[str, list[int]] = {}
        self.by_call_sign: dict[str, list[int]] = {}
        entities = []
        for mmsi, info in vessels.items():
            imo, call_sign, name = info.get("imo"), info.get("call_sign"), info.get("name")
            if imo:
                self.by_imo.setdefault(str(imo), []).append(mmsi)
            if call_sign:
                self.by_call_sign.setdefault(str(call_sign).upper(), []).append(mmsi)
            if name:
                entities.append(
                    ListEntity(
                        id=f"ais-{mmsi}",
                        schema="Vessel",
                        dataset="ais",
                        ref=str(mmsi),
                        name=name,
                        imo=[str(imo)] if imo else [],
                        mmsi=[str(mmsi)],
                    )
                )
        self.matcher = Matcher(build_index(entities)) if entities else None

    def mentions(self, text: str) -> list[Mention]:
        """Every vessel of the AIS data that ``text`` names, once per paragraph and identifier."""
        found: dict[tuple[int, str, int], Mention] = {}
        for number, (start, end) in enumerate(paragraphs(text)):
            for mention in self._in_paragraph(text[start:end], number):
                found.setdefault((mention.mmsi, mention.identifier, number), mention)
        return list(found.values())

    def _in_paragraph(self, text: str, number: int) -> list[Mention]:
        found = []
        for match in _IMO.finditer(text):
            imo = match[1]
            if imo_is_valid(imo):
                found += [Mention(m, self.names.get(m), "imo", imo, number) for m in self.by_imo.get(imo, [])]
        for match in _MMSI.finditer(text):
            mmsi = int(match[1])
            if mmsi in self.names:
                found.append(Mention(mmsi, self.names[mmsi], "mmsi", match[1], number))
        for match in _CALL_SIGN.finditer(text):
            sign = match[1].upper()
            found += [
                Mention(m, self.names.get(m), "call_sign", sign, number)
                for m in self.by_call_sign.get(sign, [])
            ]
        if self.matcher is not None:
            for name in _vessel_names(text):
                query = make_query(name, "vessel")
                for hit in self.matcher.screen(query, threshold=LINK_THRESHOLD, limit=1):
                    mmsi = int(hit.subject.id.removeprefix("ais-"))
                    found.append(Mention(mmsi, self.names.get(mmsi), "name", name, number))
        return found


def _vessel_names(text: str) -> list[str]:
    """The linker's candidate names, each also with the numeral that follows it in the text: vessel
    names carry numbers (HAI STAR 15), which tell one ship from its namesakes."""
    names = []
    for name in candidate_names(text):
        numbered = [f"{name} {m[1]}" for m in re.finditer(re.escape(name) + NUMERAL_AFTER, text)]
        names += numbered or [name]
    return list(dict.fromkeys(names))


def tie_to_claims(text: str, mentions: list[Mention], claims: list[dict[str, Any]]) -> None:
    """Give each claim the vessels named in its paragraph (``claim["vessels"]``); a vessel named in
    a paragraph without claims ties to the nearest claim before or after it."""
    if not claims or not mentions:
        return
    spans = paragraphs(text)
    claim_paragraphs = [paragraph_of(spans, claim["start"]) for claim in claims]
    for mention in mentions:
        nearest = min(abs(p - mention.paragraph) for p in claim_paragraphs)
        for claim, paragraph in zip(claims, claim_paragraphs, strict=True):
            if abs(paragraph - mention.paragraph) == nearest:
                tied = claim.setdefault("vessels", [])
                if mention.as_dict() not in tied:
                    tied.append(mention.as_dict())
