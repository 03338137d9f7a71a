"""The rules' reading of one sentence: which goods it names, who supplies and who receives them
(from the parse where a verb of transfer governs them, from word order where none does) and how
certain it is. The document-level reading (denials, references across sentences) is in extract.py.
"""

from __future__ import annotations

from typing import Any

from sanctionwatch.claims.rules import (
    BACK_REFERENCES,
    COMMENTARY,
    NATIONALS,
    NOMINAL_VERBS,
    PASSIVE_AUXILIARIES,
    RECIPIENT_MARKERS,
    SUPPLIER_MARKERS,
    Mention,
    SentenceFacts,
    clauses,
    exchange_point,
    governing_verb,
    modality,
)
from sanctionwatch.claims.scorer import under_law
from sanctionwatch.claims.syntax import (
    Roles,
    arrived,
    between_ships,
    exchanged,
    gift,
    goods_in,
    learning,
    loaded,
    mutual,
    plausible,
    provenance,
    refused,
    roles,
    supplied_by,
)

#: Links a sentence's named parties to the lists (claims/entities.py).


def read_referring(
    sentence: Any,
    found: SentenceFacts,
    previous: list[tuple[str, str | None, str | None, str]],
    counterpart: str | None,
    has_kp: bool,
) -> list[tuple[str, str | None, str | None, str]]:
    """The previous sentence's goods, read with this sentence's verb, parties and modality."""
    lower = [t.lower_ for t in sentence]
    tokens = [t.text for t in sentence]
    verb = found.verbs[-1]
    stand_in = Mention(verb.end, verb.end + 1, "")  # the goods stand just after the verb
    mode = modality(found.cues, 0, len(tokens), found.cues)
    readings = []
    for category in dict.fromkeys(c for c, *_ in previous):
        goods = Mention(stand_in.start, stand_in.end, category)
        supplier, recipient = _direction(goods, found.parties, found.verbs, lower, found.speakers)
        supplier, recipient = _complete(category, supplier, recipient, found.parties, counterpart, has_kp)
        if "KP" in (supplier, recipient):
            readings.append((category, supplier, recipient, mode))
    return readings


