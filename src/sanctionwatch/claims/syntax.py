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
from dataclasses import dataclass, field
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
SHIPS = {
    "ship",
    "ships",
    "vessel",
    "vessels",
    "tanker",
    "tankers",
    "freighter",
    "freighters",
    "boat",
    "boats",
    "barge",
    "barges",
    "trawler",
    "trawlers",
}
PORTS = {"port", "harbour", "harbor", "quay"}
#: Verbs whose object is the people taught, not goods: the subject gives, the object's state receives.
TEACHING = {
    "train",
    "trains",
    "trained",
    "training",
    "teach",
    "teaches",
    "teaching",
    "taught",
    "instruct",
    "instructing",
    "instructed",
}
#: Verbs whose subject is taught: "North Korean cadets are studying at Russian military academies".
LEARNING = TEACHING | {
    "study",
    "studies",
    "studying",
    "studied",
    "learn",
    "learns",
    "learning",
    "learned",
    "learnt",
}
#: Verbs whose object is people cared for ("wounded North Korean soldiers are treated in Moscow"):
#: the state that treats them gives, as the state that teaches does.
TREATING = {"treat", "treats", "treated", "treating", "nursed"}
TEACHING_OR_TREATING = TEACHING | TREATING
#: Military people who can be trained ("to train North Korean army medics").
TRAINEES = {
    "soldiers",
    "troops",
    "officers",
    "medics",
    "pilots",
    "personnel",
    "forces",
    "cadets",
    "crews",
    "gunners",
    "sailors",
    "commanders",
    "units",
    "servicemen",
    "operators",
    "recruits",
    "army",
}
#: People named after what they work on: "submarine crews", "missile engineers" move no submarines.
PEOPLE = TRAINEES | {
    "dealers",
    "dealer",
    "traders",
    "trader",
    "smugglers",
    "brokers",
    "makers",
    "manufacturers",
    "producers",
    "engineers",
    "specialists",
    "experts",
    "technicians",
    "scientists",
    "workers",
    "designers",
    "builders",
    "instructors",
    "advisers",
    "advisors",
}
#: Verbs of handling goods one is taught to use ("learning to operate attack drones").
OPERATING = {"operate", "use", "fly", "fire", "maintain", "handle", "repair", "launch"}
#: The same verbs in every form, but "use": "Russia used North Korean missiles" is their transfer.
OPERATED = (OPERATING - {"use"}) | {
    *("operates", "operated", "operating", "fires", "fired", "firing", "flies", "flew", "flying"),
    *("maintains", "maintained", "maintaining", "handles", "handled", "handling"),
    *("repairs", "repaired", "repairing", "launches", "launched", "launching"),
}
#: Verbs of helping: "Russian technicians are helping North Korea upgrade its air defences".
HELPING = {"help", "helps", "helped", "helping", "assist", "assists", "assisted", "assisting"}
#: Verbs of paying: what is paid "for" goes to the payer ("Chinese fleets pay North Korea for
#: fishing rights"); what is paid "with" goes to the payee.
PAYING = {"pay", "pays", "paid", "paying"}
#: Verbs of barter: what is swapped "for" comes back.
SWAPPING = {
    "swap",
    "swaps",
    "swapped",
    "swapping",
    "barter",
    "barters",
    "bartered",
    "bartering",
    "exchange",
    "exchanges",
    "exchanged",
    "exchanging",
}
#: Heads of phrases whose goods go the other way ("in exchange for the troops").
EXCHANGE_NOUNS = {"exchange", "return", "payment"}
#: Verbs by which a party rejects what the sentence has just claimed.
DENYING = {
    "called",
    "calls",
    "branded",
    "labelled",
    "labeled",
    "deny",
    "denies",
    "denied",
    "dismiss",
    "dismisses",
    "dismissed",
    "reject",
    "rejects",
    "rejected",
    "refute",
    "refutes",
    "refuted",
}
#: Nouns naming a claim that can be rejected in an appended clause.
CLAIM_NOUNS = {
    "claim",
    "claims",
    "allegation",
    "allegations",
    "accusation",
    "accusations",
    "charge",
    "charges",
    "assertion",
    "report",
    "reports",
}
#: Verbs that say what goods are made of or where: "contained North Korean components", "were
#: produced in North Korea".
CONTAINING = {"contain", "contains", "contained", "include", "included", "includes", "incorporated"}
MAKING = {"made", "produced", "manufactured", "built", "assembled", "sewn"}
#: Verbs by which the holder of goods uses them: "rockets used by Hamas".
USING = {"used", "fired", "launched", "operated", "deployed"}
THEFT = {"steal", "steals", "stole", "stolen", "stealing", "hack", "hacked"}


