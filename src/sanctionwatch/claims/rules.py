"""Reading one sentence: its parties, goods, transfer verbs and modality cues (speakers: sources.py).

Direction follows the thing transferred (ANNOTATION.md): for verbs of giving the party before
the verb supplies and the party after "to", "for", "into" or "in" receives; for verbs of taking it
is the other way round, with "from" marking the supplier; a passive verb takes its supplier from
"by". "from X to Y" settles both. A demonym before the goods ("North Korean shells", "Russian oil")
names the supplier. Goods after "in exchange for" or "in return for" flow the other way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

MODALITY_PRIORITY = ("denied", "speculated", "assessed", "expected")
RECIPIENT_MARKERS = {"to", "for", "into", "in", "with", "toward", "towards"}
SUPPLIER_MARKERS = {"from", "by"}
PASSIVE_AUXILIARIES = {"was", "were", "been", "being", "is", "are", "be", "get", "got"}
EXCHANGE = (
    "in exchange for",
    "in return for",
    "as payment for",
    "in payment for",
    "in exchange",
    "in return",
)
#: Verbs that are nouns ("deliveries", "transfers"): they say goods moved but not who moved them.
NOMINAL_VERBS = {
    "delivery",
    "deliveries",
    "shipment",
    "shipments",
    "sale",
    "sales",
    "supplies",
    "transfers",
    "exports",
    "imports",
    "purchases",
}
#: Words of legal commentary: a sentence about what would breach sanctions is not a new transfer.
COMMENTARY = {
    "breach",
    "breached",
    "breaches",
    "violate",
    "violates",
    "violation",
    "sanctions",
    "except",
    "ban",
}
CLAUSE_BREAKS = {";", "but", "while", "whereas", "although", "meanwhile"}
ATTRIBUTION = {
    "wrote",
    "writes",
    "argued",
    "argues",
    "insisted",
    "acknowledged",
    "admitted",
    "testified",
    "disclosed",
    "said",
    "says",
    "say",
    "told",
    "tells",
    "reported",
    "reports",
    "claimed",
    "claims",
    "stated",
    "states",
    "announced",
    "warned",
    "believe",
    "believes",
    "believed",
    "assess",
    "assesses",
    "assessed",
    "estimate",
    "estimates",
    "estimated",
    "denied",
    "denies",
    "deny",
    "dismissed",
    "rejected",
    "accused",
    "alleged",
    "confirmed",
    "revealed",
    "added",
    "noted",
    "suspect",
    "suspects",
    "speculate",
    "speculated",
    "think",
    "thinks",
    "fear",
    "fears",
    "expect",
    "expects",
    "concluded",
    "judge",
    "judges",
    "urged",
    "urge",
    "found",
    "show",
    "shows",
    "showed",
    "warn",
    "warns",
    "cited",
    "quoted",
}
#: Verbs that only report speech: a state that opens a sentence with one of them speaks; one that
#: opens it with "rejected" or "wrote off" may also act.
SAYING = {
    "said",
    "says",
    "say",
    "told",
    "tells",
    "stated",
    "claimed",
    "claims",
    "insisted",
    "argued",
    "argues",
}
SOURCE_NOUNS = {
    "aide",
    "aides",
    "blogger",
    "bloggers",
    "correspondent",
    "correspondents",
    "officer",
    "officers",
    "firm",
    "group",
    "department",
    "office",
    "spokespeople",
    "representative",
    "representatives",
    "authority",
    "regulator",
    "guard",
    "prosecutor",
    "investigator",
    "researcher",
    "commander",
    "minister",
    "police",
    "court",
    "watchdog",
    "monitors",
    "envoy",
    "ambassador",
    "officials",
    "official",
    "intelligence",
    "analysts",
    "analyst",
    "experts",
    "expert",
    "sources",
    "ministry",
    "agency",
    "agencies",
    "service",
    "government",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "researchers",
    "report",
    "panel",
    "diplomats",
    "diplomat",
    "lawmakers",
    "lawmaker",
    "observers",
    "media",
    "command",
    "think",
    "tank",
    "institute",
    "newspaper",
    "daily",
    "outlet",
    "broadcaster",
    "monitor",
    "prosecutors",
    "investigators",
    "embassy",
    "authorities",
    "military",
    "army",
    "navy",
    "customs",
    "press",
}
#: Goods whose supplier is fixed by what they are: DPRK nationals working abroad come from the DPRK.
NATIONALS = {"workers"}


@dataclass
class Mention:
    start: int
    end: int
    label: str


@dataclass
class SentenceFacts:
    parties: list[Mention] = field(default_factory=list)
    categories: list[Mention] = field(default_factory=list)
    cues: list[Mention] = field(default_factory=list)
    verbs: list[Mention] = field(default_factory=list)
    #: States named as the speaker: "it" or "they" later in the sentence refers back to them.
    speakers: list[Mention] = field(default_factory=list)
    #: States named only as places ("at the North Korean port of Nampo").
    places: list[Mention] = field(default_factory=list)
    #: Whether any word of transfer occurs, even inside goods ("ship-to-ship transfer").
    transfer_words: bool = False
    #: The sentence as its own Doc, which the token offsets of every mention index.
    doc: Any = None


def longest(mentions: list[Mention]) -> list[Mention]:
    """Overlapping matches resolved to the longest ("artillery shells" over "shells")."""
    chosen: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: (-(m.end - m.start), m.start)):
        if all(mention.end <= c.start or mention.start >= c.end for c in chosen):
            chosen.append(mention)
    return sorted(chosen, key=lambda m: m.start)


#: Words before a state's name that make it a place, not a party ("off the coast of Taiwan").
LOCATION_MARKERS = {"off", "near", "through", "via", "across", "outside", "coast", "waters", "at"}
#: Verbs of attack: the state struck is a place, not a party to any transfer.
ATTACKS = {"hit", "hits", "struck", "strike", "strikes", "attacked", "shelled", "bombed", "targeted"}
#: Participles before "in" that make the state a company's or ship's seat, not a party to the
#: transfer ("tankers registered in Sierra Leone", "a firm based in Dubai").
SEAT_MARKERS = {"registered", "flagged", "based", "headquartered", "incorporated", "domiciled"}


#: Words of the verb lexicon that, tagged as nouns, name no transfer ("a Chinese ship").
NOUN_HOMONYMS = {"ship", "ships", "host", "hand", "work", "fight", "demand", "demands", "train", "trains"}


def _noun_not_verb(span: Any, verb: Mention) -> bool:
    token = span[verb.start]
    return verb.end - verb.start == 1 and token.lower_ in NOUN_HOMONYMS and token.pos_ in {"NOUN", "PROPN"}


def facts(sentence: Any, lex: Any) -> SentenceFacts:
    vocab = sentence.doc.vocab.strings
    span = sentence.as_doc()
    lower = [t.lower_ for t in span]

    def found(matcher: Any, keep: Callable[[Mention], bool] | None = None) -> list[Mention]:
        matches = [Mention(start, end, vocab[label]) for label, start, end in matcher(span)]
        return longest([m for m in matches if keep is None or keep(m)])

    cues = [m for m in found(lex.cues) if not (span[m.start].text == "May" and m.start > 0)]
    all_verbs = [v for v in found(lex.verbs) if not _noun_not_verb(span, v)]
    acting = {v.start for v in all_verbs if v.end - v.start == 1 and span[v.start].pos_ == "VERB"}
    # "are training North Korean officers": the verb of transfer, not the goods "training"
    categories = [m for m in found(lex.categories) if not (m.end - m.start == 1 and m.start in acting)]
    verbs = [v for v in all_verbs if not any(c.start <= v.start < c.end for c in categories)]
    cues += [
        Mention(v.start, v.end, "denied")
        for v in verbs
        if _negated(v, lower) and lower[v.start] not in UNPAID
    ]
    speakers = _speaker_spans(lower)
    categories = [
        m for m in categories if not any(a <= m.start < b for a, b in speakers)
    ]  # "according to satellite data"
    parties: list[Mention] = []
    speaking: list[Mention] = []
    places: list[Mention] = []
    for party in found(lex.parties, lambda m: not _half_of_korea(m, lower)):
        if party.label == "none":
            continue
        if _is_place(party, lower, parties, places):
            places.append(party)
            continue
        if _is_speaker(party, lower, speakers):
            speaking.append(party)
            continue
        parties.append(party)
    categories = [m for m in categories if not _gun_barrels(m, categories, lower)]
    kinds = {m.label for m in categories}
    if kinds & {"refined_petroleum", "crude_oil"}:
        # "1.2 million barrels of refined petroleum": the unspecified oil is the same oil
        categories = [m for m in categories if m.label != "petroleum"]
    return SentenceFacts(
        parties=parties,
        categories=[m for m in categories if m.label != "none"],
        cues=[m for m in cues if m.label != "none"],
        verbs=verbs,
        speakers=speaking,
        places=places,
        transfer_words=bool(all_verbs),
        doc=span,
    )


def _half_of_korea(mention: Mention, lower: list[str]) -> bool:
    """ "the North" in "the North Korean tanker": the article of "North Korean", not the DPRK
    named as "the North"."""
    phrase = " ".join(lower[mention.start : mention.end])
    following = lower[mention.end] if mention.end < len(lower) else ""
    return phrase in {"the north", "the south"} and following.startswith("korea")


def _gun_barrels(mention: Mention, categories: list[Mention], lower: list[str]) -> bool:
    """ "new barrels for its artillery guns": barrels of weapons, not of oil."""
    if mention.label != "petroleum" or lower[mention.start] not in {"barrel", "barrels"}:
        return False
    if mention.end < len(lower) and lower[mention.end] == "of":
        return False  # "barrels of oil"
    return any(c.label == "arms" and 0 < c.start - mention.end <= 4 for c in categories)


NEGATIONS = {"not", "never", "n't"}
#: Verbs whose negation denies a payment, not the goods ("workers have not been paid").
UNPAID = {"paid", "pay", "pays", "paying"}
BETWEEN_NEGATION = {"been", "be", "have", "yet", "ever", "directly", "knowingly"}
#: Nouns after a state's name that make it a place ("the Russian port of Vanino").
PLACE_NOUNS = {"port", "ports", "waters", "harbour", "harbor", "coast", "border", "side"}


def _negated(verb: Mention, lower: list[str]) -> bool:
    """ "has not imported", "never sold", "did n't send": the sentence denies the transfer."""
    before = lower[max(0, verb.start - 2) : verb.start]
    if not before:
        return False
    return before[-1] in NEGATIONS or (
        len(before) == 2
        and before[0] in NEGATIONS
        and (before[1] in BETWEEN_NEGATION or before[1].endswith("ly"))  # "not officially imported"
    )


def _is_place(party: Mention, lower: list[str], kept: list[Mention], places: list[Mention]) -> bool:
    """A state named as a place: after "off", "near", "through"..., or listed with such a place."""
    before = lower[max(0, party.start - 3) : party.start]
    if not before:
        return False
    if party.end < len(lower) and lower[party.end] in PLACE_NOUNS and before[-1] != "from":
        return True
    if flag_or_seat(party, lower):
        return True
    if before[-1] in LOCATION_MARKERS or (
        before[-1] in ("of", "the") and any(w in LOCATION_MARKERS for w in before)
    ):
        return True
    if before[-1] in ATTACKS:
        return True  # "a missile that hit Kyiv": the target of a strike receives nothing
    if before[-1] in {"and", ",", "or"} and party.start >= 2:
        joined_to = party.start - 1
        if any(p.end == joined_to for p in places):
            return True  # "registered in Sierra Leone and Togo"
        return not any(k.end == joined_to for k in kept) and any(
            w in LOCATION_MARKERS for w in lower[max(0, party.start - 5) : party.start]
        )
    return False


def flag_or_seat(party: Mention, lower: list[str]) -> bool:
    """Whether a state is named as a ship's flag or a firm's seat, not as a party: "the Togo-flagged
    tanker", "tankers registered in Sierra Leone", "a firm based in Dubai". A "Chinese-flagged ship"
    is Chinese."""
    flagged = lower[party.end : party.end + 2] in (["-", "flagged"], ["-", "registered"])
    if flagged and not lower[party.end - 1].endswith(("ese", "an", "ish")):
        return True
    return party.start >= 2 and lower[party.start - 1] == "in" and lower[party.start - 2] in SEAT_MARKERS


def _speaker_spans(lower: list[str]) -> list[tuple[int, int]]:
    """Token ranges that name who is speaking: "according to ..." up to the next comma."""
    spans = []
    for index in range(len(lower) - 1):
        if lower[index] == "according" and lower[index + 1] == "to":
            end = next((i for i in range(index + 2, len(lower)) if lower[i] in {",", ".", ";"}), len(lower))
            spans.append((index, end))
    return spans


def _is_speaker(party: Mention, lower: list[str], speakers: list[tuple[int, int]]) -> bool:
    """A state named as the speaker ("according to Seoul", "South Korea's defence ministry said",
    "US lawmakers urged") is not a party to the transfer; "Russian advisers are training" is."""
    if any(start <= party.start < end for start, end in speakers):
        return True
    following = lower[party.end : party.end + 8]
    if following and following[0] in ATTRIBUTION and party.start > 0 and lower[party.start - 1] == ",":
        return True  # "..., Seoul said."
    if following and following[0] in SAYING and lower[: party.start] in ([], ["the"]):
        return True  # "Seoul says many of them work on building sites": "it" and "they" still point back
    phrase = following[: next((i for i, w in enumerate(following) if w in {",", ";", "."}), len(following))]
    attributed = any(  # not "North Korean army medics, TV reported", nor "diplomats were found smuggling"
        word in ATTRIBUTION and not (index and phrase[index - 1] in PASSIVE_AUXILIARIES)
        for index, word in enumerate(phrase)
    )
    if not following or not attributed:
        return False
    before = lower[max(0, party.start - 6) : party.start]
    if "," in before and any(w in SOURCE_NOUNS for w in before[len(before) - before[::-1].index(",") :]):
        return True  # "..., a coast guard official in Tokyo said."
    if following[0] in SOURCE_NOUNS or (
        following[0] in {"'s", "’s"} and any(w in SOURCE_NOUNS for w in following[1:4])
    ):
        return True
    # up to the last verb of saying: "a Seoul-based think tank said" thinks nothing
    speaking = phrase[: max(i for i, w in enumerate(phrase) if w in ATTRIBUTION)]
    introduced = party.start > 0 and lower[party.start - 1] in {"a", "an", "the"}
    if introduced and len(speaking) <= 4 and any(w in SOURCE_NOUNS for w in speaking):
        return True  # "..., a South Korean arms control expert said"
    if following[0] in {"and", ","}:
        # "US and South Korean officials say": the speakers are named together
        for word in following[1:5]:
            if word in SOURCE_NOUNS:
                return True
            if not word[:1].isalpha():
                break
    return False


def clauses(tokens: list[str]) -> list[tuple[int, int]]:
    """Token ranges of the sentence's clauses, split at semicolons and contrastive conjunctions."""
    bounds, start = [], 0
    for index, token in enumerate(tokens):
        if token.lower() in CLAUSE_BREAKS and index > start:
            bounds.append((start, index))
            start = index
    bounds.append((start, len(tokens)))
    return bounds


