"""Who gives and who receives, read from the dependency parse of a sentence.

The word-order rules in ``extract.py`` guess a verb's arguments from what stands next to it; the
parse knows them: "Moscow has received howitzers from Pyongyang" (subject receives, "from"
supplies), "Russia has provided North Korea with air defence equipment" (the object receives),
"a batch that Pyongyang handed over to Moscow" (subject of a relative clause), "North Korea is
expected to send workers" (subject of a raising verb). Where the parse finds no verb of transfer
governing the goods, the caller keeps its word-order reading.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

from sanctionwatch.claims.rules import Mention

RECIPIENT_PREPOSITIONS = {"to", "into", "for", "toward", "towards"}
SUPPLIER_PREPOSITIONS = {"from"}
SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
#: Links that stay inside one noun phrase when looking for the state it names ("North Korean
#: trading companies", "the government of Laos", "Russia's defence ministry").
NOUN_PHRASE = {"compound", "amod", "poss", "nmod", "appos", "prep", "pobj", "npadvmod"}
#: Links through which a verb borrows its subject from the verb it depends on.
BORROWED_SUBJECT = {"xcomp", "conj", "advcl"}
RELATIVE_PRONOUNS = {"that", "which", "who", "whom"}
MAX_HOPS = 5
DEMONYM_ENDINGS = ("an", "ese", "ian", "ean", "ish", "i", "ch")
SHIPS = {"ship", "ships", "vessel", "vessels", "tanker", "tankers", "freighter", "freighters", "boat"}
PORTS = {"port", "harbour", "harbor", "quay"}
THEFT = {"steal", "steals", "stole", "stolen", "stealing", "hack", "hacked"}


@dataclass(frozen=True)
class Roles:
    supplier: str | None
    recipient: str | None


@dataclass(frozen=True)
class Goods:
    """Goods in a parsed sentence: their head word, the verb of transfer that governs them (None
    when none does), the parties by token, and the state named on the goods themselves."""

    head: Any
    predicate: Any | None
    verb: Mention | None
    party_at: dict[int, Mention]
    made_in: str | None


def goods_in(sentence: Any, goods: Mention, parties: list[Mention], verbs: list[Mention]) -> Goods | None:
    """The goods as the parse sees them, or None when the sentence was not parsed."""
    if not sentence.has_annotation("DEP"):
        return None
    verb_at = {i: v for v in verbs for i in range(v.start, v.end)}
    head = sentence[goods.start : goods.end].root
    predicate = _predicate(head, verb_at)
    party_at = {i: p for p in parties for i in range(p.start, p.end)}
    return Goods(
        head=head,
        predicate=predicate,
        verb=verb_at[predicate.i] if predicate is not None else None,
        party_at=party_at,
        made_in=_modifier(head, party_at),
    )


def roles(goods: Goods) -> Roles | None:
    """The supplier and recipient by the verb of transfer that governs the goods, or None when no
    such verb governs them."""
    head, predicate, party_at, made_in = goods.head, goods.predicate, goods.party_at, goods.made_in
    if predicate is None or goods.verb is None:
        return None
    give = goods.verb.label == "give"
    passive = any(child.dep_ in {"auxpass", "nsubjpass"} for child in predicate.children)
    subject = _subject(predicate, party_at)
    agent = _prepositional(predicate, {"by"}, party_at, deps={"agent"})
    path = _path(head, predicate)
    origin = _first(_prepositional(t, SUPPLIER_PREPOSITIONS, party_at) for t in path)
    target = _first(_prepositional(t, RECIPIENT_PREPOSITIONS, party_at) for t in path)
    target = target or _dative(predicate, head, party_at)
    if give and passive and agent and made_in and agent != made_in:
        # "North Korean forces are being trained by Russian instructors": the goods are the
        # trainees, and the agent gives
        return Roles(agent, made_in)
    if give:
        supplier = made_in or origin or (agent if passive else subject)
        recipient = target or (subject if origin and not passive and subject != supplier else None)
    else:
        recipient = agent if passive else subject
        supplier = origin
    if supplier == recipient:
        return None
    return Roles(supplier, recipient)


def plausible(goods: Goods, category: str) -> bool:
    """Whether the goods can be what the sentence moves: what hackers steal is money or data, not
    the tanks the data describe; DPRK workers are not "Russian university students"."""
    if goods.predicate is not None and goods.predicate.lower_ in THEFT and category != "cyber":
        return False
    return not (category == "workers" and goods.made_in is not None and goods.made_in != "KP")


def between_ships(goods: Goods) -> bool:
    """Whether the goods pass to or from a ship by a verb of transfer ("delivered diesel to a North
    Korean ship", "took on fuel from a Russian vessel"): a ship-to-ship transfer, unless in port."""
    if goods.predicate is None or any(t.lower_ in PORTS for t in goods.head.sent):
        return False
    for token in _path(goods.head, goods.predicate):
        for child in token.children:
            if (
                child.dep_ in {"prep", "dative"}
                and child.lower_ in {"to", "onto", "from"}
                and any(o.dep_ == "pobj" and o.lower_ in SHIPS for o in child.children)
            ):
                return True
    return False


def _modifier(goods: Any, party_at: dict[int, Mention]) -> str | None:
    """The state named on the goods themselves ("North Korean coal"): where they come from,
    whoever carries them."""
    return _first(
        party_at[child.i].label
        for child in goods.children
        if child.dep_ in {"amod", "compound"}
        and child.i in party_at
        and child.lower_.endswith(DEMONYM_ENDINGS)
    )


def _first(labels: Any) -> str | None:
    return next((label for label in labels if label), None)


def _path(head: Any, predicate: Any) -> list[Any]:
    """The tokens from the goods up to their verb: prepositions may hang on any of them."""
    path = [head]
    while path[-1] != predicate and path[-1].head != path[-1]:
        path.append(path[-1].head)
    return path


def _predicate(head: Any, verb_at: dict[int, Mention]) -> Any | None:
    """The verb (or verbal noun, "deliveries of oil") of transfer that governs the goods, climbing
    through nouns and prepositions but never through another verb ("trucks used to carry missiles
    were exported" is not an export of missiles)."""
    token = head
    for _ in range(MAX_HOPS):
        if token.head == token:
            return None
        token = token.head
        if token.i in verb_at:
            return token
        if token.pos_ in {"VERB", "AUX"}:
            return None
    return None


def _subject(predicate: Any, party_at: dict[int, Mention]) -> str | None:
    verb = predicate
    for _ in range(MAX_HOPS):
        for child in verb.children:
            if child.dep_ in SUBJECTS:
                if child.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                    return _state_of(verb.head, party_at)
                return _state_of(child, party_at)
            if child.dep_ == "poss" and verb.pos_ == "NOUN":
                return _state_of(child, party_at)  # "Russia's deliveries of oil"
        if verb.dep_ == "relcl":
            return None
        if verb.dep_ not in BORROWED_SUBJECT or verb.head == verb:
            return None
        verb = verb.head
    return None


def _prepositional(
    token: Any, words: set[str], party_at: dict[int, Mention], deps: frozenset[str] | set[str] = frozenset()
) -> str | None:
    for child in token.children:
        if child.dep_ in deps or (child.dep_ in {"prep", "dative"} and child.lower_ in words):
            for object_ in child.children:
                if object_.dep_ == "pobj":
                    return _state_of(object_, party_at)
    return None


def _dative(predicate: Any, goods: Any, party_at: dict[int, Mention]) -> str | None:
    """The receiving object: "sent Russia shells", "provided North Korea with equipment"."""
    for child in predicate.children:
        if child.dep_ == "dative" and child.pos_ != "ADP":
            return _state_of(child, party_at)
        if child.dep_ == "dobj" and child != goods and goods.head.lower_ == "with":
            return _state_of(child, party_at)
    return None


def _state_of(token: Any, party_at: dict[int, Mention]) -> str | None:
    """The state a noun phrase names: the token itself, or the nearest party inside its phrase."""
    queue = deque([token])
    while queue:
        current = queue.popleft()
        if current.i in party_at:
            return party_at[current.i].label
        queue.extend(child for child in current.children if child.dep_ in NOUN_PHRASE)
    return None
