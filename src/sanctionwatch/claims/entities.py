"""Linking the named vessels, companies and people of a sentence to the sanctions lists."""

from __future__ import annotations

import re
from typing import Any

from sanctionwatch.screening.matcher import Matcher
from sanctionwatch.screening.query import make_query

#: Runs of capitalised words (a name), or a name in quotes; "the" and the like are trimmed.
_NAME = re.compile(r"[\"“']([^\"”']{3,60})[\"”']|((?:[A-Z][\w’'.-]*(?:\s+(?:of|and|&)\s+|\s+)?){2,7})")
_TRIM = {"The", "A", "An", "On", "In", "At", "But", "And", "Some", "According", "North", "South"}
LINK_THRESHOLD = 0.9


def candidate_names(sentence: str) -> list[str]:
    names = []
    for match in _NAME.finditer(sentence):
        text = (match.group(1) or match.group(2) or "").strip(" .,;:")
        words = text.split()
        while words and words[0] in _TRIM:
            words = words[1:]
        if len(words) >= 1 and len(" ".join(words)) >= 4:
            names.append(" ".join(words))
    return list(dict.fromkeys(names))


class EntityLinker:
    """Screens the names in a sentence; keeps only confident matches, with their list references."""

    def __init__(self, matcher: Matcher) -> None:
        self.matcher = matcher

    def __call__(self, sentence: str) -> list[dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for name in candidate_names(sentence):
            for match in self.matcher.screen(make_query(name), threshold=LINK_THRESHOLD, limit=1):
                if match.subject.id not in found:
                    found[match.subject.id] = {
                        "name": name,
                        "entity_id": match.subject.id,
                        "caption": match.subject.caption,
                        "schema": match.subject.schema,
                        "refs": match.subject.refs,
                        "score": round(match.score, 3),
                    }
        return list(found.values())
