"""Who says so: the speaker of a sentence's claim, as a clean name with its role where the text
gives one ("Kremlin spokesman Dmitry Peskov", "South Korea's National Intelligence Service"), or
None when the claim is the writer's own.

The speaker is read from the dependency parse, not from a window of words: the subject of the
verb of saying that governs the goods ("..., Japan's Defense Ministry said"; "Russia has denied
receiving weapons"), the agent of a passive one ("was reported by Yonhap"), or the object of
"according to". The phrase is the subject's own words, without the clauses that hang on it. It
is a noun phrase, widened to the names spaCy's named-entity recogniser finds across its edges, so
that a name is never cut. A pronoun ("it", "he", "they") or a definite description ("the ministry",
"the spokesman") refers back to the last speaker named before it in the document, which is the only
way a speaker carries from one sentence to the next.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sanctionwatch.claims.lexicon import lexicons
from sanctionwatch.claims.rules import ATTRIBUTION, SOURCE_NOUNS
from sanctionwatch.claims.syntax import CLAIM_NOUNS

#: Heads of subjects that name no one: "It is the first time ...", "the reason".
NOT_SPEAKERS = {"time", "reason", "thing", "way", "fact", "question", "idea", "part", "case"}
#: Pictures and marks that show something speak for no one: what the writer reads in them is the
#: writer's ("Satellite images show ...", "identified by their hull markings").
PICTURES = {"imagery", "images", "image", "photographs", "photos", "footage", "pictures", "markings"}
#: The writer's own voice outside a quotation: "We assess that ..." in an analyst's note.
WRITER = {"we", "i"}
#: Words by which a description refers back to a speaker named before ("the ministry", "its governor").
DEFINITE = {"the", "its", "their"}
#: Heads of descriptions by which a speaker names its own state ("the government strongly suspects").
OWN_STATE = {"government", "country", "state"}
#: Entity kinds that name a speaker.
NAMED = {"PERSON", "ORG", "GPE", "NORP", "FAC"}
#: Pronouns that refer back to the last speaker.
PRONOUNS = {"it", "he", "she", "they", "we", "i"}
#: Links to leave out of a speaker's phrase: clauses and phrases that hang on it.
CLAUSES = {"relcl", "acl", "advcl", "punct", "cc", "conj", "prep"}
#: Prepositions whose phrase belongs to a speaker's name ("officials in Kyiv", "the panel of experts",
#: "a spokesman for the ministry").
NAME_PREPOSITIONS = {"of", "in", "for", "at"}
#: Verbs by which an authority states a finding by acting on it: "OFAC designated two firms for
#: shipping oil", "prosecutors charged him with selling", "the Council adopted measures against".
ACTING = {
    "designated", "designates", "designate", "sanctioned", "sanctions", "indicted", "charged",
    "charges", "listed", "named", "adopted", "imposed", "arrested", "seized", "fined", "filed",
    "blacklisted", "penalised", "penalized", "summoned", "protested",
}  # fmt: skip
#: Verbs of saying, of judging and of acting on a finding.
#: Verbs by which an investigating body states what it found ("The Panel investigated the sale of
#: rockets to ...", "the Panel concludes that", "the Panel traced two limousines to Pyongyang").
INQUIRING = {
    "investigated", "investigates", "investigate", "traced", "traces", "concludes", "conclude",
    "attributes", "attribute", "attributed", "indicates", "indicate", "documented", "identified",
}  # fmt: skip
#: Verbs of receiving that report a finding when what is received is knowledge ("The Panel received
#: information that ...", "obtained invoices showing ..."), not goods.
LEARNING = {"received", "receives", "obtained", "obtains", "has", "have"}
KNOWLEDGE = {"information", "evidence", "invoices", "documents", "records", "reports", "photographs"}
SAYING = ATTRIBUTION | ACTING | INQUIRING | {"quoted", "citing", "cites", "cite", "briefed", "informed"}
#: Heads of speakers that a description of another kind may refer back to ("the spy agency" is
#: "the National Intelligence Service"; "the spokeswoman" is "Foreign Ministry spokeswoman Mao Ning").
INSTITUTIONS = {
    "agency", "service", "ministry", "department", "office", "bureau", "council", "committee",
    "panel", "team", "institute", "group", "command", "government", "embassy", "court", "police",
}  # fmt: skip
PEOPLE = {
    "spokesman", "spokeswoman", "spokesperson", "official", "minister", "envoy", "ambassador", "governor",
}  # fmt: skip
#: Participles by which those who act against someone accuse them ("people accused of selling").
ACCUSING = {"accused", "suspected", "charged", "alleged"}
#: Links by which the parser sometimes hangs "..., the ministry said" on the claim's own verb.
HUNG = {"parataxis", "ccomp", "advcl"}
#: Longest phrase, in words (punctuation aside), that is read as one speaker.
LONGEST = 13


@dataclass(frozen=True)
class Speaker:
    """A speaker as written, and whether it points back at an earlier one (a pronoun or "the" with
    a noun of ``SOURCE_NOUNS``), by its head noun."""

    text: str
    head: str
    refers_back: bool
    #: The acronym the name is given in brackets, by which it may be named again.
    acronym: str | None = None


def speaker(doc: Any, goods: int | None = None) -> Speaker | None:
    """The speaker of the claim about the goods at token ``goods`` (or of the sentence's main claim),
    read from the parsed sentence ``doc``: the subject of the nearest verb of saying above the goods
    that has one, or else of the sentence's own verb of saying, or else the object of "according to".
    A pronoun or a speaker's name for its own state ("it", "the government") gives way to one
    named above it in the same sentence ("Japan's Foreign Ministry said that the government
    suspects ..."); another description ("the customs agency") does not."""
    referring: Speaker | None = None
    for verb in _saying_verbs(doc, goods):
        subject = _subject(verb) or _just_before(doc, verb)
        subject = _author(subject) if subject is not None else None
        found = _phrase(doc, subject) if subject is not None else None
        if found is not None and (not found.refers_back or found.head not in OWN_STATE | PRONOUNS):
            return found  # "The NIS believes ..., Lee said": the NIS's judgement
        if found is not None and referring is None:
            referring = found
    if referring is not None:
        return referring
    for token in doc:
        if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            objects = [child for child in doc[token.i + 1].children if child.dep_ == "pobj"]
            if objects:
                return _phrase(doc, _author(objects[0]))
    return None


def _just_before(doc: Any, verb: Any) -> Any | None:
    """The noun phrase that ends just before a verb of saying at the end of a sentence the parser
    gave it no subject in ("..., the head of the UN nuclear watchdog said."): from the word before
    the verb up to the highest word of its phrase after the last comma."""
    commas = [t.i for t in doc[: verb.i] if t.text == ","]
    if verb.i < 2 or not commas:
        return None
    comma = commas[-1]
    token = doc[verb.i - 1]
    if token.i <= comma or token.pos_ not in {"NOUN", "PROPN"}:
        return None
    while comma < token.head.i < verb.i and token.head.i != token.i:
        token = token.head
    return token


def _author(thing: Any) -> Any:
    """Who made the thing that speaks: "according to markings analysed by a British research group"
    and "the report by the monitoring team found" are the group's and the team's; "according to the
    ministry" is the ministry's."""
    for child in thing.children:
        if child.dep_ == "prep" and child.lower_ == "by":  # "the report by the monitoring team"
            authors = [g for g in child.children if g.dep_ == "pobj"]
            if authors:
                return authors[0]
        if child.dep_ == "acl":
            agents = [g for a in child.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"]
            if agents:
                return agents[0]
    return thing


def _saying_verbs(doc: Any, goods: int | None) -> list[Any]:
    """The verbs of saying that may govern the claim: those above the goods in the parse, nearest
    first, then the sentence's root and the verbs of saying the parser hangs on it ("..., the
    ministry said." is sometimes read as a clause of the claim's verb)."""
    found: list[Any] = []
    if goods is not None:
        token = doc[goods]
        while token.head.i != token.i:
            below, token = token, token.head
            if token.lower_ in ACCUSING and token.dep_ == "acl" and token.head.head.i != token.head.i:
                # "Police arrested five people accused of selling fuel": the police accuse
                found.append(token.head.head)
            elif _saying(token) and not _rejects_another(token, below):
                found.append(token)
        # one who says that another acted speaks: "A Member State informed the Panel that its
        # customs seized a container", not the customs; an act is the speaker's only when no one
        # above it says so
        found = [v for v in found if v.lower_ not in ACTING] + [v for v in found if v.lower_ in ACTING]
    for token in doc:
        if token.dep_ == "ROOT":
            found += [token] if _saying(token) else []
            found += [c for c in token.children if _saying(c) and c.dep_ in HUNG]
    return found


def _rejects_another(verb: Any, below: Any) -> bool:
    """A verb that rejects a claim other than the one below it speaks for the other side: "...,
    an allegation Pyongyang rejected" (a clause on the claim noun), or "rejected" with the
    allegation as its object and the claim in another of its clauses; not "rejected claims that
    it bought shells", where the claim is the object's."""
    if verb.dep_ in {"relcl", "acl"} and verb.head.lower_ in CLAIM_NOUNS:
        return True
    claimed = [c for c in verb.children if c.dep_ == "dobj" and c.lower_ in CLAIM_NOUNS]
    return bool(claimed) and below.i not in {c.i for c in claimed}


def _saying(token: Any) -> bool:
    if token.pos_ not in {"VERB", "AUX"}:
        return False
    if token.lower_ in LEARNING:
        return any(c.dep_ == "dobj" and c.lower_ in KNOWLEDGE for c in token.children)
    return token.lower_ in SAYING


def _subject(verb: Any) -> Any | None:
    """The verb's subject, or the agent of a passive verb, or the subject it borrows from the verb
    it depends on ("denied and said", "is expected to say")."""
    while True:
        subjects = [child for child in verb.children if child.dep_ == "nsubj"]
        if subjects:  # the parser sometimes gives two: the one nearest the verb speaks
            return min(subjects, key=lambda child: abs(child.i - verb.i))
        for child in verb.children:
            if child.dep_ == "agent":
                objects = [g for g in child.children if g.dep_ == "pobj"]
                if objects:
                    return objects[0]
        if verb.dep_ in {"conj", "xcomp"} and verb.head.i != verb.i:
            verb = verb.head
            continue
        return None


def _phrase(doc: Any, head: Any) -> Speaker | None:
    """The speaker's words: the head noun with its modifiers, compounds, possessors and short
    appositions (a role), without clauses that hang on it, widened to the names the recogniser
    finds across its edges ("United" is "the United States"); None for a phrase that is no noun."""
    if head.lower_ in WRITER and not any(t.is_quote for t in doc):
        return None
    if head.lower_ in PRONOUNS:
        return Speaker(head.text, head.lower_, True)
    opening = _dateline_end(doc)
    if head.i < opening:  # "WASHINGTON — The Treasury ... designated": the parser's subject is the dateline
        named = [c for c in head.children if c.dep_ == "appos" and c.i >= opening]
        if not named:
            return None
        head = named[0]
    if head.pos_ not in {"NOUN", "PROPN"} or head.lower_ in NOT_SPEAKERS | PICTURES:
        return None
    kept = {i for i in _kept(head) if i >= opening}
    first, last = min(kept), max(kept)
    entities = _entities(doc)
    for entity in entities:
        if entity.start <= last and entity.end > first:  # a name the phrase cuts
            first, last = min(first, entity.start), max(last, entity.end - 1)
    words = [doc[i] for i in range(first, last + 1)]
    while words and (words[0].is_punct or words[0].lower_ in {"while", "but", "and", "as"}):
        words = words[1:]
    while words and words[-1].is_punct and words[-1].text != ")":
        words = words[:-1]
    if words and words[-1].i + 1 < len(doc) and doc[words[-1].i + 1].text == ")":
        words.append(doc[words[-1].i + 1])  # the parser hangs "(OFAC)"'s bracket elsewhere
    words, acronym = _without_acronym(words)
    if not words or sum(not t.is_punct for t in words) > LONGEST or _dateline(words):
        return None
    text = "".join(t.text_with_ws for t in words).strip()
    inside = {t.i for t in words}
    is_named = any(entity.label_ in NAMED and entity.start in inside for entity in entities)
    definite = words[0].lower_ in DEFINITE and not is_named and head.lower_ in SOURCE_NOUNS
    return Speaker(text, head.lower_, definite or _is_acronym([t.text for t in words]), acronym)


def _without_acronym(words: list[Any]) -> tuple[list[Any], str | None]:
    """A name without the acronym it is given in brackets ("the National Intelligence Service
    (NIS)"), and the acronym, by which later sentences refer back to it ("the NIS said")."""
    for index in range(1, len(words) - 2):
        if words[index].text == "(" and words[index + 2].text == ")" and _is_acronym([words[index + 1].text]):
            return words[:index] + words[index + 3 :], words[index + 1].text
    return words, None


def _is_acronym(words: list[str]) -> bool:
    """ "NIS", "the JCS": a name in capitals alone, which stands for a fuller one named before."""
    rest = words[1:] if words and words[0].lower() == "the" else words
    return len(rest) == 1 and rest[0].isupper() and rest[0].isalpha() and 2 <= len(rest[0]) <= 6


#: Dashes that close a dateline ("SEOUL, Jan. 9 (Northline) — ", "TOKYO -- ").
DASHES = {"—", "–", "--", "-"}


def _dateline_end(doc: Any) -> int:
    """Where a sentence's words begin after the dateline that opens a wire story (a place in
    capitals, maybe a date and an agency, then a dash), or 0 when none opens it."""
    first = doc[0]
    if not (first.is_upper and first.is_alpha and len(first) > 1):
        return 0
    dash = next((t.i for t in doc[1:12] if t.text in DASHES), None)
    return dash + 1 if dash is not None else 0


def _dateline(words: list[Any]) -> bool:
    """A dateline or an unclosed bracket is no speaker ("SEOUL, Jan. 9 (Northline")."""
    text = "".join(t.text_with_ws for t in words)
    return text.count("(") != text.count(")") or (
        words[0].is_upper and len(words) > 1 and words[1].text == ","
    )


def _kept(head: Any) -> set[int]:
    kept = {head.i}
    for child in head.children:
        if child.dep_ in CLAUSES and not (child.dep_ == "prep" and child.lower_ in NAME_PREPOSITIONS):
            continue
        if child.dep_ == "appos" and sum(1 for _ in child.subtree) > 6:
            continue
        kept |= {t.i for t in child.subtree if t.dep_ not in {"relcl", "acl"}}
    return kept


def _entities(doc: Any) -> Any:
    """The sentence's named entities (the recogniser runs on a sentence only when asked)."""
    if not doc.has_annotation("ENT_IOB"):
        lexicons().ner(doc)
    return doc.ents


class Attribution:
    """The speakers of a document's sentences, read in order: a pronoun or a definite description
    refers back to the last speaker named before its sentence; one that refers to no one named is
    kept as written ("the ministry"), or dropped if it is a bare pronoun."""

    def __init__(self, docs: Sequence[Any], paragraphs: Sequence[int] = ()) -> None:
        self.docs = docs
        #: The paragraph each sentence stands in (for transcripts: "Wang Lei: ..." speaks for the
        #: whole paragraph).
        self.paragraphs = paragraphs
        #: The speakers named (not referring back) up to and including each sentence, read when a
        #: source is first asked for (a document with no claim needs none).
        self._named: list[list[Speaker]] = []

    def _named_before(self, number: int) -> list[Speaker]:
        if not self._named:
            named: list[Speaker] = []
            for doc in self.docs:
                said = speaker(doc)
                if said is not None and not said.refers_back:
                    named = [*named, _fuller(said, named)]
                self._named.append(named)
        return self._named[number - 1] if number else []

    def source(self, number: int, goods: int | None = None) -> str | None:
        """The speaker of the claim about the goods at token ``goods`` of sentence ``number``."""
        said = speaker(self.docs[number], goods)
        if said is None or (said.head in PRONOUNS and said.head in WRITER):
            return self._in_transcript(number)
        if not said.refers_back:
            said = _fuller(said, self._named_before(number))
        if said.refers_back:
            earlier = _antecedent(said, self._named_before(number))
            if earlier is None:
                return None if said.head in PRONOUNS else said.text
            said = earlier
        return said.text

    def _in_transcript(self, number: int) -> str | None:
        """The speaker of a transcript's paragraph that opens with a name and a colon ("Wang Lei:
        That is groundless."), for the sentences of that paragraph that name no other; "Q:" (the
        one who asks) names no one."""
        if not self.paragraphs:
            return None
        paragraph = self.paragraphs[number]
        first = number
        while first > 0 and self.paragraphs[first - 1] == paragraph:
            first -= 1
        return _turn(self.docs[first])


def _turn(doc: Any) -> str | None:
    """The name before the colon that opens a speaker's turn in a transcript ("Wang Lei:")."""
    colon = next((t.i for t in doc[:5] if t.text == ":"), None)
    if colon is None or colon == 0:
        return None
    words = list(doc[:colon])
    if all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in words) and len(words[-1]) > 1:
        return "".join(t.text_with_ws for t in words).strip()
    return None


def _antecedent(said: Speaker, named: list[Speaker]) -> Speaker | None:
    """The speaker a pronoun or a definite description refers back to: the last one named, or for
    "the ministry" the last one whose head is "ministry"."""
    if not named:
        return None
    if said.head in PRONOUNS:
        return named[-1]
    if _is_acronym(said.text.split()):
        letters = said.text.split()[-1]
        return next((earlier for earlier in reversed(named) if _stands_for(letters, earlier)), None)
    same = next((earlier for earlier in reversed(named) if earlier.head == said.head), None)
    if same is not None:
        return same
    for kind in (INSTITUTIONS, PEOPLE):
        if said.head in kind:
            return next((earlier for earlier in reversed(named) if earlier.head in kind), None)
    return None


def _stands_for(letters: str, earlier: Speaker) -> bool:
    """Whether an acronym names an earlier speaker: the acronym it was given in brackets, or the
    initials of its capitalised words ("JCS", "South Korea's Joint Chiefs of Staff")."""
    if earlier.acronym is not None:
        return earlier.acronym == letters
    initials = "".join(word[0] for word in earlier.text.split() if word[:1].isupper())
    return len(letters) >= 2 and initials.endswith(letters)


def _fuller(said: Speaker, named: list[Speaker]) -> Speaker:
    """A person named by a surname alone ("Belov said") is the one named before in full, with a
    role ("Governor Sergei Belov of the Khabarovsk region")."""
    words = said.text.split()
    if not 1 <= len(words) <= 2 or not all(word[:1].isupper() for word in words):
        return said
    for earlier in reversed(named):
        if len(earlier.text) > len(said.text) and words[-1] in earlier.text.replace(",", " ").split():
            return earlier
    return said