def read_sentence(
    sentence: Any,
    found: SentenceFacts,
    counterpart: str | None,
    has_kp: bool = False,
    dyads: dict[str, tuple[str | None, str | None]] | None = None,
    route: tuple[str, str] | None = None,
) -> list[tuple[str, str | None, str | None, str]]:
    tokens = [t.text for t in sentence]
    lower = [t.lower() for t in tokens]
    swap_from = exchange_point(lower)
    if swap_from is not None and not any(c.start < swap_from for c in found.categories):
        swap_from = None  # "In return, X will send Y to Z": the direction is already spelled out
    results = []
    opening = clauses(tokens)[0]
    opening_cues = [c for c in found.cues if opening[0] <= c.start < opening[1]]
    asked = _question(lower)
    for clause_start, clause_end in clauses(tokens):
        parties = [p for p in found.parties if clause_start <= p.start < clause_end] or found.parties
        verbs = [v for v in found.verbs if clause_start <= v.start < clause_end] or found.verbs
        for category in (
            c for c in found.categories if clause_start <= c.start < clause_end and c.start >= asked
        ):
            parsed = goods_in(found.doc, category, found.parties, found.verbs, found.places)
            if parsed is not None and not plausible(parsed, category.label):
                continue
            if under_law(found.doc[category.start : category.end].root):
                continue  # what the resolutions ban or cap is background, no claim
            bearing = _bearing(found.doc, category, found.cues, governing_verb(category, verbs, lower))
            opening_bearing = [c for c in opening_cues if c in bearing]
            hedges = [c for c in found.cues if not _about_another(found.doc, c)]
            mode = modality(bearing, clause_start, clause_end, opening_bearing, lower, hedges)
            if parsed is not None and refused(parsed):
                mode = "denied"
            if not found.parties:
                # parties carry into a sentence that names none only by a reference to them
                carried = None
                if _points_back(found.doc, category):
                    carried = _carried_over(category.label, found, lower, dyads or {})
                    if carried is None and not COMMENTARY & set(lower):
                        carried = route
                if carried is not None:
                    results.append((category.label, *carried, mode))
                continue
            supplier, recipient = _direction(category, parties, verbs, lower, found.speakers)
            trained = (
                learning(parsed) if parsed is not None and category.label == "military_cooperation" else None
            )
            read_roles = (
                (trained or supplied_by(parsed) or gift(parsed) or roles(parsed) or provenance(parsed))
                if parsed is not None
                else None
            )
            if read_roles is not None:
                supplier, recipient = _merge(read_roles, supplier, recipient)
            elif _origin_only(parsed, category.label, supplier, recipient):
                supplier = parsed.made_in if parsed is not None else None  # "rifles of North Korean origin"
            parsed_exchange = parsed is not None and exchanged(parsed)
            if parsed_exchange or (swap_from is not None and category.start > swap_from):
                supplier, recipient = recipient, supplier
            if _returns_home(parsed, category.label, recipient):  # goods never go back where they were made
                supplier, recipient = recipient, supplier
            if _sent_to_learn(
                parsed, category.label, supplier, lower
            ):  # "pilots sent to Russia for training"
                supplier, recipient = recipient, supplier
            venture = any(c.label == "joint_venture" for c in found.categories)
            supplier, recipient = _complete(
                category.label,
                supplier,
                recipient,
                parties,
                counterpart,
                has_kp,
                found.transfer_words,
                not venture,
            )
            hosted = _hosted(found.doc, category)
            if _returns_home(parsed, category.label, recipient) or (supplier == "KP" and hosted):
                supplier, recipient = recipient, supplier
            if hosted and supplier is None and any(p.label == "KP" for p in parties):
                host = next((p.label for p in found.places if p.label != "KP"), None)
                supplier, recipient = (host, "KP") if host else (supplier, recipient)  # "at Chinese banks"
            if category.label in NATIONALS and recipient is None:
                recipient = next((p.label for p in found.places if p.label != "KP"), None)  # where they work
            if supplier is None or recipient is None:
                supplier, recipient = _by_place(
                    category, found, parties, lower, (supplier, recipient), counterpart, has_kp
                )
            reciprocal = category.label in RECIPROCAL or _each_other(lower) or bool(COOPERATING & set(lower))
            pair = mutual(parsed) if parsed is not None and reciprocal else None
            if pair is not None and parsed is not None and parsed.predicate is None:
                results.extend([(category.label, *pair, mode), (category.label, *pair[::-1], mode)])
                continue
            if category.label == "joint_venture":
                results.append((category.label, supplier, recipient, mode))
                continue  # a venture with the DPRK has one side, whoever else joins it
            kinds = [category.label]
            if category.label != "ship_to_ship" and parsed is not None and between_ships(parsed):
                kinds.append("ship_to_ship")
            for one_supplier in _coordinated(supplier, parties, lower, recipient):
                for one_recipient in _coordinated(recipient, parties, lower, supplier):
                    if one_supplier is None or one_supplier != one_recipient:
                        results.extend((kind, one_supplier, one_recipient, mode) for kind in kinds)
    return list(dict.fromkeys(_at_sea(results)))


#: Links that open a clause of its own: a cue below one speaks of that clause, not of the goods
#: ("While Russia has denied receiving weapons, Japan said a tanker transferred oil").
CLAUSAL = {"advcl", "conj", "ccomp", "relcl", "parataxis", "xcomp", "csubj", "acl", "pcomp"}


def _bearing(doc: Any, goods: Mention, cues: list[Mention], verb: Mention | None = None) -> list[Mention]:
    """The cues that bear on the goods in the parse: those above them or above their verb of
    transfer ("Officials believe Russia sent ...", "no evidence that ...", "tanks that it could
    sell") and those that hang, through no clause of their own, on a word above them ("will send",
    "has not sent", "despite official denials, Russia bought ...")."""
    head = doc[goods.start : goods.end].root
    above = {head.i} | {t.i for t in head.ancestors}
    if verb is not None:
        acting = doc[verb.start : verb.end].root
        above |= {acting.i} | {t.i for t in acting.ancestors}
    found = []
    for cue in cues:
        token = doc[cue.start : cue.end].root
        while token.i not in above and token.dep_ not in CLAUSAL and token.head.i != token.i:
            token = token.head
        if token.i in above:
            found.append(cue)
    return found


def _about_another(doc: Any, cue: Mention) -> bool:
    """A cue in a relative clause on a noun other than a claim: "Russia, which may face sanctions"
    hedges Russia's future, not the claim ("a claim which could not be verified" does)."""
    token = doc[cue.start : cue.end].root
    while token.dep_ not in CLAUSAL and token.head.i != token.i:
        token = token.head
    return token.dep_ == "relcl" and token.head.lower_ not in BACK_REFERENCES


