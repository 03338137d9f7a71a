"""A learned second reading of each sentence: every (goods, supplier, recipient) the sentence
could state, scored by a logistic regression over the dependency parse and the rules' own reading.

The rules read direction from patterns; where a new text is phrased in a way no pattern covers,
they read nothing or read it backwards. The scorer weighs the same evidence the rules use (who is
the subject, what preposition stands before a state, the path through the parse from the state to
the goods) across all the training articles, and keeps, drops or adds claims by its score.

Its weights (``data/claims/scorer.json``) are fitted by ``claims/training.py`` on the training
split only. The rules' reading it learns from is the one the rules gave *before* each training
article was written (``corpus/claims/rules_before.jsonl``): fitted on the rules' reading of
articles they were tuned on, it would learn to trust them more than it should on new text.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from sanctionwatch.claims.head import Head, head, meta, weighed
from sanctionwatch.claims.lexicon import DATA
from sanctionwatch.claims.rules import Mention, SentenceFacts, flag_or_seat, governing_verb
from sanctionwatch.claims.syntax import OPERATED, SHIPS, goods_in, taught

Key = tuple[str, str | None, str | None]
#: Longest dependency path, in links, between a state and the goods that is spelled out as a feature.
MAX_PATH = 5
VERBAL = {"VERB", "AUX", "ADP"}
VESSELS = SHIPS | {"fleet", "fleets"}
AT_SEA = ("at sea", "high seas", "international waters", "off the coast", "alongside")
#: The feature that marks a ship-to-ship transfer read from cargo passing between vessels.
IMPLICIT = "sts=implicit"


Span = tuple[int, int]


@dataclass(frozen=True)
class Candidate:
    key: Key
    sentence: int
    features: tuple[str, ...]
    #: The sentence and the one before it, as the encoder reads them (claims/head.py).
    text: str = ""
    context: str | None = None
    #: Where the goods, the supplier and the recipient are named in ``text``: no span for a state
    #: the sentence does not name (or for no state).
    goods: Span = (0, 0)
    supplier_at: tuple[Span, ...] = ()
    recipient_at: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Reading:
    """One sentence as the scorer sees it: its parse and mentions, and what the rules read in it."""

    facts: SentenceFacts
    headline: bool
    rules: frozenset[Key]


def candidates(
    readings: list[Reading], document_rules: set[Key], counterpart: str | None, has_kp: bool
) -> list[Candidate]:
    """Every claim the document's sentences could state: each goods mention with each ordered
    pair of the states around it (the DPRK on one side), or no state for the other side. A
    document that never names the DPRK states none."""
    found: list[Candidate] = []
    if not has_kp:
        return found
    for number, reading in enumerate(readings):
        if reading.headline:
            continue  # a headline restates the story, as the rules read it
        doc = reading.facts.doc
        context = readings[number - 1].facts.doc.text.rstrip() if number else None
        named = reading.facts.parties + reading.facts.places + reading.facts.speakers
        transfer = _between_vessels(reading.facts)
        goods = reading.facts.categories + ([transfer] if transfer else [])
        for category in goods:
            for key, features in _for_goods(reading, category, document_rules, counterpart):
                if category is transfer:
                    features = [*features, IMPLICIT, *_on_vessels(reading.facts, key)]
                found.append(
                    Candidate(
                        key,
                        number,
                        tuple(features),
                        doc.text.rstrip(),
                        context,
                        _chars(doc, category),
                        tuple(_chars(doc, m) for m in named if key[1] is not None and m.label == key[1]),
                        tuple(_chars(doc, m) for m in named if key[2] is not None and m.label == key[2]),
                    )
                )
    return found


def _between_vessels(facts: SentenceFacts) -> Mention | None:
    """A ship-to-ship transfer the sentence describes without naming it ("a tanker transferred
    diesel to a North Korean ship", "took on fuel from a Chinese vessel at sea"): cargo and two
    vessels, or cargo, a vessel and the open sea. It is read at the cargo, whose direction it has."""
    kinds = {m.label for m in facts.categories}
    if not kinds or "ship_to_ship" in kinds:
        return None
    lower = [t.lower_ for t in facts.doc]
    vessels = sum(word in VESSELS for word in lower)
    words = " ".join(lower)
    at_sea = any(phrase in words for phrase in AT_SEA)
    if vessels >= 2 or (vessels and at_sea):
        cargo = facts.categories[0]
        return Mention(cargo.start, cargo.end, "ship_to_ship")
    return None


def _on_vessels(facts: SentenceFacts, key: Key) -> list[str]:
    """Whether each side is named on a vessel ("a Chinese-flagged ship", "the North Korean tanker")."""
    doc = facts.doc
    aboard = {
        m.label
        for m in facts.parties + facts.places
        if doc[m.start : m.end].root.head.lower_ in VESSELS or doc[m.end - 1].lower_ in VESSELS
    }
    return [f"sts.s.vessel={key[1] in aboard}", f"sts.r.vessel={key[2] in aboard}"]


def _chars(doc: Any, mention: Mention) -> Span:
    last = doc[mention.end - 1]
    return (doc[mention.start].idx, last.idx + len(last.text))


def _for_goods(
    reading: Reading, category: Mention, document_rules: set[Key], counterpart: str | None
) -> Iterator[tuple[Key, list[str]]]:
    facts, doc = reading.facts, reading.facts.doc
    mentions = (
        [("party", m) for m in facts.parties]
        + [("place", m) for m in facts.places]
        + [("speaker", m) for m in facts.speakers]
    )
    named = [m.label for _, m in mentions]
    implied = [FRONTS[state] for state in named if state in FRONTS and FRONTS[state] not in named]
    states = list(dict.fromkeys(named + ["KP"] + ([counterpart] if counterpart else []) + implied))
    options: list[str | None] = [*states, None]
    lower = [t.lower_ for t in doc]
    head = doc[category.start : category.end].root
    verb = governing_verb(category, facts.verbs, lower)
    goods = goods_in(doc, category, facts.parties, facts.verbs, facts.places)
    base = [
        f"cat={category.label}",
        f"verb={verb.label if verb else 'none'}",
        f"vword={lower[verb.start] if verb else 'none'}",
        f"catdep={head.dep_}",
        f"pred={goods is not None and goods.predicate is not None}",
        f"headline={reading.headline}",
        f"operated={head.dep_ == 'dobj' and head.head.lower_ in OPERATED}",  # "crews operating guns"
        f"legal={under_law(head)}",
        f"past={_past(head)}",
    ]
    learners = taught(head)
    # whose people are taught: the state that teaches them is the other side
    pupils = goods.made_in if learners and goods is not None else None
    read_here = {c for c, _, _ in reading.rules}
    seats = _seats(lower, mentions)
    for supplier in options:
        for recipient in options:
            if supplier == recipient or "KP" not in (supplier, recipient):
                continue
            if category.label == "cyber" and supplier is not None:
                continue  # stolen money has no supplying state
            key = (category.label, supplier, recipient)
            rule = key in reading.rules
            pair = f"{_kind(supplier)}>{_kind(recipient)}"
            features = [
                *base,
                f"rule={rule}",
                f"rulerev={(category.label, recipient, supplier) in reading.rules}",
                f"rulecat={category.label in read_here}",
                f"cat={category.label}|rule={rule}",
                f"ruledoc={key in document_rules}",
                *_side("s", supplier, doc, head, mentions, verb, seats),
                *_side("r", recipient, doc, head, mentions, verb, seats),
                f"pair={pair}",
                f"cat={category.label}|pair={pair}",
                f"taught={learners}|pair={pair}",
                f"pupils={_role(pupils, supplier, recipient)}",
                f"counterpart={_kind(supplier) if supplier == counterpart else ''}"
                f"|{_kind(recipient) if recipient == counterpart else ''}",
                f"front={'s' if supplier in implied else ''}{'r' if recipient in implied else ''}",
            ]
            yield key, features


#: Words of the law: goods under them are what the resolutions ban or cap, not a transfer.
LAW_VERBS = {
    "ban", "bans", "banned", "banning", "prohibit", "prohibits", "prohibited", "prohibiting", "bar",
    "bars", "barred", "forbid", "forbids", "forbade", "forbidden", "cap", "caps", "capped", "outlaw",
    "outlawed", "restrict", "restricts", "restricted", "limit", "limits", "limited", "exempt", "exempts",
}  # fmt: skip
LAW_NOUNS = {"resolution", "resolutions", "ban", "cap", "prohibition", "embargo", "measures", "council"}
#: Words that put what the goods' verb says in the past of a party or its nature, not in the news.
PAST_WORDS = {"long", "historically", "once", "formerly", "decades", "traditionally", "used", "history"}


def under_law(goods: Any) -> bool:
    """Whether the goods stand under a word of the law ("resolutions ban coal exports", "a cap of
    500,000 barrels on refined petroleum"): background on the sanctions, which claims nothing."""
    for token in [goods, *goods.ancestors][:6]:
        if token.lower_ in LAW_VERBS or token.lower_ in LAW_NOUNS:
            return True
        if any(c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ in LAW_NOUNS for c in token.children):
            return True
    return False


def _past(goods: Any) -> bool:
    """Whether the goods' verb is marked as a party's past or habit ("has long sold", "for decades",
    "once supplied", "used to ship"): a description of the party, not a new transfer."""
    verb = next((t for t in [goods, *goods.ancestors] if t.pos_ in {"VERB", "AUX"}), None)
    if verb is None:
        return False
    return any(t.lower_ in PAST_WORDS for t in verb.subtree if t.i < goods.i)


#: A state at war and the state it fights: weapons or troops seen on the front ("North Korean
#: missiles that struck Kyiv") went to the other side, which the sentence need not name.
FRONTS = {"UA": "RU"}


def _role(state: str | None, supplier: str | None, recipient: str | None) -> str:
    """Which side of a candidate a state is: "s", "r", "other", or "" for no state."""
    if state is None:
        return ""
    return "s" if state == supplier else "r" if state == recipient else "other"


def _kind(state: str | None) -> str:
    return "none" if state is None else ("kp" if state == "KP" else "x")


def _side(
    side: str,
    state: str | None,
    doc: Any,
    head: Any,
    mentions: list[tuple[str, Mention]],
    verb: Mention | None,
    seats: set[str],
) -> list[str]:
    """Where the state stands towards the goods and their verb: its kind of mention, its link in
    the parse, the preposition before it, and the path through the parse to the goods; and whether
    it is named only as a ship's flag or a firm's seat, which makes it no party (so no state may
    be the side, where a flag is named)."""
    if state is None:
        return [f"{side}=none", f"{side}=none|seat={bool(seats)}"]
    features = [f"{side}.kp={state == 'KP'}", f"{side}.seat={state in seats}"]
    named = [(kind, m) for kind, m in mentions if m.label == state][:2]
    if not named:
        return [*features, f"{side}=absent"]
    for kind, mention in named:
        token = doc[mention.start : mention.end].root
        features += [f"{side}.kind={kind}", f"{side}.dep={token.dep_}"]
        if token.dep_ == "pobj" or token.head.dep_ == "prep":
            features.append(f"{side}.prep={token.head.lower_}")
        features.append(f"{side}.pos={'before' if mention.end <= head.i else 'after'}")
        path = _path(token, head, MAX_PATH)
        features.append(f"{side}.path={path}")
        if path.count("^") == 2:
            features.append(f"{side}.lca={path.split('^')[1]}")
        if verb is not None:
            features.append(f"{side}.vpath={_path(token, doc[verb.start : verb.end].root, 3)}|{verb.label}")
    return features


def _seats(lower: list[str], mentions: list[tuple[str, Mention]]) -> set[str]:
    """The states named only as a ship's flag or a firm's seat (rules.flag_or_seat)."""
    flagged = [(m.label, flag_or_seat(m, lower)) for _, m in mentions]
    return {state for state, only in flagged if only} - {state for state, only in flagged if not only}


def _path(start: Any, end: Any, limit: int) -> str:
    """The dependency links from one token up to the lowest token that governs both and down to the
    other ("pobj>prep^send^dobj"), with the meeting word when it is a verb or preposition."""
    up = _ancestors(start)
    down = {t.i: n for n, t in enumerate(_ancestors(end))}
    for n, token in enumerate(up):
        if token.i in down:
            m = down[token.i]
            if n + m > limit:
                return "far"
            meeting = token.lower_ if token.pos_ in VERBAL else token.pos_
            left = ">".join(t.dep_ for t in up[:n])
            right = "<".join(t.dep_ for t in _ancestors(end)[:m][::-1])
            return f"{left}^{meeting}^{right}"
    return "none"


def _ancestors(token: Any) -> list[Any]:
    chain = [token]
    while chain[-1].head != chain[-1] and len(chain) < 12:
        chain.append(chain[-1].head)
    return chain


@dataclass(frozen=True)
class Decision:
    kept: set[Key]
    added: dict[Key, int]
    #: Each claim's highest probability in the document.
    scores: dict[Key, float]


@dataclass(frozen=True)
class Scorer:
    bias: float
    weights: dict[str, float]
    threshold: float
    #: A document that names goods usually claims something about them: the best reading of goods
    #: that nothing at ``threshold`` covers is kept down to this probability.
    floor: float = 1.0
    #: The encoder's head (claims/head.py) and its share of each candidate's logit; without it the
    #: linear model over the parse features decides alone.
    head: Head | None = None
    mix: float = 0.0
    #: A sentence whose every candidate the linear model rejects with a logit below this is not
    #: encoded: its candidates keep the linear logit (both models are taken to reject them). None
    #: encodes every sentence that holds a candidate.
    skip: float | None = None

    def logit(self, features: tuple[str, ...]) -> float:
        """The linear model's logit: its bias and the weight of each feature, counted once."""
        return self.bias + weighed(self.weights, features)

    def probability(self, features: tuple[str, ...]) -> float:
        """The linear model's probability alone."""
        return _sigmoid(self.logit(features))

    def probabilities(self, found: Sequence[Candidate]) -> list[float]:
        """Each candidate's probability: the linear model's logit and the head's, mixed."""
        linear = [self.logit(candidate.features) for candidate in found]
        if self.head is None or not found:
            return [_sigmoid(z) for z in linear]
        wanted = {
            c.sentence for c, a in zip(found, linear, strict=True) if self.skip is None or a >= self.skip
        }
        asked = [n for n, c in enumerate(found) if c.sentence in wanted]
        read = dict(zip(asked, self.head.logits([found[n] for n in asked]), strict=True))
        return [_sigmoid((1 - self.mix) * a + self.mix * read.get(n, a)) for n, a in enumerate(linear)]

    def decide(
        self, ruled: set[Key], found: list[Candidate], probabilities: Sequence[float] | None = None
    ) -> Decision:
        """The rules' claims kept, and the claims added with the sentence each is read from. A
        rule's claim that is no candidate is dropped: the rules read every claim from goods a
        sentence names, which are candidates, so one that is not was read by other means (in
        cross-validation, where the rules' reading predates today's candidates, none of 30 such
        claims was right)."""
        weighed = self.probabilities(found) if probabilities is None else probabilities
        scored = list(zip(found, weighed, strict=True))
        best: dict[Key, tuple[float, int]] = {}
        for candidate, p in scored:
            if candidate.key not in best or p > best[candidate.key][0]:
                best[candidate.key] = (p, candidate.sentence)
        kept = {key for key in ruled if key in best and best[key][0] >= self.threshold}
        added = {key: n for key, (p, n) in best.items() if p >= self.threshold and key not in ruled}
        covered = {key[0] for key in kept} | {key[0] for key in added}
        fallback: dict[str, tuple[float, Key, int]] = {}
        for candidate, p in scored:
            key, n = candidate.key, candidate.sentence
            if key[0] in covered or p < self.floor or not _named_goods_with_dprk(candidate):
                continue
            if p > fallback.get(key[0], (0.0, key, n))[0]:
                fallback[key[0]] = (p, key, n)
        for _, key, n in fallback.values():
            if key in ruled:
                kept.add(key)
            else:
                added[key] = n
        return Decision(kept, added, {key: p for key, (p, _) in best.items()})


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def _named_goods_with_dprk(candidate: Candidate) -> bool:
    """Whether the candidate's sentence names the DPRK itself (not only the document) and its goods
    outright (not a ship-to-ship transfer read from cargo): only such goods are kept below the
    threshold."""
    side = "s" if candidate.key[1] == "KP" else "r"
    return f"{side}=absent" not in candidate.features and IMPLICIT not in candidate.features


SCORER = DATA / "scorer.json"


@cache
def scorer() -> Scorer | None:
    """The fitted scorer bundled with the package, or None when there is none (as while fitting it)."""
    if not SCORER.exists():
        return None
    data = json.loads(SCORER.read_text(encoding="utf-8"))
    reader = head()
    return Scorer(
        bias=data["bias"],
        weights=data["weights"],
        threshold=data["threshold"],
        floor=data["floor"],
        head=reader,
        mix=meta()["mix"] if reader is not None else 0.0,
    )