def by_token(mentions: list[Mention]) -> dict[int, Mention]:
    """Each mention under every token position it covers."""
    return {i: mention for mention in mentions for i in range(mention.start, mention.end)}


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
    #: States named only as places ("at Russian military academies").
    place_at: dict[int, Mention] = field(default_factory=dict)


def goods_in(
    sentence: Any,
    goods: Mention,
    parties: list[Mention],
    verbs: list[Mention],
    places: list[Mention] | None = None,
) -> Goods | None:
    """The goods as the parse sees them, or None when the sentence was not parsed. Where the
    sentence names one state only, "the country" is that state."""
    if not sentence.has_annotation("DEP"):
        return None
    verb_at = by_token(verbs)
    head = sentence[goods.start : goods.end].root
    predicate = _predicate(head, verb_at)
    if predicate is not None:  # "took on coal": the verb, not its particle
        mention = verb_at[predicate.i]
        predicate = sentence[mention.start : mention.end].root
    party_at = by_token(parties)
    if len({p.label for p in parties}) == 1:
        party_at.update((t.i, parties[0]) for t in sentence if t.lower_ == "country" and t.i not in party_at)
    return Goods(
        head=head,
        predicate=predicate,
        verb=verb_at[predicate.i] if predicate is not None else None,
        party_at=party_at,
        made_in=_modifier(head, party_at) or _helper_origin(head, predicate, verb_at, party_at),
        place_at=by_token(places or []),
    )


def _helper_origin(
    head: Any, predicate: Any | None, verb_at: dict[int, Mention], party_at: dict[int, Mention]
) -> str | None:
    """The state on the help that brings the goods ("Russian help to develop a submarine")."""
    if predicate is None:
        return None
    return _first(
        _modifier(token, party_at)
        for token in _path(head, predicate)
        if token.i in verb_at and token.pos_ == "NOUN" and token.lower_ in HELPING
    )


def roles(goods: Goods) -> Roles | None:
    """The supplier and recipient by the verb of transfer that governs the goods, or None when no
    such verb governs them."""
    head, predicate, party_at, made_in = goods.head, goods.predicate, goods.party_at, goods.made_in
    if predicate is None or goods.verb is None:
        return None
    give = goods.verb.label == "give"
    passive = any(child.dep_ in {"auxpass", "nsubjpass"} for child in predicate.children) or (
        predicate.dep_ == "acl" and predicate.tag_ == "VBN"  # "a KN-23 supplied by North Korea"
    )
    subject = _subject(predicate, party_at)
    agent = _prepositional(predicate, {"by"}, party_at, deps={"agent"})
    path = _path(head, predicate)
    origin = _first(_prepositional(t, SUPPLIER_PREPOSITIONS, party_at) for t in path)
    target = _first(_prepositional(t, RECIPIENT_PREPOSITIONS, party_at) for t in path)
    target = target or _dative(predicate, head, party_at)
    if predicate.lower_ in TEACHING and head.dep_ == "dobj":
        trainees = made_in or state_of(head, party_at)
        return Roles(subject, trainees) if subject != trainees else None
    if predicate.lower_ in PAYING:
        return _payment(goods, predicate, path, passive, subject, agent)
    sent_home = give and head.dep_ != "nsubj" and any(c.lower_ == "home" for c in predicate.children)
    if sent_home:
        return _sent_home(predicate, party_at)
    if predicate.lower_ in HELPING:
        target = target or _helped(predicate, path, party_at)
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


SUPPLIER_NOUNS = {"supplier", "suppliers", "exporter", "exporters", "source", "provider", "providers"}


def supplied_by(goods: Goods) -> Roles | None:
    """Goods of a supplier ("Russia is now North Korea's largest supplier of refined petroleum"):
    the subject supplies, the supplier's possessor receives."""
    head, party_at = goods.head, goods.party_at
    of = head.head
    noun = of.head
    if head.dep_ != "pobj" or of.lower_ != "of" or noun.lower_ not in SUPPLIER_NOUNS:
        return None
    customer = next((state_of(c, party_at) for c in noun.children if c.dep_ == "poss"), None)
    subject = next((state_of(c, party_at) for c in noun.head.children if c.dep_ == "nsubj"), None)
    return Roles(subject, customer) if subject and customer and subject != customer else None