def _by_place(
    category: Mention,
    found: SentenceFacts,
    parties: list[Mention],
    lower: list[str],
    sides: tuple[str | None, str | None],
    counterpart: str | None,
    has_kp: bool,
) -> tuple[str | None, str | None]:
    """A side left open, read from the places the goods reach or leave: "excavators arrived at the
    port of Rajin", "delivering sand to Chinese ports", "loaded diesel at a Russian port"."""
    supplier, recipient = sides
    arrival = arrived(found.doc, category) if recipient is None else None
    if arrival is not None:
        recipient = _destination([p for p in found.places + parties if p.start > arrival], lower, supplier)
    if recipient is None:
        delivered = [
            p for p in found.places if p.start > category.start and "to" in lower[p.start - 3 : p.start]
        ]
        recipient = _destination(delivered, lower, supplier)
    loading = loaded(found.doc, category) if supplier is None else None
    if loading is not None:
        origin = [p for p in found.places if p.start > loading and p.label != recipient]
        supplier = _destination(origin, lower, recipient)
    if recipient is not None and supplier is None:  # the side the place left open
        return _complete(category.label, None, recipient, parties, counterpart, has_kp, found.transfer_words)
    return supplier, recipient


def _at_sea(
    results: list[tuple[str, str | None, str | None, str]],
) -> list[tuple[str, str | None, str | None, str]]:
    """Goods that pass the other way between the same ships in the same sentence ("transferring
    squid to Chinese boats at sea and receiving fuel in return") are ship-to-ship too."""
    pairs = {(s, r) for c, s, r, _ in results if c == "ship_to_ship"}
    linked = {frozenset(pair) for pair in pairs if None not in pair}
    extra = [
        ("ship_to_ship", s, r, m)
        for c, s, r, m in results
        if c != "ship_to_ship" and (s, r) not in pairs and frozenset((s, r)) in linked
    ]
    return results + extra


#: Words before a place that make it the destination, and words that make it a waypoint.
INTO = {"at", "in", "into", "to", "reached", "reach", "reaches", "entered"}
PAST = {"off", "near", "through", "via", "across", "outside", "from", "past"}


def _destination(places: list[Mention], lower: list[str], supplier: str | None) -> str | None:
    """The state of the place goods arrived at ("docked at Chinese ports"), not one they passed."""
    for place in places:
        before = lower[max(0, place.start - 4) : place.start]
        if place.label != supplier and INTO & set(before) and not PAST & set(before):
            return place.label
    return None


def _each_other(lower: list[str]) -> bool:
    """ "accounts in each other's banks", "to supply one another": the goods go both ways."""
    text = " ".join(lower)
    return "each other" in text or "one another" in text


def _question(lower: list[str]) -> int:
    """Where the sentence's claims begin: after an opening question put to the speaker ("Asked
    whether China had sold weapons to North Korea, a spokeswoman said ..."), which claims nothing."""
    if len(lower) > 1 and lower[0] == "asked" and lower[1] in {"whether", "if", "about"} and "," in lower:
        return lower.index(",")
    return 0


def _origin_only(parsed: Any, category: str, supplier: str | None, recipient: str | None) -> bool:
    """Whether the state on the goods is all that says where they come from. Not for people:
    trainees are named by the state that receives ("North Korean tank crews")."""
    return (
        parsed is not None
        and supplier is None
        and parsed.made_in not in (None, recipient)
        and category not in PEOPLE_GOODS
    )


def _returns_home(parsed: Any, category: str, recipient: str | None) -> bool:
    """Goods named by their state go from it, never to it; not people, nor what hackers steal."""
    if category == "cyber":
        return False
    return (
        parsed is not None
        and parsed.made_in is not None
        and recipient == parsed.made_in
        and category not in PEOPLE_GOODS
    )


#: Purposes for which people are sent to receive, not to give: "sent to Russia for training".
TO_LEARN = {("for", "training"), ("to", "study"), ("to", "learn"), ("for", "study"), ("be", "trained")}


#: Last words of goods that a host state provides to the bank that opens them.
HOSTED = {"branch", "branches", "office", "offices", "account", "accounts"}


def _hosted(doc: Any, category: Mention) -> bool:
    """ "North Korea's Foreign Trade Bank opened a representative office in Vladivostok": the
    host state serves the DPRK bank, as it does when it lets the bank open a branch."""
    return category.label == "financial" and doc[category.end - 1].lower_ in HOSTED


