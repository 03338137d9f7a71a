"""Goods no lexicon names, read from the parse: DPRK nationals at work abroad, military people
being trained, help for a weapons programme or for armed forces, sums of money moved; and missiles
another state helps to build, which are know-how. Part of the mentions stage (claims/parsing.py).
"""

from __future__ import annotations

from typing import Any

from sanctionwatch.claims.rules import Mention
from sanctionwatch.claims.syntax import (
    HELPING,
    PAYING,
    TEACHING,
    TRAINEES,
    by_token,
    state_of,
)

#: Verbs of working for pay: DPRK nationals who do them abroad are workers, whatever the noun
#: ("North Korean welders have been working at a shipyard", "North Korean women work in restaurants").
WORKING = {"work", "works", "worked", "working", "employed", "toil", "toiling", "earning", "earn", "earns"}


#: Verbs whose object is hired labour: "hotels employ North Korean women as cleaners".
EMPLOYING = {"employ", "employs", "employed", "employing", "hire", "hires", "hired", "hiring"}


#: Help given "for" or "with" a programme of these kinds is help for weapons of mass destruction.
PROGRAMMES = {"programme", "program", "programmes", "programs", "project", "projects"}


PROGRAMME_KINDS = {"missile", "nuclear", "weapons", "ballistic", "satellite", "space", "submarine", "rocket"}


HELP_NOUNS = {"help", "assistance", "support", "aid", "expertise", "cooperation", "know-how", "advice"}


def programme_help(sentence: Any, categories: list[Mention]) -> list[Mention]:
    """Help for a missile, nuclear or space programme ("any assistance for its missile programme",
    "helped Pyongyang with its nuclear programme"), as ``wmd_ballistic`` goods: the programme is
    not goods, the help is."""
    if not sentence.has_annotation("DEP"):
        return []
    covered = set(by_token(categories))
    found = []
    for programme in sentence:
        if programme.lower_ not in PROGRAMMES or programme.dep_ != "pobj":
            continue
        if not any(c.lower_ in PROGRAMME_KINDS for c in programme.children if c.dep_ in {"compound", "amod"}):
            continue
        helped = programme.head.head
        target = helped if helped.lower_ in HELP_NOUNS else programme
        if helped.lower_ in HELP_NOUNS | HELPING and target.i not in covered:
            found.append(Mention(target.i, target.i + 1, "wmd_ballistic"))
    return found


#: Verbs of developing a weapon: help to do it is know-how, not the weapon itself.
DEVELOPING = {"build", "develop", "design", "make", "produce", "improve", "upgrade", "modernise", "modernize"}


MISSILES = {"missile", "missiles", "rocket", "rockets"}


def missile_know_how(sentence: Any, categories: list[Mention]) -> list[Mention]:
    """Missiles another state helps to build ("North Korea has helped Iran build a new long-range
    missile"): ``wmd_ballistic`` know-how, in place of the ``arms`` the word names."""
    if not sentence.has_annotation("DEP"):
        return categories
    revised = []
    for mention in categories:
        head = sentence[mention.start : mention.end].root
        developed = head
        if head.dep_ == "pobj" and head.head.lower_ == "of":
            developed = head.head.head  # "improve the accuracy of its missiles"
        verb = developed.head
        helped = verb.lower_ in DEVELOPING and _under_help(verb, 2)
        if mention.label == "arms" and head.lower_ in MISSILES and developed.dep_ == "dobj" and helped:
            mention = Mention(mention.start, mention.end, "wmd_ballistic")
        revised.append(mention)
    return revised


#: The armed forces, whose modernising or rebuilding with another state's help is military help.
MILITARY_ORGANS = {"navy", "army", "military", "forces", "fleet", "force"}


def military_help(sentence: Any, categories: list[Mention]) -> list[Mention]:
    """Help for the armed forces ("Russian specialists are helping North Korea modernise its
    navy"), as ``military_cooperation`` goods on the forces helped."""
    if not sentence.has_annotation("DEP"):
        return []
    covered = set(by_token(categories))
    found = []
    for organ in sentence:
        if organ.lower_ not in MILITARY_ORGANS or organ.i in covered or organ.dep_ not in {"dobj", "pobj"}:
            continue
        if _under_help(organ, 3):
            found.append(Mention(organ.i, organ.i + 1, "military_cooperation"))
    return found


def _under_help(token: Any, hops: int) -> bool:
    """Whether a verb of helping governs the token within ``hops`` links: "helping North Korea
    modernise its navy"."""
    for _ in range(hops):
        token = token.head
        if token.lower_ in HELPING:
            return True
    return False


