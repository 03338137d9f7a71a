"""The mentions stage of claims: a document read into sentences, each with what the lexicons and
the parse find in it (parties, goods, cues, verbs of transfer, speakers), where it stands in the
document and whether it is a headline."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sanctionwatch.claims.documents import Document, check_size
from sanctionwatch.claims.goods import (
    military_help,
    missile_know_how,
    money,
    programme_help,
    trainees,
    working_nationals,
)
from sanctionwatch.claims.lexicon import lexicons
from sanctionwatch.claims.model import Span
from sanctionwatch.claims.rules import (
    SentenceFacts,
    facts,
)
from sanctionwatch.claims.sources import Attribution


@dataclass
class Parsed:
    """A document split into sentences, each with what the lexicons and the parse find in it, where
    it stands in the document, and whether it is a headline (or a heading)."""

    sentences: list[tuple[Any, SentenceFacts]]
    counterpart: str | None
    has_kp: bool
    #: Each sentence's text and offsets in the document.
    spans: list[Span] = field(default_factory=list)
    headlines: list[bool] = field(default_factory=list)
    #: The paragraph each sentence stands in.
    paragraphs: list[int] = field(default_factory=list)
    #: The speakers of the sentences (claims/sources.py).
    speakers: Attribution | None = None

    def source(self, number: int, category: str | None = None) -> str | None:
        """Who says what sentence ``number`` says about goods of ``category``: None for the writer."""
        if self.speakers is None:
            return None
        found = self.sentences[number][1]
        goods = next((m.start for m in found.categories if m.label == category), None)
        return self.speakers.source(number, goods)


#: Chunks the parser reads at a time (spaCy's ``nlp.pipe``).
BATCH = 64


def parse(document: Document) -> Parsed:
    """The document's sentences, read chunk by chunk (claims/documents.py): time and memory grow
    with the document's length."""
    check_size(document.name, document.text)
    lex = lexicons()
    chunks = document.chunks()
    paragraph_of = _paragraph_numbers(document, chunks)
    docs = lex.nlp.pipe((document.reading(chunk) for chunk in chunks), batch_size=BATCH)
    sentences: list[tuple[Any, SentenceFacts]] = []
    spans: list[Span] = []
    headlines: list[bool] = []
    numbers: list[int] = []
    whole_paragraphs = set(document.paragraphs)
    for (start, end), paragraph, doc in zip(chunks, paragraph_of, docs, strict=True):
        whole = (start, end) in whole_paragraphs
        for sentence in doc.sents:
            text = sentence.text.strip()
            if not text:
                continue
            at = start + sentence.start_char + sentence.text.find(text)
            spans.append(Span(document.text[at : at + len(text)], at, at + len(text)))
            one = whole and len(text) == len(doc.text.strip())
            headlines.append(one and _heading(text, not numbers))
            numbers.append(paragraph)
            sentences.append((sentence, _with_people(facts(sentence, lex))))
    has_kp = any(_names_dprk(found) for _, found in sentences)
    speakers = Attribution([found.doc for _, found in sentences], numbers)
    return Parsed(sentences, _counterpart(sentences), has_kp, spans, headlines, numbers, speakers)


def _paragraph_numbers(document: Document, chunks: list[tuple[int, int]]) -> list[int]:
    """The paragraph each chunk belongs to."""
    numbers, paragraph = [], 0
    for start, _ in chunks:
        while paragraph + 1 < len(document.paragraphs) and document.paragraphs[paragraph + 1][0] <= start:
            paragraph += 1
        numbers.append(paragraph)
    return numbers


def _heading(text: str, first: bool) -> bool:
    """A paragraph that is a headline or a heading, which restates the story or names a part of
    it: a Markdown heading, a paragraph with no closing stop, or the document's first paragraph
    asked or exclaimed in a line ("Sinpo's New Submarine: How Much Help From Moscow?")."""
    if text.startswith("#") or text[-1] not in ".!?\"'”’":
        return True
    return first and len(text) <= 120 and "\n" not in text and text[-1] in "?!"


#: Participles that, negated, say a state had no part in what the text reports.
UNINVOLVED = {"mentioned", "involved", "named", "implicated", "cited", "identified"}


def _names_dprk(found: SentenceFacts) -> bool:
    """Whether the sentence names the DPRK as a party or as the one who speaks ("North Korea denied
    supplying shells"), not only to say that it had none ("North Korea was not mentioned"): a
    document that names it only so claims nothing about it."""
    for mention in found.parties + found.places + found.speakers:
        if mention.label != "KP":
            continue
        verb = found.doc[mention.start : mention.end].root.head
        denied = verb.lower_ in UNINVOLVED and any(child.dep_ == "neg" for child in verb.children)
        if found.categories or not denied:
            return True
    return False


def _with_people(found: SentenceFacts) -> SentenceFacts:
    """The sentence's goods, with DPRK nationals at work abroad, military trainees, help for
    weapons programmes and for armed forces, and sums of money, which no lexicon names; missiles
    another state helps to build are know-how."""
    found.categories = missile_know_how(found.doc, found.categories)
    extra = working_nationals(found.doc, found.parties, found.categories)
    extra += trainees(found.doc, found.parties, found.categories)
    extra += programme_help(found.doc, found.categories)
    extra += military_help(found.doc, found.categories + extra)
    extra += money(found.doc, found.verbs, found.categories)
    if extra:
        found.categories = sorted(found.categories + extra, key=lambda m: m.start)
    return found


def _counterpart(sentences: list[tuple[Any, SentenceFacts]]) -> str | None:
    """The state the DPRK deals with most in this document, for sentences that name only one side."""
    counts = Counter(m.label for _, found in sentences for m in found.parties if m.label != "KP")
    return counts.most_common(1)[0][0] if counts else None