def _sent_to_learn(parsed: Any, category: str, supplier: str | None, lower: list[str]) -> bool:
    """Whether the goods are learners sent abroad, or the training they are sent for."""
    if category != "military_cooperation" or parsed is None:
        return False
    if parsed.head.lower_ == "training" and parsed.head.head.lower_ == "for":
        return parsed.predicate is not None  # "sent to Russia for training": Russia trains
    learners = parsed.made_in is not None and supplier == parsed.made_in
    return learners and bool(TO_LEARN & set(zip(lower, lower[1:], strict=False)))


def _merge(parsed: Roles, supplier: str | None, recipient: str | None) -> tuple[str | None, str | None]:
    """The parse's reading, with the word-order reading filling a side the parse left open."""
    new_supplier = parsed.supplier or (supplier if supplier != parsed.recipient else None)
    new_recipient = parsed.recipient or (recipient if recipient != new_supplier else None)
    return new_supplier, new_recipient


SUBJECTS = {"nsubj", "nsubjpass"}
#: Words by which a sentence refers to what the one before named ("they", "the shipments").
REFERENCES = {"it", "its", "they", "them", "their", "these", "those", "such", "this", "that", "the"}


def _points_back(doc: Any, goods: Mention) -> bool:
    """Whether a sentence that names no state refers back to an earlier one: a pronoun ("They were
    unloaded at Vanino"), or goods or a transfer named with "the", "these" or "such" ("The shipments
    continued"). A sentence with neither is about something else, however near it stands."""
    for token in doc:
        if token.pos_ == "PRON" and token.lower_ in REFERENCES:
            return True
        named = token.head
        definite = token.dep_ in {"det", "poss"} and token.lower_ in REFERENCES and named.pos_ == "NOUN"
        on_goods = goods.start <= named.i < goods.end
        said_before = on_goods or named.lower_ in NOMINAL_VERBS or named.dep_ in SUBJECTS
        if definite and said_before:
            return True
    return False


def _carried_over(
    category: str, found: SentenceFacts, lower: list[str], dyads: dict[str, tuple[str | None, str | None]]
) -> tuple[str | None, str | None] | None:
    """Parties of an earlier sentence, for a sentence that says goods moved but names no state
    ("Thousands of soldiers are already deployed."), never for legal commentary."""
    if not found.verbs or any(word in COMMENTARY for word in lower):
        return None
    if category in dyads:
        return dyads[category]
    nominal = all(lower[v.start] in NOMINAL_VERBS for v in found.verbs)
    if dyads and nominal:
        return next(iter(dyads.values()))  # "Many of the deliveries were made through ..."
    return None


def route_of(found: SentenceFacts, lower: list[str]) -> tuple[str, str] | None:
    """The way something moves between two named states in a sentence that names no goods ("freight
    trains have been crossing from North Korea into Russia"), for the goods of the next sentences."""
    origin = next((p for p in found.parties if p.start > 0 and lower[p.start - 1] == "from"), None)
    if origin is None:
        return None
    destination = _after(found.parties, origin.end - 1, {"to", "into"}, lower)
    if destination is None or destination == origin.label or "KP" not in (origin.label, destination):
        return None
    return origin.label, destination


def _coordinated(
    label: str | None, parties: list[Mention], lower: list[str], other: str | None = None
) -> list[str | None]:
    """A party and those joined to it by "and" or commas ("China and Russia", "Laos and Cambodia"),
    unless the other side of the transfer is joined too ("Russia and North Korea agreed that ..."
    names the two sides, not two suppliers)."""
    if label is None:
        return [None]
    chains: list[list[Mention]] = []
    for party in parties:
        if chains and _joined(chains[-1][-1], party, lower):
            chains[-1].append(party)
        else:
            chains.append([party])
    for chain in chains:
        labels = [p.label for p in chain]
        if label in labels and other not in labels:
            return list(dict.fromkeys(labels))
    return [label]


def _joined(previous: Mention, party: Mention, lower: list[str]) -> bool:
    """ "Russia and China", "Laos, Cambodia", "to Russia or to North Korea"."""
    between = lower[previous.end : party.start]
    if not between or len(between) > 2 or between[0] not in {"and", ",", "or"}:
        return False
    return len(between) == 1 or (
        between[1] in {"to", "from", "with"} and between[1] == lower[previous.start - 1]
    )


