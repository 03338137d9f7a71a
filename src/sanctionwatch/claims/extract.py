"""Claims from documents, by rules over lexicons and a dependency parse, revised by a learned
scorer (claims/scorer.py): offline and deterministic."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from typing import Any

from sanctionwatch.claims.documents import Document
from sanctionwatch.claims.model import Claim, Span
from sanctionwatch.claims.parsing import Parsed, parse
from sanctionwatch.claims.provisions import provisions_for
from sanctionwatch.claims.reading import read_referring, read_sentence, route_of
from sanctionwatch.claims.rules import (
    BACK_REFERENCES,
    Mention,
    SentenceFacts,
    modality,
)
from sanctionwatch.claims.scorer import Key, Reading, Scorer, candidates, scorer
from sanctionwatch.claims.syntax import (
    rebuttal,
)

#: Links a sentence's named parties to the lists (claims/entities.py).
Linker = Callable[[str], list[dict[str, Any]]]


def extract(document: Document, linker: Linker | None = None) -> list[Claim]:
    """Every claim in the document, one per (category, supplier, recipient, modality): read by the
    rules, then kept, dropped or added by the learned scorer (claims/scorer.py)."""
    parsed = parse(document)
    claims = read_by_rules(document, parsed, linker)
    model = scorer()
    return claims if model is None else _revised(document, parsed, claims, model, linker)


def read_by_rules(document: Document, parsed: Parsed, linker: Linker | None = None) -> list[Claim]:
    """The claims the rules read, sentence by sentence."""
    sentences, counterpart, has_kp = parsed.sentences, parsed.counterpart, parsed.has_kp
    claims: dict[tuple[str, str | None, str | None, str], Claim] = {}
    previous: list[tuple[str, str | None, str | None, str]] = []
    denials: list[tuple[int, set[str], list[tuple[str, str | None, str | None, str]]]] = []
    dyads: dict[str, tuple[str | None, str | None]] = {}
    route: tuple[str, str] | None = None
    routed = 0
    for number, (sentence, found) in enumerate(sentences):
        if parsed.headlines[number]:
            continue  # a headline restates the story; its claims are read from the body
        # a sentence that names no goods and rejects a report denies the claims before it
        rejected = rebuttal(found.doc, found.categories) if found.categories else None
        if rejected is not None:
            found.cues = [c for c in found.cues if not rejected.start <= c.start < rejected.end]
        readings = read_sentence(
            sentence, found, counterpart, has_kp, dyads, route if number - routed <= 2 else None
        )
        if not found.categories and (moved := route_of(found, [t.lower_ for t in found.doc])) is not None:
            route, routed = moved, number  # "trains crossed from North Korea into Russia"
        if not readings and _denial_without_goods(found):
            # "Tehran denied receiving such help", "The Kremlin dismissed the report as a fabrication":
            # the claims the denier is a party to, wherever they stand in the article
            denials.append((number, _deniers(found), list(previous)))
        elif not readings and previous and _refers_back(sentence, found):
            readings = read_referring(sentence, found, previous, counterpart, has_kp)
        if readings:
            previous = readings
        for category, supplier, recipient, _ in readings:
            if supplier or recipient:
                dyads[category] = (supplier, recipient)
        readings = _conceded(found, readings)
        sourced = [(reading, parsed.source(number, reading[0])) for reading in readings]
        if rejected is not None:
            sourced += [
                ((c, s_, r, "denied"), rejected.denier.text) for c, s_, r, m in readings if m != "denied"
            ]
        for (category, supplier, recipient, mode), said_by in sourced:
            if "KP" not in (supplier, recipient):
                continue
            mode = _by_speaker(mode, said_by, sentence)
            _add(claims, parsed.spans[number], (category, supplier, recipient, mode), said_by, linker)
    for number, deniers, before in denials:
        targets = [key[:3] for key in claims if key[3] != "denied" and deniers & {key[1], key[2]}]
        said_by = parsed.source(number)
        for category, supplier, recipient in dict.fromkeys(targets or [r[:3] for r in before]):
            _add(claims, parsed.spans[number], (category, supplier, recipient, "denied"), said_by, linker)
    return list(claims.values())


#: Words by which a writer concedes a denial and states the claim all the same.
CONCEDING = {"despite", "notwithstanding", "spite"}


def _conceded(
    found: SentenceFacts, readings: list[tuple[str, str | None, str | None, str]]
) -> list[tuple[str, str | None, str | None, str]]:
    """ "Despite official denials, Russia has bought shells from North Korea": the claim is made,
    and denied by its party; each reading denied only by a conceded denial is read both ways."""
    conceded = [
        c
        for c in found.cues
        if c.label == "denied" and CONCEDING & {t.lower_ for t in found.doc[c.start].ancestors}
    ]
    if not conceded:
        return readings
    rest = [c for c in found.cues if c not in conceded]
    made = modality(rest, 0, len(found.doc), rest)
    both = []
    for category, supplier, recipient, mode in readings:
        if mode == "denied":
            both.append((category, supplier, recipient, made))
        both.append((category, supplier, recipient, mode))
    return both


def _under_concession(doc: Any, cue: Mention) -> bool:
    return bool(CONCEDING & {t.lower_ for t in doc[cue.start].ancestors})


def _deniers(found: SentenceFacts) -> set[str]:
    """The states a denial speaks for: those it names as speakers or parties ("the Kremlin",
    "Pyongyang's foreign ministry")."""
    return {m.label for m in found.speakers + found.parties}


def _add(
    claims: dict[tuple[str, str | None, str | None, str], Claim],
    span: Span,
    key: tuple[str, str | None, str | None, str],
    said_by: str | None,
    linker: Linker | None,
) -> None:
    """The claim with this sentence as its support: a new claim, or one more span of the same one."""
    if key in claims:
        if all(other.start != span.start for other in claims[key].spans):
            claims[key].spans.append(span)
        return
    category, supplier, recipient, mode = key
    claims[key] = Claim(
        category=category,
        supplier=supplier,
        recipient=recipient,
        modality=mode,
        source=said_by,
        provisions=provisions_for(category, supplier, recipient),
        text=span.text,
        start=span.start,
        end=span.end,
        entities=linker(span.text) if linker else [],
        spans=[span],
    )


def scorer_readings(document: Document, parsed: Parsed, read: list[tuple[Key, list[int]]]) -> list[Reading]:
    """Each sentence with the claims ``read`` finds in it: a claim is in the sentence whose span
    holds one of its offsets (a reading stored by older rules may have cut sentences elsewhere)."""
    starts = [span.start for span in parsed.spans]
    by_sentence: dict[int, set[Key]] = {}
    for key, offsets in read:
        for offset in offsets:
            number = bisect_right(starts, offset) - 1
            if number >= 0 and offset < parsed.spans[number].end:
                by_sentence.setdefault(number, set()).add(key)
    return [
        Reading(
            facts=found,
            headline=parsed.headlines[number],
            rules=frozenset(by_sentence.get(number, ())),
        )
        for number, (_, found) in enumerate(parsed.sentences)
    ]


def _revised(
    document: Document, parsed: Parsed, claims: list[Claim], model: Scorer, linker: Linker | None
) -> list[Claim]:
    """The rules' claims the scorer keeps, and the claims it reads that the rules missed, each with
    the modality and source of the sentence it is read from."""
    read = [((c.category, c.supplier, c.recipient), [s.start for s in c.spans]) for c in claims]
    readings = scorer_readings(document, parsed, read)
    ruled = {key for key, _ in read}
    offered = candidates(readings, ruled, parsed.counterpart, parsed.has_kp)
    decision = model.decide(ruled, offered)
    revised = {c.key: c for c in claims if (c.category, c.supplier, c.recipient) in decision.kept}
    for key, number in decision.added.items():
        sentence, found = parsed.sentences[number]
        lower = [t.lower_ for t in found.doc]
        mode = modality(found.cues, 0, len(lower), found.cues, lower)
        said_by = parsed.source(number, key[0])
        span = parsed.spans[number]
        _add(revised, span, (*key, _by_speaker(mode, said_by, sentence)), said_by, linker)
    for claim in revised.values():
        score = decision.scores.get((claim.category, claim.supplier, claim.recipient))
        claim.confidence = round(score, 3) if score is not None else None
    return list(revised.values())


INTELLIGENCE = {"intelligence", "spy", "nis"}


#: Words that make an intelligence service the source behind the speaker.
INTELLIGENCE_LINKS = {"citing", "cited", "by"}


def _by_speaker(mode: str, said_by: str | None, sentence: Any) -> str:
    """What an intelligence service asserts or expects is its assessment."""
    if mode in ("asserted", "expected") and _from_intelligence(said_by, sentence):
        return "assessed"
    return mode


def _from_intelligence(said_by: str | None, sentence: Any) -> bool:
    """The claim comes from an intelligence service: it is the speaker, or the speaker cites it or
    was briefed by it ("a lawmaker said, citing the National Intelligence Service", "said after a
    briefing by the National Intelligence Service")."""
    if said_by and INTELLIGENCE & set(said_by.lower().split()):
        return True
    lower = [t.lower_ for t in sentence]
    for index, word in enumerate(lower):
        if word != "intelligence":
            continue
        before = lower[max(0, index - 6) : index]
        if "," in before:
            before = before[len(before) - before[::-1].index(",") :]
        if INTELLIGENCE_LINKS & set(before):
            return True
    return False


#: Words by which a sentence points back at goods already named ("hire them", "such help").
ANAPHORA = {"them", "they", "it", "such", "these", "those", "same"}


def _refers_back(sentence: Any, found: SentenceFacts) -> bool:
    """A sentence that moves something between named states without naming the goods, and whose
    verb of transfer takes them by a reference ("If Moscow were to hire them, ...", "Beijing has
    sent such goods before"); a pronoun elsewhere ("things it cannot buy") refers to no goods."""
    if found.categories or not found.verbs or not found.parties:
        return False
    for verb in found.verbs:
        for child in found.doc[verb.start].children:
            if child.dep_ not in {"dobj", "nsubjpass"}:
                continue
            determiners = [t.lower_ for t in child.children if t.dep_ == "det"]
            if child.lower_ in ANAPHORA or ANAPHORA & set(determiners):
                return True
    return False


def _denial_without_goods(found: SentenceFacts) -> bool:
    """A denial that names no goods and so denies claims made elsewhere ("Tehran denied it", "the
    Kremlin dismissed the report"); a negated verb with an object of its own denies that object
    ("he did not give details"), and one with no object denies nothing claimed ("it cannot buy
    elsewhere", "could not be reached"): only "has not sent them" points back."""
    if found.categories:
        return False
    verbs = {v.start for v in found.verbs}
    for cue in found.cues:
        if cue.label != "denied" or _has_own_object(found.doc, cue):
            continue
        if cue.start not in verbs or _points_at_claim(found.doc, cue):
            return True
    return False


def _points_at_claim(doc: Any, cue: Mention) -> bool:
    """The negated verb's object points back at what was claimed ("has not sent them")."""
    return any(t.dep_ == "dobj" and t.lower_ in ANAPHORA | BACK_REFERENCES for t in doc[cue.start].children)


def _has_own_object(doc: Any, cue: Mention) -> bool:
    """The denying verb has an object of its own: "did not give details", not "denied the report"
    or "has not sent them", which point back at the claim."""
    objects = [t for t in doc[cue.start].children if t.dep_ == "dobj"]
    return any(t.lower_ not in ANAPHORA | BACK_REFERENCES and t.pos_ in {"NOUN", "PROPN"} for t in objects)