def working_nationals(sentence: Any, parties: list[Mention], categories: list[Mention]) -> list[Mention]:
    """DPRK nationals named as the subject of a verb of working, as ``workers`` goods, unless the
    subject already is goods ("North Korean hackers work for the state": cyber, not workers) or a
    state ("North Korea works with Russia")."""
    if not sentence.has_annotation("DEP"):
        return []
    party_at = by_token(parties)
    covered = set(by_token(categories))
    found = []
    for verb in sentence:
        if verb.lower_ not in WORKING | EMPLOYING or verb.pos_ not in {"VERB", "AUX"}:
            continue
        roles = {"dobj"} if verb.lower_ in EMPLOYING else {"nsubj", "nsubjpass"}
        for subject in (c for c in _raised(verb).children if c.dep_ in roles):
            phrase = {t.i for t in subject.subtree}
            people = subject.lower_.endswith("koreans")  # "15,000 North Koreans are working"
            if (subject.i in party_at and not people) or phrase & covered or subject.pos_ == "PRON":
                continue
            if state_of(subject, party_at) == "KP":
                found.append(Mention(subject.i, subject.i + 1, "workers"))
    return found


def _raised(verb: Any) -> Any:
    """The verb whose subject is also this verb's: "North Koreans are believed to be working" has
    its subject on "believed"."""
    has_subject = any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children)
    return verb.head if verb.dep_ == "xcomp" and not has_subject else verb


CURRENCY = {"$", "€", "£", "¥", "dollars", "euros", "yuan", "rubles", "roubles"}


#: Nouns that count a sum ("millions of dollars"): the noun is what is moved, not the currency.
MULTIPLES = {"tens", "hundreds", "thousands", "millions", "billions"}


#: Verbs that move money but not goods: "moved millions of dollars through banks in Hong Kong".
MOVING = {"move", "moves", "moved", "moving", "wire", "wired", "wiring", "channel", "channelled", "channeled"}


PAID_PEOPLE = {
    f"{noun}{s}"
    for noun in ("soldier", "troop", "worker", "labourer", "laborer", "mercenary", "fighter")
    for s in ("", "s")
}


def money(sentence: Any, verbs: list[Mention], categories: list[Mention]) -> list[Mention]:
    """A sum of money moved by a verb of transfer ("transferred about $500 million to North Korea"),
    as ``financial`` goods."""
    if not sentence.has_annotation("DEP"):
        return []
    verb_at = by_token(verbs)
    covered = set(by_token(categories))
    found = []
    for token in sentence:
        if token.lower_ not in CURRENCY:
            continue
        amount = token.head if token.lower_ in {"$", "€", "£", "¥"} else token
        while amount.dep_ == "pobj" and amount.head.lower_ == "of" and amount.head.head.lower_ in MULTIPLES:
            amount = amount.head.head
        moved = amount.dep_ in {"dobj", "nsubjpass"} and (
            amount.head.i in verb_at or amount.head.lower_ in MOVING
        )
        paid = amount.head.lower_ in PAYING and not _for_people(amount.head)
        if moved and not paid and not _of_goods(amount, token) and amount.i not in covered:
            found.append(Mention(amount.i, amount.i + 1, "financial"))
    return found


def _for_people(verb: Any) -> bool:
    """Whether a sum is paid for people ("pays Pyongyang $2,000 a month for each soldier"): a
    transfer of funds for their work, where a sum paid for goods is only their price."""
    return any(
        child.lower_ == "for" and any(o.dep_ == "pobj" and o.lower_ in PAID_PEOPLE for o in child.children)
        for child in verb.children
    )


def _of_goods(amount: Any, currency: Any) -> bool:
    """Whether the sum is the value of goods ("$150 million of crypto", "$5 million worth of oil"),
    not counting the "of" that leads to its own currency ("millions of dollars")."""
    return any(
        child.lower_ == "worth"
        or (child.dep_ == "prep" and child.lower_ == "of" and currency not in child.subtree)
        for child in amount.children
    )


def trainees(sentence: Any, parties: list[Mention], categories: list[Mention]) -> list[Mention]:
    """Military people taught by another state ("to train North Korean army medics", "North Korean
    crews are being trained in Russia"), as ``military_cooperation`` goods, when no lexicon names
    them."""
    if not sentence.has_annotation("DEP"):
        return []
    party_at = by_token(parties)
    covered = set(by_token(categories))
    found = []
    for verb in sentence:
        if verb.lower_ not in TEACHING or verb.pos_ != "VERB":
            continue
        for taught in (c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}):
            military = taught.lower_ in TRAINEES or any(
                c.lower_ in TRAINEES | {"military"} for c in taught.children
            )
            if military and taught.i not in covered and state_of(taught, party_at):
                found.append(Mention(taught.i, taught.i + 1, "military_cooperation"))
    return found