def _after(
    parties: list[Mention], position: int, markers: set[str], lower: list[str], within: int = 99
) -> str | None:
    """The first party after ``position`` (at most ``within`` tokens on) introduced by one of ``markers``."""
    for party in parties:
        if party.start > position + within + 2:
            break
        if party.start > position and party.start > 0 and lower[party.start - 1] in markers:
            return party.label
        if (
            party.start > position
            and party.start > 1
            and lower[party.start - 1] == "the"
            and lower[party.start - 2] in markers
        ):
            return party.label
    return None


def _direction(
    category: Mention,
    parties: list[Mention],
    verbs: list[Mention],
    lower: list[str],
    speakers: list[Mention] | None = None,
) -> tuple[str | None, str | None]:
    for index, word in enumerate(lower):
        if word == "from":
            source_party = next(
                (
                    p
                    for p in parties
                    if p.start == index + 1 or (p.start == index + 2 and lower[index + 1] == "the")
                ),
                None,
            )
            if source_party is not None:
                destination = _after(
                    parties, source_party.end - 1, {"to", "into", "toward", "towards"}, lower
                )
                if destination and destination != source_party.label:
                    return source_party.label, destination
    demonym = next((p for p in parties if _modifies(p, category, lower)), None)
    verb = governing_verb(category, verbs, lower)
    if verb is None:
        # no verb of transfer: only "to", "into", "for", "in" ("workers in Russia") name a recipient
        target = _after(parties, category.end - 1, {"to", "into", "for", "in"}, lower, within=2)
        origin = _after(parties, category.end - 1, {"from"}, lower, within=2)
        if demonym is not None:
            if category.label == "cyber":
                return None, demonym.label
            return demonym.label, target if target != demonym.label else None
        return origin, target if target != origin else None
    agent = next((p for p in reversed(parties) if p.end <= verb.start and p is not demonym), None)
    pronoun = any(word in SPEAKER_REFERENCES for word in lower[max(0, verb.start - 3) : verb.start]) or (
        verb.start > 0 and lower[verb.start - 1] in GERUND_DENIALS  # "the ministry denied supplying shells"
    )
    earlier = [s for s in speakers or [] if s.end <= verb.start]  # "it" points back, never ahead
    if pronoun and earlier and (agent is None or agent.end <= earlier[0].start):
        agent = earlier[0]  # "Russia's ministry denied that it bought rockets": "it" is Russia
    passive = _is_passive(verb, lower)
    target = _after(parties, verb.end - 1, RECIPIENT_MARKERS, lower)
    origin = _after(parties, verb.end - 1, SUPPLIER_MARKERS, lower)
    direct = next(
        (
            p.label
            for p in parties
            if p.start == verb.end or (p.start == verb.end + 1 and lower[verb.end] == "the")
        ),
        None,
    )
    if category.label == "cyber":
        thief = demonym.label if demonym else (agent.label if agent else None)
        return None, thief
    if demonym is not None:
        if passive and verb.label == "give" and origin is not None and origin != demonym.label:
            # "North Korean forces are being trained by Russian instructors": the goods are the
            # trainees, and the party after "by" gives
            return origin, demonym.label
        # "North Korean coal", "Russian oil": the goods come from the demonym's state
        if verb.label == "give":
            return demonym.label, target or direct or (
                agent.label if agent and agent.label != demonym.label and passive else None
            )
        return demonym.label, agent.label if agent and agent.label != demonym.label else None
    if verb.label == "give":
        if passive:
            supplier = origin or (demonym.label if demonym else None)
            recipient = target or (agent.label if agent and not target else None)
        elif origin is not None and lower[verb.end : verb.end + 8].count("from"):
            # "Beijing exported coal from North Korea": the goods come from where "from" says
            supplier, recipient = origin, (agent.label if agent and agent.label != origin else target)
        else:
            supplier = agent.label if agent else (demonym.label if demonym else None)
            recipient = target or direct
        if demonym is not None and supplier is None:
            supplier = demonym.label
        return supplier, recipient
    recipient = agent.label if agent else None
    supplier = origin or (demonym.label if demonym and demonym.label != recipient else None)
    return supplier, recipient


DEMONYM_ENDINGS = ("an", "ese", "ian", "ean", "ish", "i")
#: Verbs after which a gerund's subject is the speaker.
GERUND_DENIALS = {"denied", "denies", "deny", "rejected", "admitted", "admits", "acknowledged"}
#: Words by which a speaker refers to its own state ("the ministry said the country had never sold").
SPEAKER_REFERENCES = {"it", "they", "we", "country"}