#: Nouns in apposition to goods that name who gave them ("a limousine, a gift from Putin").
GIFTS = {"gift", "gifts", "present", "presents", "donation", "donations"}


def gift(goods: Goods) -> Roles | None:
    """Goods described as a gift from a state: it gives them, whoever has them now."""
    for noun in goods.head.children:
        if noun.dep_ == "appos" and noun.lower_ in GIFTS:
            giver = _prepositional(noun, {"from", "of"}, goods.party_at)
            return Roles(giver, None) if giver else None
    return None


def learning(goods: Goods) -> Roles | None:
    """Military people who train or study with another state ("North Korean pilots have been
    training on Russian fighter jets", "cadets studying at Russian military academies"): the other
    state gives, the learners' state receives."""
    head, party_at = goods.head, goods.party_at
    verb = head.head
    if head.dep_ not in {"nsubj", "nsubjpass"} or verb.lower_ not in LEARNING:
        return None
    if verb.lower_ in TEACHING and any(c.dep_ == "dobj" and c.lower_ in TRAINEES for c in verb.children):
        return None  # "North Korean officers are training Russian soldiers": they teach
    learners = goods.made_in or state_of(head, party_at)
    where = {**goods.place_at, **party_at}
    teacher = _prepositional(verb, {"at", "in", "on", "with", "by", "from", "under"}, where, deps={"agent"})
    return Roles(teacher, learners) if learners and teacher and teacher != learners else None


def provenance(goods: Goods) -> Roles | None:
    """Where goods that no verb of transfer governs come from and who uses them ("some rockets used
    by Hamas contained North Korean components", "shells fired by Russian troops were produced in
    North Korea"), or None when the sentence does not say both."""
    head, party_at = goods.head, goods.party_at
    origin, user = goods.made_in, None
    for verb in [head.head, *head.children]:
        governed = verb == head.head and head.dep_ in SUBJECTS | {"dobj"}
        related = governed or (verb.head == head and verb.dep_ in {"acl", "relcl"})
        if not related:
            continue
        if verb.lower_ in USING:
            user = user or _prepositional(verb, {"by"}, party_at, deps={"agent"})
        if verb == head.head and head.dep_ == "dobj" and verb.lower_ in USING:
            user = user or _subject(verb, party_at)  # "Houthi rebels have fired rockets that contain ..."
        if verb.lower_ in CONTAINING:
            origin = origin or _first(_modifier(c, party_at) for c in verb.children if c.dep_ == "dobj")
        if verb.lower_ in MAKING:
            origin = origin or _prepositional(verb, {"in", "by"}, party_at, deps={"agent"})
    holder = next((state_of(c, party_at) for c in head.children if c.dep_ == "poss"), None)
    user = user or holder  # "Kim Jong Un's yacht was built in the Netherlands"
    return Roles(origin, user) if origin and user and origin != user else None


def _sent_home(predicate: Any, party_at: dict[int, Mention]) -> Roles | None:
    """Goods sent "home" by people abroad go from where they are to their own state ("North Korean
    workers in China send cash home")."""
    sender = next((c for c in predicate.children if c.dep_ == "nsubj"), None)
    if sender is None:
        return None
    home = _modifier(sender, party_at) or state_of(sender, party_at)
    abroad = _prepositional(sender, {"in"}, party_at)
    return Roles(abroad, home) if home and home != abroad else None


def _payment(
    goods: Goods, predicate: Any, path: list[Any], passive: bool, subject: str | None, agent: str | None
) -> Roles | None:
    """Goods of a payment: what is paid "for" goes from the payee to the payer ("Moscow pays
    Pyongyang for each soldier", "Pyongyang has been paid for its shells"); what is paid "with" or
    "in" goes from the payer to the payee ("paid for Russian oil with gold")."""
    party_at = goods.party_at
    objects = [c for c in predicate.children if c.dep_ in {"dobj", "dative"} and c not in path]
    payer = agent if passive else subject
    payee = subject if passive else _first(state_of(c, party_at) for c in objects)
    # the preposition nearest the goods decides: "paying for troops with oil" pays with the oil
    nearest = next((t.lower_ for t in path if t.dep_ == "prep" and t.lower_ in {"for", "with", "in"}), None)
    bought = nearest == "for" and any(t.lower_ == "for" and t.head == predicate for t in path)
    if bought:
        payee = payee or goods.made_in
        supplier, recipient = payee, payer
    else:
        supplier, recipient = payer, payee
    if supplier is None and recipient is None or supplier == recipient:
        return None
    return Roles(supplier, recipient)


