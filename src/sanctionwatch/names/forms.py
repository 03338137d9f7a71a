"""A name prepared for comparison: its words, their phonetic keys and joined forms.

A name can have several forms: one per reading of its script (see ``normalize.readings``), and
for a personal name written run together (``kimjongun``), one with a known surname split off, so
that the surname goes through the surname table (Lee, Rhee, Yi) like a spaced one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache
from itertools import repeat
from typing import NamedTuple

from sanctionwatch.names.korean import reads_as_syllables, standard_spelling
from sanctionwatch.names.lexicon import (
    abbreviations,
    korean_surname_spellings,
    org_forms,
    titles,
    vessel_prefixes,
)
from sanctionwatch.names.normalize import has_chinese_characters, readings, split_words
from sanctionwatch.names.phonetic import join_keys, phonetic

PERSON = "person"
ORGANIZATION = "organization"
VESSEL = "vessel"
#: The language a reading of a name in Chinese characters takes it to be in (``query_forms``).
CHINESE_READING = "zh"
KOREAN_READING = "ko"
#: Shortest run-together personal name in which a surname is looked for (kimil is not split).
SPLIT_FROM = 6
#: The numerals of a name without any: one shared set, not a new one per name (most names have
#: none, and every new set is one more object for the garbage collector to walk).
NO_DIGITS: frozenset[str] = frozenset()


class NameForm(NamedTuple):
    """One name, normalised: ``words`` as written (ASCII), ``keys`` their phonetic keys.

    ``joined`` is the keys run together; ``letters`` the words as written run together (the same
    for Southhill and SOUTH HILL, not for Kim Myong Chol and Kim Yong Chol); ``sorted_keys`` the
    keys in any order; ``digits`` the numerals. Make one with ``make_form``, which sets them
    from the keys and words once. A tuple, so immutable (forms are cached and shared) and cheap
    to make: every query makes a few, and a dataclass took twice as long."""

    original: str
    words: tuple[str, ...]
    keys: tuple[str, ...]
    dropped: tuple[str, ...]
    joined: str
    letters: str
    sorted_keys: tuple[str, ...]
    digits: frozenset[str]

    def rotations(self, kind: str = PERSON) -> list[str]:
        """The joined key with each word first in turn: surname first or last, same key.

        Only personal names are rotated; organisation and vessel names keep their order."""
        keys = self.keys
        if len(keys) <= 1 or kind != PERSON:
            return [self.joined]
        return [join_keys(keys[i:] + keys[:i]) for i in range(len(keys))]


def make_form(
    original: str, words: tuple[str, ...], keys: tuple[str, ...], dropped: tuple[str, ...] = ()
) -> NameForm:
    """A name form whose joined keys, letters, sorted keys and numerals follow from its words and
    keys."""
    numerals = [key for key in keys if key.isdigit()]
    digits = frozenset(numerals) if numerals else NO_DIGITS
    return NameForm(
        original, words, keys, dropped, join_keys(keys), "".join(words), tuple(sorted(keys)), digits
    )


def kind_of_schema(schema: str) -> str:
    if schema == "Person":
        return PERSON
    if schema in ("Vessel", "Airplane"):
        return VESSEL
    return ORGANIZATION


@cache
def _phrase_starts() -> frozenset[str]:
    return frozenset(phrase[0] for phrase in abbreviations())


def expand_abbreviations(words: list[str]) -> list[str]:
    """Abbreviations and their expansions read as one word (Dept. -> department; North Korea and
    Democratic People's Republic of Korea -> dprk), longest phrase first."""
    table = abbreviations()
    if not _phrase_starts().intersection(words):
        return words
    longest = max((len(phrase) for phrase in table), default=1)
    out: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            canonical = table.get(tuple(words[i : i + size]))
            if canonical is not None:
                out.append(canonical)
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return out


def _form(name: str, words: list[str], kind: str, family: int | None = None) -> NameForm:
    """Drop titles from people, corporate forms from organisations, prefixes such as M/V and
    "No." from vessels; nothing goes if nothing is left.

    ``family`` is how many of the first words are the family name (-1: the last word), when it
    is known ("LI, Yi": 1); only those go through the surname table. Otherwise every word does."""
    droppable = _droppable(kind)
    kept = [word for word in words if word not in droppable]
    if kind == VESSEL:
        kept = [
            w for i, w in enumerate(kept) if not (w == "no" and i + 1 < len(kept) and kept[i + 1].isdigit())
        ]
        kept = [w for w in kept if not (w in ("m", "v", "t") and len(kept) > 2)]
    if not kept:
        kept = words
    dropped = tuple(word for word in words if word not in kept) if len(kept) < len(words) else ()
    # the surname table applies to every word of a personal name: the surname may stand first,
    # last or (Chan KIM Hyok) between the given names, unless the name marks its family name
    if family is None or kind != PERSON:
        keys = tuple(map(phonetic, kept, repeat(kind == PERSON)))
    else:
        if family > 0:  # a title before the comma is not part of the family name
            family -= sum(word in droppable for word in words[:family])
        marked = range(len(kept))[family:] if family < 0 else range(family)
        keys = tuple(phonetic(word, i in marked) for i, word in enumerate(kept))
    return make_form(name, tuple(kept), keys, dropped)


@cache
def _droppable(kind: str) -> frozenset[str]:
    return {PERSON: titles(), ORGANIZATION: org_forms(), VESSEL: vessel_prefixes() | org_forms()}[kind]


@cache
def _surname_spellings() -> frozenset[str]:
    """Every romanized Korean surname of two letters or more, to split run-together names by."""
    return frozenset(s for s in korean_surname_spellings() if len(s) >= 2)


def surname_splits(words: list[str]) -> list[list[str]]:
    """A run-together personal name with a known surname split off its start or end, in every way
    one fits: kimjongun -> kim jongun; rimyongsu -> ri myongsu, rim yongsu; jongunkim -> jongun kim;
    Kimjong Un -> kim jong un."""
    if len(words) > 2 or len(words[0]) < SPLIT_FROM or words[0].isdigit():
        return []
    word, spellings = words[0], _surname_spellings()
    found = [
        [word[:k], word[k:], *words[1:]] for k in range(2, 6) if word[:k] in spellings and len(word) - k >= 2
    ]
    if len(words) == 1:
        found += [
            [word[:-k], word[-k:]] for k in range(2, 6) if word[-k:] in spellings and len(word) - k >= 2
        ]
    return found


def name_forms(name: str, kind: str, run_together: bool = False) -> tuple[NameForm, ...]:
    """Every form of ``name`` for its kind: one per reading, and with ``run_together`` (queries:
    lists write names spaced) for a run-together personal name one per surname split; forms with
    the same keys are kept once.

    A listed name's forms are cached (the index, the linker and the AIS flagger each ask for
    them); a query's are not. A batch seldom screens a name twice, and every cached form is an
    object the garbage collector walks again at each full collection (a tuple subclass is never
    untracked): in 100,000 queries, 120,000 forms, and 9% of the batch's CPU time."""
    return _forms(name, kind, True) if run_together else _listed_forms(name, kind)


@lru_cache(maxsize=300_000)
def _listed_forms(name: str, kind: str) -> tuple[NameForm, ...]:
    return _forms(name, kind, False)


def query_forms(name: str, kind: str) -> list[tuple[NameForm, str]]:
    """A query's forms (``name_forms``, run together), each with the language its reading takes
    the name to be in, where the script leaves a choice: a name in Chinese characters is read as
    Chinese (pinyin: 金宇 -> jin yu) and as Korean (its Sino-Korean readings: 김우 -> gim u), and
    each reading is the name of a person of that language only (``CHINESE_READING``,
    ``KOREAN_READING``); "" for a name in any other script.

    Read in pinyin, 金宇 was the North Korean RYU Jin; read in Korean, 潘涛 (ban do) was the Afghan
    BANDO Haji."""
    if not has_chinese_characters(name):
        return [(form, "") for form in _forms(name, kind, True)]
    chinese, *korean = readings(name, kind == PERSON)
    found = [(form, CHINESE_READING) for form in _reading_forms(name, [chinese], kind, True)]
    seen = {form.keys for form, _ in found}
    found += [
        (form, KOREAN_READING) for form in _reading_forms(name, korean, kind, True) if form.keys not in seen
    ]
    return found


def _forms(name: str, kind: str, run_together: bool) -> tuple[NameForm, ...]:
    return _reading_forms(name, readings(name, kind == PERSON), kind, run_together)


def _reading_forms(name: str, texts: Sequence[str], kind: str, run_together: bool) -> tuple[NameForm, ...]:
    forms: dict[tuple[str, ...], NameForm] = {}
    for reading in texts:
        words = split_words(reading)
        variants = [words] + (surname_splits(words) if kind == PERSON and run_together and words else [])
        # Kim Jung Un is also read Kim Jong Un; only as written in Latin letters: a reading of
        # Hangul, Hanja or Cyrillic is already in a standard romanization (and pinyin is no Korean)
        if kind == PERSON and run_together and name.isascii():
            variants += [standard for variant in variants if (standard := standard_spelling(variant))]
        if kind == PERSON and (plain := without_yo(words)):
            variants.append(plain)
        if kind != PERSON:
            # abbreviations read as their expansions, and the name as written too (a typo inside
            # "Democratic Peoples Republic of Korea" keeps it from being read as dprk)
            variants = [expand_abbreviations(words)] + variants
        family = family_words(reading) if kind == PERSON else None
        for variant in variants:
            for marked in _family_readings(variant, family, kind, run_together):
                form = _form(name, variant, kind, marked)
                forms.setdefault(form.keys, form)
    return tuple(forms.values()) or (make_form(name, (), ()),)


_YO = re.compile(r"(?<=[bcdfgklmnprstvz])yo")


def without_yo(words: list[str]) -> list[str] | None:
    """A Russian name with ё romanized as e, when it is romanized yo (SEMYONOV, Artyom, Fyodor):
    BGN/PCGN gives ë, which ASCII makes e, and Russian text mostly writes е for ё anyway, so
    Семенов and Semenov are SEMYONOV. None when no word has a consonant's yo, or it is in a
    Korean syllable (Myong, Hyon, Pyongyang), where yo is a vowel of its own."""
    if not any(_YO.search(word) for word in words):  # most names: looked at once, cheaply
        return None
    plain = [_YO.sub("e", word) if not reads_as_syllables(phonetic(word), 3) else word for word in words]
    return plain if plain != words else None


def family_words(reading: str) -> int | None:
    """How many words come before the comma of a name written "FAMILY, Given" (OFAC's form, and
    how people write a name to say which part is the family name), or None when it has no comma.

    A given name can be spelt like a surname (LI, Yi; HE, Yi): read through the surname table
    it became the surname (Yi -> ri), and ``Li Li`` was the same name as LI, Yi."""
    head, comma, tail = reading.partition(",")
    if not comma or not split_words(tail):
        return None
    return len(split_words(head)) or None


def _family_readings(words: list[str], family: int | None, kind: str, query: bool) -> list[int | None]:
    """Which words to read as the family name: those before the comma when the name marks them;
    every word for a listed name that does not; and for a query that does not, every word, the
    first word alone or the last word alone (LEE Yi is LI, Yi, whose given name is no surname)."""
    if family is not None:
        return [family]
    if kind != PERSON or not query or len(words) < 2 or not any(map(_table_changes, words)):
        return [None]
    return [None, 1, -1]


@lru_cache(maxsize=100_000)
def _table_changes(word: str) -> bool:
    """The surname table gives ``word`` another key than its sound does (Yi -> ri; not Kim)."""
    return phonetic(word, True) != phonetic(word)


def name_form(name: str, kind: str) -> NameForm:
    """The first (plainest) form of ``name``: see ``name_forms`` for all of them."""
    return name_forms(name, kind)[0]


_PATRONYMIC = re.compile(r"(ovich|evich|ovna|evna|ichna|ogly|kyzy)$")
_BRACKETED = re.compile(r"\([^)]*\)")


def name_variants(form: NameForm, kind: str) -> list[NameForm]:
    """The name, the name without a bracketed part ("FOREIGN TRADE BANK (FTB)"), and for a
    Russian name the name without its patronymic, as news writes them."""
    variants = [form]
    if "(" in form.original:
        variants.extend(f for f in name_forms(_BRACKETED.sub(" ", form.original), kind) if f.keys)
    return variants + [v for f in variants for v in _without_patronymic(f)]


def _without_patronymic(form: NameForm) -> list[NameForm]:
    kept = [
        (word, key) for word, key in zip(form.words, form.keys, strict=True) if not _PATRONYMIC.search(word)
    ]
    if len(kept) == len(form.words) or len(kept) < 2:
        return []
    words = tuple(word for word, _ in kept)
    keys = tuple(key for _, key in kept)
    dropped = form.dropped + tuple(w for w in form.words if w not in words)
    return [make_form(form.original, words, keys, dropped)]


def match_keys(name: str, kind: str, variants: bool = True) -> frozenset[str]:
    """Keys equal for two names exactly when they are the same name after normalisation: the same
    words in any order, or the same letters spaced differently (people in any word order). Every
    reading of the name gives its keys, and with ``variants`` every variant (brackets,
    patronymic)."""
    keys: set[str] = set()
    for reading in name_forms(name, kind):
        for form in name_variants(reading, kind) if variants else [reading]:
            if form.keys:
                keys.add("words:" + " ".join(form.sorted_keys))
                keys.update("letters:" + joined for joined in form.rotations(kind))
    return frozenset(keys)