def _modifies(party: Mention, category: Mention, lower: list[str]) -> bool:
    """The party is an adjective of origin on the goods: "North Korean shells", "Russian-made trucks"."""
    if not lower[party.end - 1].endswith(DEMONYM_ENDINGS):
        return False
    return party.end == category.start or (
        party.end + 1 == category.start and lower[party.end] in {"-made", "made", "-", "built"}
    )


def _is_passive(verb: Mention, lower: list[str]) -> bool:
    """ "were shipped", "is exported" (an auxiliary before a participle), not "is providing"."""
    word = lower[verb.end - 1]
    if word.endswith("ing"):
        return False
    before = lower[max(0, verb.start - 2) : verb.start]
    return any(token in PASSIVE_AUXILIARIES for token in before)


#: Goods that are people: the state on them may be the receiving one ("North Korean tank crews
#: trained by Russian instructors").
PEOPLE_GOODS = {"military_cooperation", "workers"}
#: Goods that two states can agree to give each other.
RECIPROCAL = {"military_cooperation"}
#: Verbs by which two states make goods together ("Iran and North Korea could cooperate on drones").
COOPERATING = {
    "cooperation",
    "cooperate",
    "cooperated",
    "cooperating",
    "collaborate",
    "collaborated",
    "collaborating",
}
#: Goods that UN measures govern in one direction only, which settles a direction left open.
INTO_DPRK = {
    "refined_petroleum",
    "crude_oil",
    "petroleum",
    "luxury_goods",
    "machinery_vehicles",
    "financial",
    "cyber",
}
OUT_OF_DPRK = {"coal", "iron_ore_metals", "seafood", "textiles"}


def _complete(
    category: str,
    supplier: str | None,
    recipient: str | None,
    parties: list[Mention],
    counterpart: str | None,
    has_kp: bool = False,
    transfer: bool = True,
    by_measure: bool = True,
) -> tuple[str | None, str | None]:
    """Fill a missing side: DPRK workers come from the DPRK; joint ventures are with the DPRK; the
    other party named; the document's counterpart; the DPRK itself in a story about the DPRK.
    Goods that UN measures govern in one direction go that way between the DPRK and the one other
    state named (``by_measure``), unless the sentence is about a joint venture's business."""
    labels = list(dict.fromkeys(p.label for p in parties))
    if supplier is None and recipient is None and labels == ["KP"] and transfer:
        if category in INTO_DPRK:
            return None, "KP"
        if category in OUT_OF_DPRK:
            return "KP", None
    if supplier is None and recipient is None and len(labels) == 2 and "KP" in labels and by_measure:
        other = next(label for label in labels if label != "KP")
        if category in INTO_DPRK - {"cyber", "financial"}:
            return other, "KP"  # "the two countries would expand trade in oil"
        if category in OUT_OF_DPRK:
            return "KP", other
    if category == "joint_venture" and "KP" in labels:
        others = [label for label in labels if label != "KP"]
        return (others[0] if others else None), "KP"
    if category in NATIONALS and "KP" in labels and supplier != "KP" and recipient != "KP":
        supplier, recipient = "KP", recipient or supplier
    if category in NATIONALS and supplier is None and recipient == "KP":
        supplier, recipient = "KP", None
    if supplier and supplier == recipient:
        recipient = None
    if category == "cyber":
        if recipient is None and "KP" in labels:
            recipient = "KP"  # "a hacking unit controlled by North Korea was behind the theft"
        return None, recipient  # stolen money has no supplying state, only a receiving one
    others = [label for label in labels if label not in (supplier, recipient)]
    if supplier is None and recipient is not None and len(others) == 1:
        supplier = others[0]
    elif recipient is None and supplier is not None and len(others) == 1:
        recipient = others[0]
    if "KP" in (supplier, recipient) and counterpart and counterpart != "KP":
        if supplier is None:
            supplier = counterpart if recipient == "KP" else supplier
        elif recipient is None and supplier == "KP":
            recipient = counterpart
    if (
        has_kp
        and "KP" not in (supplier, recipient)
        and (supplier is None) != (recipient is None)
        and len(labels) <= 1
    ):
        supplier, recipient = (supplier, "KP") if recipient is None else ("KP", recipient)
    return supplier, recipient