def plausible(goods: Goods, category: str) -> bool:
    """Whether the goods can be what the sentence moves: what hackers steal is money or data, not
    the tanks the data describe; DPRK workers are not "Russian university students"."""
    if goods.predicate is not None and goods.predicate.lower_ in THEFT and category != "cyber":
        return False
    place = goods.head.head
    if goods.head.dep_ == "pobj" and place.lower_ in {"on", "at"} and place.head.lower_ in LEARNING:
        return False  # "training on Russian fighter jets": the jets stay where they are
    if goods.head.dep_ == "pobj" and place.lower_ == "at" and goods.predicate is None:
        return False  # "a fire broke out at the Sungri refinery": where something happens
    start = goods.head.left_edge.i
    before = [t.lower_ for t in goods.head.doc[max(0, start - 2) : start]]
    if before in (["rather", "than"], ["instead", "of"]):
        return False  # "paid in fuel rather than cash"
    if goods.head.dep_ == "compound" and place.lower_ in INSTITUTIONS:
        return False  # "Qatar's labour ministry"
    if goods.head.dep_ == "pobj" and place.lower_ == "alongside":
        return False  # "fought alongside Russian airborne troops"
    teaching = goods.head.dep_ == "nsubj" and place.lower_ in TEACHING
    if teaching and any(c.dep_ == "dobj" for c in place.children):
        return False  # "Russian instructors are training North Korean officers": the taught are the goods
    if goods.head.dep_ == "compound" and place.lower_ in PEOPLE:
        return False  # "North Korean submarine crews"
    phrase = goods.head  # the noun the goods name or modify: "Su-27 fighter jets", "fish-processing plant"
    while phrase.dep_ in MODIFIERS and phrase.head != phrase:
        phrase = phrase.head
    operated = phrase.dep_ == "dobj" and phrase.head.lower_ in OPERATING
    if operated and any(t.lower_ in LEARNING for t in phrase.head.ancestors):
        return False  # "learning to operate attack drones", "teaching soldiers how to use the KN-23"
    if category == "machinery_vehicles" and _carries(phrase):
        return False  # "Chinese trucks loaded with flour crossed into North Korea": the trucks carry
    if phrase is not goods.head and phrase.lower_ in FACILITIES:
        return not (phrase.dep_ == "pobj" and phrase.head.lower_ in LOCATIVE)  # "at a missile base"
    if (
        category == "workers"
        and goods.predicate is not None
        and goods.verb is not None
        and goods.verb.label == "give"
    ):
        into_dprk = _first(
            _prepositional(t, RECIPIENT_PREPOSITIONS, goods.party_at)
            for t in _path(goods.head, goods.predicate)
        )
        if into_dprk == "KP":
            return False  # "Cuba has sent doctors to North Korea": DPRK workers go out, not in
    return not (category == "workers" and goods.made_in is not None and goods.made_in != "KP")


#: Verbs by which vehicles carry the goods that a sentence is about.
CARRYING = {"carrying", "carried", "carry", "carries", "loaded", "laden", "transporting", "hauling"}


def _carries(vehicle: Any) -> bool:
    """The vehicle carries something: "trucks carrying iron ore", "trucks loaded with flour"."""
    if vehicle.dep_ == "nsubj" and vehicle.head.lower_ in CARRYING:
        return True
    return any(c.dep_ in {"acl", "relcl", "amod"} and c.lower_ in CARRYING for c in vehicle.children)


#: Nouns of a place where goods are made or kept: "a North Korean missile base" names no missiles.
FACILITIES = {
    "base",
    "bases",
    "site",
    "sites",
    "factory",
    "factories",
    "plant",
    "plants",
    "facility",
    "facilities",
    "complex",
    "range",
    "pad",
    "centre",
    "center",
    "depot",
    "depots",
}
LOCATIVE = {"at", "near", "in", "from", "outside", "around", "inside"}
#: Links by which a word modifies the noun of its phrase.
MODIFIERS = {"compound", "amod", "npadvmod", "nmod"}


