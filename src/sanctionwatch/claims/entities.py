"""Linking the named vessels, companies and people of a sentence to the sanctions lists.

Names are screened by the same rules as ``sanctionwatch screen``: a vessel's numeral is part of
its name (KUM UN SAN 3 is not KUM UN SAN), and an IMO number, MMSI or call sign written in the
sentence identifies a listed vessel on its own. An IMO number written right after a name is the
evidence it is: a listed vessel of the same name but another IMO number is not linked.
"""

from __future__ import annotations

import re
from typing import Any

from sanctionwatch.errors import QueryError
from sanctionwatch.lists.identifiers import imo_is_valid
from sanctionwatch.screening.index import Subject, normal_call_sign
from sanctionwatch.screening.matcher import Matcher
from sanctionwatch.screening.query import make_query

#: Runs of capitalised words (a name) with a vessel's numeral after them (SAM JONG 2, Sam Jong
#: No. 2), or a name in quotes; "the" and the like are trimmed.
_NAME = re.compile(
    r"[\"“']([^\"”']{3,60})[\"”']"
    r"|((?:[A-Z][\w’'.-]*(?:\s+(?:of|and|&)\s+|\s+)?){2,7}(?:(?<=\s)(?:No\.?\s*)?\d{1,3}\b(?![\d,.%]\d))?)"
)
_TRIM = {"The", "A", "An", "On", "In", "At", "But", "And", "Some", "According", "North", "South"}
LINK_THRESHOLD = 0.9
_IMO = re.compile(r"\bIMO\b(?:\s*(?:No\.?|number|:))?\s*(\d{7})\b", re.IGNORECASE)
_MMSI = re.compile(r"\bMMSI\b(?:\s*(?:No\.?|number|:))?\s*(\d{9})\b", re.IGNORECASE)
_CALL_SIGN = re.compile(r"\bcall[\s-]*sign\b(?:\s*:)?\s*([A-Z0-9]{3,7})\b", re.IGNORECASE)
#: An IMO number this close after a name (", IMO 9362059", " (IMO 9362059)") belongs to it.
_IMO_AFTER = re.compile(
    r"^[\s,(]*(?:\w+\s+){0,2}?[\s,(]*IMO\b(?:\s*(?:No\.?|number|:))?\s*(\d{7})\b", re.IGNORECASE
)


def candidate_names(sentence: str) -> list[str]:
    return [name for name, _ in _candidates(sentence)]


def _candidates(sentence: str) -> list[tuple[str, str | None]]:
    """Each name in the sentence, with the IMO number written right after it, if any."""
    names: dict[str, str | None] = {}
    for match in _NAME.finditer(sentence):
        text = (match.group(1) or match.group(2) or "").strip(" .,;:")
        words = text.split()
        while words and words[0] in _TRIM:
            words = words[1:]
        if words and words[0] == "IMO":
            continue
        if len(words) >= 1 and len(" ".join(words)) >= 4:
            after = _IMO_AFTER.match(sentence[match.end() : match.end() + 40])
            imo = after.group(1) if after and imo_is_valid(after.group(1)) else None
            names.setdefault(" ".join(words), imo)
    return list(names.items())


class EntityLinker:
    """Screens the names and vessel identifiers in a sentence; keeps only confident matches, with
    their list references."""

    def __init__(self, matcher: Matcher) -> None:
        self.matcher = matcher

    def __call__(self, sentence: str) -> list[dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}

        def add(name: str, subject: Subject, score: float, how: str) -> None:
            if subject.id not in found:
                found[subject.id] = {
                    "name": name,
                    "entity_id": subject.id,
                    "caption": subject.caption,
                    "schema": subject.schema,
                    "refs": subject.refs,
                    "score": round(score, 3),
                    "matched_by": how,
                }

        index = self.matcher.index
        for match in _IMO.finditer(sentence):
            if imo_is_valid(match.group(1)):
                for number in index.by_imo.get(match.group(1), []):
                    add(match.group(0), index.subjects[number], 1.0, "imo")
        for pattern, table, how in (
            (_MMSI, index.by_mmsi, "mmsi"),
            (_CALL_SIGN, index.by_call_sign, "call_sign"),
        ):
            for match in pattern.finditer(sentence):
                key = match.group(1) if how == "mmsi" else normal_call_sign(match.group(1))
                for number in table.get(key, []):
                    add(match.group(0), index.subjects[number], 1.0, how)
        for name, imo in _candidates(sentence):
            try:
                query = make_query(name, imo=imo)
            except QueryError:
                continue
            for hit in self.matcher.screen(query, threshold=LINK_THRESHOLD, limit=1):
                add(name, hit.subject, hit.score, "imo" if hit.score == 1.0 and imo else "name")
        return list(found.values())
