"""The lexicons (data/claims/*.csv) compiled into spaCy phrase matchers on a blank pipeline."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

DATA = Path(str(resources.files("sanctionwatch") / "data" / "claims"))


def _rows(name: str) -> list[tuple[str, str]]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return [
            (row["phrase"], next(v for k, v in row.items() if k != "phrase"))
            for row in csv.DictReader(handle)
        ]


@dataclass(frozen=True)
class Lexicons:
    nlp: Any
    parties: Any
    categories: Any
    cues: Any
    verbs: Any


def _register_paragraph_breaks() -> None:
    from spacy.language import Language

    if "paragraph_breaks" in Language.factories:
        return

    @Language.component("paragraph_breaks")
    def paragraph_breaks(doc: object) -> object:
        """A line break ends a sentence: headlines and list items carry no full stop."""
        for token in doc:  # type: ignore[attr-defined]
            if token.i + 1 < len(doc) and "\n" in token.text_with_ws:  # type: ignore[arg-type]
                doc[token.i + 1].is_sent_start = True  # type: ignore[index]
        return doc


@cache
def lexicons() -> Lexicons:
    """A blank English pipeline with a sentencizer and one PhraseMatcher per lexicon.

    Parties match case-sensitively (US is a country, us is not); the rest in lower case."""
    import spacy
    from spacy.matcher import PhraseMatcher

    _register_paragraph_breaks()

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("paragraph_breaks")
    matchers = {}
    for name, attr in (("parties", "ORTH"), ("categories", "LOWER"), ("cues", "LOWER"), ("verbs", "LOWER")):
        matcher = PhraseMatcher(nlp.vocab, attr=attr)
        grouped: dict[str, list[str]] = {}
        for phrase, label in _rows(f"{name}.csv"):
            grouped.setdefault(label, []).append(phrase)
        for label, phrases in grouped.items():
            matcher.add(label, [nlp.make_doc(phrase) for phrase in phrases])
        matchers[name] = matcher
    return Lexicons(nlp, matchers["parties"], matchers["categories"], matchers["cues"], matchers["verbs"])