#: Words by which a later clause points back at the claim ("but the report could not be verified").
BACK_REFERENCES = {"claim", "claims", "report", "reports", "allegation", "allegations", "it", "this", "which"}


def modality(
    cues: list[Mention],
    start: int,
    end: int,
    sentence_cues: list[Mention],
    lower: list[str] | None = None,
    hedges: list[Mention] | None = None,
) -> str:
    """The strongest cue in the clause, or else in the sentence's opening clause, else asserted; a
    hedge that points back at the claim from another clause (among ``hedges``, all the sentence's
    cues when not given) counts too."""
    inside = [c.label for c in cues if start <= c.start < end]
    pool = inside or [c.label for c in sentence_cues]
    if lower is not None:
        pool += [
            c.label
            for c in (cues if hedges is None else hedges)
            if c.label == "speculated" and BACK_REFERENCES & set(lower[max(0, c.start - 4) : c.start])
        ]
    for label in MODALITY_PRIORITY:
        if label in pool:
            return label
    return "asserted"


def exchange_point(lower: list[str]) -> int | None:
    text = " ".join(lower)
    for phrase in EXCHANGE:
        at = text.find(phrase)
        if at >= 0:
            return text[:at].count(" ")
    return None


def governing_verb(category: Mention, verbs: list[Mention], lower: list[str]) -> Mention | None:
    """The transfer verb nearest before the goods, or else the nearest after them in the same
    report: not "..., analysts said, sharing photographs"."""
    before = [v for v in verbs if v.end <= category.start]
    if before:
        return before[-1]
    after = [
        v for v in verbs if v.start >= category.end and not ATTRIBUTION & set(lower[category.end : v.start])
    ]
    return after[0] if after else None