def mutual(goods: Goods) -> tuple[str, str] | None:
    """The two states that jointly agree on the goods ("Belarus and North Korea signed an agreement
    on military-technical cooperation"): each gives to the other."""
    verb = goods.head
    for _ in range(MAX_HOPS):
        if verb.pos_ in {"VERB", "AUX"} or verb.head == verb:
            break
        verb = verb.head
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    while verb.head != verb and (
        (subject is None and verb.dep_ in BORROWED_SUBJECT)
        or (subject is not None and subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl")
    ):
        verb = verb.head  # "Russia and North Korea have agreed to use rubles"
        if verb.pos_ not in {"VERB", "AUX"}:  # "a treaty that would commit each side to ..."
            verb = verb.head
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return None
    joined = [subject, *(c for c in subject.children if c.dep_ in {"conj", "amod", "compound"})]
    joined += [
        o for c in subject.children if c.lower_ == "of" for o in c.children if o.dep_ == "pobj"
    ]  # "the leaders of Russia and North Korea"
    joined += [c for t in joined[1:] for c in t.children if c.dep_ == "conj"]
    joint = list(dict.fromkeys(label for t in joined if (label := state_of(t, goods.party_at))))
    if len(joint) == 2:  # "Russia and North Korea", "Russian and North Korean navies"
        return joint[0], joint[1]
    partner = next((o for c in goods.head.children if c.lower_ == "with" for o in c.children), None)
    if partner is None:
        return None
    one, other = state_of(subject, goods.party_at), state_of(partner, goods.party_at)
    return (one, other) if one and other and one != other else None  # "cooperation with North Korea"


#: Nouns of institutions named after their field: "the labour ministry" moves no labour.
INSTITUTIONS = {
    "ministry",
    "minister",
    "inspectorate",
    "department",
    "office",
    "agency",
    "committee",
    "bureau",
    "federation",
    "union",
    "commission",
    "authority",
    "service",
}
#: Verbs by which goods reach a place: the place's state receives them.
ARRIVAL = {
    "arrived",
    "arrive",
    "arrives",
    "arriving",
    "docked",
    "docks",
    "unloaded",
    "landed",
    "reached",
    "found",
    "discovered",
    "seen",
}


FINDING = {"found", "discovered", "seen"}
#: Verbs by which a ship puts its cargo ashore: the port's state receives it.
UNLOADING = {"unload", "unloads", "unloading", "unloaded", "offload", "offloaded", "offloading", "discharge"}


#: Verbs by which a ship takes on cargo: the port's state supplies it.
LOADING = {"loaded", "loads", "load", "loading", "bunkered"}


def loaded(sentence: Any, goods: Mention) -> int | None:
    """The position of the verb by which a ship takes the goods on board ("the tanker loaded diesel
    at a Russian port"), or None."""
    head = sentence[goods.end - 1]
    if sentence.has_annotation("DEP") and head.dep_ == "dobj" and head.head.lower_ in LOADING:
        return int(head.head.i)
    # the parser often takes "loaded" before the goods for an adjective: read the words instead
    before = [t for t in sentence[max(0, goods.start - 2) : goods.start] if t.lower_ in LOADING]
    return int(before[-1].i) if before else None


def arrived(sentence: Any, goods: Mention) -> int | None:
    """The position of the verb by which the goods themselves arrive somewhere ("Russian mining
    equipment, including excavators, arrived at the port of Rajin"), or None."""
    if not sentence.has_annotation("DEP"):
        return None
    for verb in sentence:
        if verb.lower_ in UNLOADING and any(
            c.i == goods.start or c.i == goods.end - 1 for c in verb.children
        ):
            docked = verb.head if verb.dep_ in {"advcl", "xcomp"} and verb.head.lower_ in ARRIVAL else verb
            return int(docked.i)  # "a ship docked at the port of Longkou to unload coal"
        if verb.lower_ not in ARRIVAL:
            continue
        # whoever finds something is not what was found: "soldiers found rifles in Mali"
        holders = {"nsubjpass", "dobj"} if verb.lower_ in FINDING else {"nsubj", "nsubjpass"}
        for subject in (c for c in verb.children if c.dep_ in holders):
            if subject.left_edge.i <= goods.start <= subject.right_edge.i:
                return int(verb.i)  # "rifles were found in Mali", "forces found rifles in Gaza"
    return None


def refused(goods: Goods) -> bool:
    """Whether the goods, or the subject that moves them, are denied by their determiner: "no North
    Korean workers had entered", "no Chinese firm had formed a joint venture"."""
    holders = [goods.head]
    verb = goods.predicate if goods.predicate is not None else goods.head.head
    if goods.predicate is not None or goods.head.dep_ == "dobj":
        holders += [c for c in verb.children if c.dep_ in SUBJECTS]
    return any(c.dep_ == "det" and c.lower_ == "no" for holder in holders for c in holder.children)


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
    """The state named on the goods themselves ("North Korean coal", "North Korean-made grenades",
    "garments made in North Korea", "rocket launchers of North Korean origin"): where they come
    from, whoever carries them."""
    children = list(goods.children)
    named = (
        party_at[child.i].label
        for child in children
        if child.dep_ in {"amod", "compound"}
        and child.i in party_at
        and child.lower_.endswith(DEMONYM_ENDINGS)
    )
    made = (
        party_at[t.i].label
        for child in children
        if child.dep_ == "amod" and child.lower_ in MAKING
        for t in child.subtree
        if t.i in party_at
    )
    made_in = (
        _prepositional(child, {"in"}, party_at)
        for child in children
        if child.dep_ == "acl" and child.lower_ in MAKING
    )
    of_origin = (
        _modifier(origin, party_at)
        for child in children
        if child.dep_ == "prep" and child.lower_ == "of"
        for origin in child.children
        if origin.dep_ == "pobj" and origin.lower_ in {"origin", "make", "manufacture", "design"}
    )
    return _first(named) or _first(made) or _first(made_in) or _first(of_origin)


def _first(labels: Any) -> str | None:
    return next((label for label in labels if label), None)


def _path(head: Any, predicate: Any) -> list[Any]:
    """The tokens from the goods up to their verb: prepositions may hang on any of them."""
    if predicate.head == head and predicate.dep_ == "acl":
        return [head, predicate]
    path = [head]
    while path[-1] != predicate and path[-1].head != path[-1]:
        path.append(path[-1].head)
    return path


def _predicate(head: Any, verb_at: dict[int, Mention]) -> Any | None:
    """The verb (or verbal noun, "deliveries of oil") of transfer that governs the goods, climbing
    through nouns and prepositions but never through another verb ("trucks used to carry missiles
    were exported" is not an export of missiles), except a verb that says what help is for
    ("helping North Korea upgrade its air defences"). A verbal noun that is itself given ("provided
    North Korea with help for its satellite programme") yields to the verb that gives it."""
    described = next((c for c in head.children if c.dep_ == "acl" and c.i in verb_at), None)
    if described is not None:
        return described  # "a KN-23 supplied by North Korea", "trucks sold to Pyongyang"
    token = head
    for _ in range(MAX_HOPS):
        if token.head == token:
            return None
        token = token.head
        if token.i in verb_at:
            if token.pos_ == "NOUN":
                return _giving(token, verb_at) or token
            return token
        if token.pos_ in {"VERB", "AUX"}:
            helper = token.head
            helped = (
                token.dep_ in {"ccomp", "xcomp", "acl"} and helper.i in verb_at and helper.lower_ in HELPING
            )
            if helped and helper.pos_ == "NOUN":
                return _giving(helper, verb_at) or helper  # "receiving Russian help to develop a submarine"
            return helper if helped else None
    return None


def _giving(noun: Any, verb_at: dict[int, Mention]) -> Any | None:
    """The verb of transfer whose object is this verbal noun: "provided ... with help"."""
    token = noun
    while token.dep_ in {"pobj", "dobj", "prep"} and token.head != token:
        token = token.head
        if token.pos_ == "VERB":
            return token if token.i in verb_at else None
    return None


def _helped(predicate: Any, path: list[Any], party_at: dict[int, Mention]) -> str | None:
    """Whom a verb of helping helps: its object, or the subject of the verb saying what with."""
    for child in predicate.children:
        if child.dep_ == "dobj" and child not in path:
            return state_of(child, party_at)
    for token in path:
        if token.head == predicate:
            subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
            return state_of(subject, party_at) if subject is not None else None
    return None


@dataclass(frozen=True)
class Rebuttal:
    """A clause appended to a sentence in which a party rejects what the sentence claims."""

    denier: Any
    start: int
    end: int


def rebuttal(sentence: Any, goods: list[Mention]) -> Rebuttal | None:
    """The party who, in a clause appended to the sentence, rejects what it claims ("..., a claim
    Pyongyang dismissed as a fabrication", "..., an allegation Moscow denies"), with the clause's
    tokens. It must follow all the goods: a clause that names goods is itself the claim."""
    if not sentence.has_annotation("DEP"):
        return None
    for verb in sentence:
        if verb.lower_ not in DENYING:
            continue
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        appended = verb.dep_ in {"relcl", "acl"} and verb.head.lower_ in CLAIM_NOUNS
        rejected = appended or any(c.lower_ in CLAIM_NOUNS | {"which", "it"} for c in objects)
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if not rejected or subject is None or subject.pos_ == "PRON":
            continue  # "a claim Pyongyang dismissed", "though the owners deny it"
        start, end = _clause(verb.head if appended else verb)
        if any(g.start >= start for g in goods):
            continue  # the rebuttal follows the claim it rejects
        return Rebuttal(sentence[subject.left_edge.i : subject.right_edge.i + 1], start, end)
    return None


def _clause(head: Any) -> tuple[int, int]:
    """The token range of a word and what hangs on it, leaving out the clauses it governs (the
    parser may hang the claim itself on the verb that rejects it)."""
    kept = [
        c for c in head.children if c.dep_ not in {"ccomp", "xcomp", "advcl", "conj", "parataxis", "punct"}
    ]
    return min([head.i, *(c.left_edge.i for c in kept)]), max([head.i, *(c.right_edge.i for c in kept)]) + 1


def exchanged(goods: Goods) -> bool:
    """Whether the goods are what is paid back ("in exchange for the troops, Moscow has been paying
    Pyongyang with oil"): they go the other way from the verb's transfer."""
    if goods.predicate is None:
        return False
    path = _path(goods.head, goods.predicate)
    if goods.predicate.lower_ in SWAPPING and any(
        t.lower_ == "for" and t.head == goods.predicate for t in path
    ):
        return True  # "swap seafood for Chinese cigarettes"
    return any(t.lower_ in EXCHANGE_NOUNS and t.head.lower_ in {"in", "as"} for t in path)


def taught(token: Any) -> bool:
    """Whether the people a token names are the ones taught or treated ("crews are being trained
    in Russia", "soldiers are learning to operate drones", "pilots sent to Russia for training",
    "wounded soldiers are treated in Moscow"): the state that teaches or treats them gives, the
    other way from troops sent to fight. The subject of a verb of teaching with an object teaches
    ("North Korean officers are training Russian soldiers")."""
    verb = token.head
    if verb.lower_ in TEACHING_OR_TREATING and token.dep_ in {"dobj", "nsubjpass"}:
        return True
    if verb.lower_ in LEARNING and token.dep_ == "nsubj":
        return not (verb.lower_ in TEACHING and any(c.dep_ in {"dobj", "dative"} for c in verb.children))
    return any(
        prep.lower_ == "for" and any(o.lower_ in LEARNING for o in prep.children if o.dep_ == "pobj")
        for prep in verb.children
        if prep.dep_ == "prep"
    )


def _subject(predicate: Any, party_at: dict[int, Mention]) -> str | None:
    verb = predicate
    for _ in range(MAX_HOPS):
        for child in verb.children:
            if child.dep_ in SUBJECTS:
                if child.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                    return state_of(verb.head, party_at)
                return state_of(child, party_at)
            if child.dep_ == "poss" and verb.pos_ == "NOUN":
                return state_of(child, party_at)  # "Russia's deliveries of oil"
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
                    return state_of(object_, party_at)
    return None


def _dative(predicate: Any, goods: Any, party_at: dict[int, Mention]) -> str | None:
    """The receiving object: "sent Russia shells", "provided North Korea with equipment", "provided
    North Korea with help for its satellite programme"."""
    path = _path(goods, predicate)
    provided_with = any(t.lower_ == "with" and t.head == predicate for t in path)
    for child in predicate.children:
        if child.dep_ == "dative" and child.pos_ != "ADP":
            return state_of(child, party_at)
        if child.dep_ == "dobj" and child not in path and provided_with:
            return state_of(child, party_at)
    return None


def state_of(token: Any, party_at: dict[int, Mention]) -> str | None:
    """The state a noun phrase names: the token itself, or the nearest party inside its phrase."""
    queue = deque([token])
    while queue:
        current = queue.popleft()
        if current.i in party_at:
            return party_at[current.i].label
        queue.extend(child for child in current.children if child.dep_ in NOUN_PHRASE)
    return None
