"""Korean names in the scripts they are written in besides Latin: Hangul, Chinese characters
(Hanja) and Russian Cyrillic, each brought back to Hangul and romanized syllable by syllable.

- Hangul is romanized by ICU (Revised Romanization), one syllable at a time.
- Chinese characters are read by their Sino-Korean readings from the ``hanja`` package's table
  (金正恩 -> 금정은), the surname by its surname reading (``data/names/hanja_surnames.csv``:
  金 -> 김); characters the table lacks are tried in their traditional form (ICU).
- Russian Cyrillic is read backwards through the Kontsevich system and its popular variants
  (``data/names/kontsevich.csv``): every Hangul syllable's Cyrillic spellings are generated from
  the jamo table, and a Cyrillic word is split into such syllables (Чхве -> 최, Рён -> 룡). One
  Cyrillic spelling can stand for several syllables (н is ㄴ or ㅇ), so a word has a few readings.
"""

from __future__ import annotations

import csv
import heapq
import itertools
import json
from collections.abc import Sequence
from functools import cache, lru_cache
from importlib import resources
from operator import itemgetter

import icu

from sanctionwatch.names.lexicon import (
    NAMES_DATA,
    korean_popular_spellings,
    korean_surname_keys,
    korean_surname_spellings,
)
from sanctionwatch.names.phonetic import is_run_of, phonetic


@cache
def _any_latin() -> icu.Transliterator:
    return icu.Transliterator.createInstance("Any-Latin; Latin-ASCII")


@cache
def _traditional() -> icu.Transliterator:
    return icu.Transliterator.createInstance("Simplified-Traditional")


INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
MEDIALS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
FINALS = " ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"
#: Readings kept per Cyrillic word, and per name (the product over its words).
WORD_READINGS = 10
NAME_READINGS = 16


@lru_cache(maxsize=20_000)
def romanize_syllable(syllable: str) -> str:
    """One Hangul syllable in Revised Romanization, lower case: 김 -> gim."""
    return _any_latin().transliterate(syllable).replace("'", "").lower()


def romanize_hangul_word(word: str) -> list[str]:
    """A Hangul word as romanized syllables: 김정은 -> ['gim', 'jeong', 'eun']."""
    return [romanize_syllable(syllable) for syllable in word]


def _compose(initial: int, medial: int, final: int) -> str:
    return chr(0xAC00 + (initial * 21 + medial) * 28 + final)


@cache
def _jamo_spellings() -> dict[str, dict[str, list[str]]]:
    table: dict[str, dict[str, list[str]]] = {"initial": {}, "medial": {}, "final": {}}
    with (NAMES_DATA / "kontsevich.csv").open(encoding="utf-8") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        for row in csv.DictReader(lines):
            table[row["part"]][row["jamo"] or " "] = row["cyrillic"].split(";")
    return table


@cache
def cyrillic_syllables() -> dict[str, list[tuple[int, str]]]:
    """Every Cyrillic spelling of a Hangul syllable, with its romanizations and their cost (0 for
    the Kontsevich spelling, more for each popular or positional variant used)."""
    spellings = _jamo_spellings()
    found: dict[str, dict[str, tuple[int, str]]] = {}
    for (i, initial), (m, medial), (f, final) in itertools.product(
        enumerate(INITIALS), enumerate(MEDIALS), enumerate(FINALS)
    ):
        if initial not in spellings["initial"] or final not in spellings["final"]:
            continue
        syllable = all_syllables()[_compose(i, m, f)]
        key = phonetic(syllable, True)  # a surname keeps its own reading (최, not 죄, in Чой)
        for (ci, a), (cm, b), (cf, c) in itertools.product(
            enumerate(spellings["initial"][initial]),
            enumerate(spellings["medial"][medial]),
            enumerate(spellings["final"][final]),
        ):
            # syllables that differ only where romanizations differ (ㅓ and ㅗ) are one reading
            readings = found.setdefault(a + b + c, {})
            cost = ci + cm + cf
            if key not in readings or cost < readings[key][0]:
                readings[key] = (cost, syllable)
    return {text: sorted(readings.values()) for text, readings in found.items()}


@cache
def _longest_syllable() -> int:
    return max(len(text) for text in cyrillic_syllables())


@lru_cache(maxsize=20_000)
def cyrillic_word(word: str) -> tuple[tuple[int, str], ...]:
    """Romanized readings of one Cyrillic word taken as Korean, with their cost (see
    ``cyrillic_syllables``), most likely first; none if the word cannot be split into Korean
    syllables (Сергей, Шойгу)."""
    word = word.lower()
    table, longest = cyrillic_syllables(), _longest_syllable()
    # best readings of each prefix: (cost, syllables so far, romanized text)
    partial: list[list[tuple[int, int, str]]] = [[] for _ in range(len(word) + 1)]
    partial[0] = [(0, 0, "")]
    for start in range(len(word) + 1):
        partial[start] = heapq.nsmallest(4 * WORD_READINGS, set(partial[start]))
        for end in range(start + 1, min(len(word), start + longest) + 1):
            for cost, syllable in table.get(word[start:end], ())[:WORD_READINGS]:
                for so_far, count, text in partial[start]:
                    partial[end].append((so_far + cost, count + 1, text + syllable))
    readings: dict[str, tuple[int, str]] = {}
    for cost, _, text in partial[len(word)]:
        readings.setdefault(phonetic(text, True), (cost, text))  # a surname keeps its own: Чой is 최 or 죄
    return tuple(readings.values())[:WORD_READINGS]


def cyrillic_name(words: list[str]) -> list[list[str]]:
    """Readings of a name whose every word is Cyrillic Korean, as lists of romanized words, the
    NAME_READINGS cheapest over the whole name, most likely first; empty when a word does not read
    as Korean.

    Cheapest over the name, not the first few of each word: Russian text often writes ё as е, and
    Рен is read 렌 before 련; cutting every word to its first readings lost the one reading that
    makes Чхве Рен Хэ the listed Choe Ryong Hae, where one more cheap reading of each other word
    costs less than it."""
    best: list[tuple[int, tuple[str, ...]]] = [(0, ())]
    for word in words:
        options = cyrillic_word(word)
        if not options:
            return []
        # costs add up, so the cheapest readings of the whole name extend the cheapest of its start
        extended = ((so_far + cost, texts + (text,)) for so_far, texts in best for cost, text in options)
        best = heapq.nsmallest(NAME_READINGS, extended, key=itemgetter(0))
    return [list(texts) for _, texts in best] if words else []


@cache
def _hanja_surnames() -> dict[str, str]:
    with (NAMES_DATA / "hanja_surnames.csv").open(encoding="utf-8") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        return {row["character"]: row["surname"] for row in csv.DictReader(lines)}


@cache
def _hanja_table() -> dict[str, str]:
    """The hanja package's table of 27,497 characters and their Korean readings.

    The package parses its YAML file on import, which takes seconds; every line of that file is a
    JSON-compatible pair ("\\u91d1": "\\uAE08"), so it is read here as one JSON object instead."""
    lines = resources.files("hanja").joinpath("table.yml").read_text(encoding="utf-8").splitlines()
    return dict(json.loads("{" + ",".join(line for line in lines if line.startswith('"')) + "}"))


def hanja_to_hangul(run: str) -> str:
    """A run of Chinese characters read in Korean, the first as a surname: 金正恩 -> 김정은,
    崔龙海 -> 최룡해. Characters without a Korean reading are kept as they are."""
    table = _hanja_table()
    out = []
    for position, character in enumerate(run):
        if position == 0 and character in _hanja_surnames():
            out.append(_hanja_surnames()[character])
            continue
        reading = table.get(character) or table.get(_traditional().transliterate(character))
        out.append(reading or character)
    return "".join(out)


@cache
def all_syllables() -> dict[str, str]:
    """Every Hangul syllable and its romanization (one ICU call for all 11,172 of them)."""
    syllables = [chr(code) for code in range(0xAC00, 0xD7A4)]
    romanized = _any_latin().transliterate(" ".join(syllables)).replace("'", "").lower().split(" ")
    return dict(zip(syllables, romanized, strict=True))


@cache
def syllable_keys() -> frozenset[str]:
    """The phonetic key of every Hangul syllable's romanization: what a romanized Korean
    syllable can look like once the romanization systems are merged."""
    return frozenset(phonetic(romanized) for romanized in all_syllables().values())


@lru_cache(maxsize=50_000)
def reads_as_syllables(key: str, most: int = 3) -> bool:
    """The key is one to ``most`` romanized Korean syllables run together (jongun, myong)."""
    return is_run_of(key, syllable_keys(), most)


def is_korean_name(keys: tuple[str, ...]) -> bool:
    """A personal name built as Korean names are: a common Korean surname first or last, and given
    names of romanized Korean syllables. Such names are shared by many people."""
    surnames = korean_surname_keys()
    if not 2 <= len(keys) <= 4:
        return False
    if keys[0] in surnames:
        given = keys[1:]
    elif keys[-1] in surnames:
        given = keys[:-1]
    else:
        return False
    return all(reads_as_syllables(key) for key in given) and sum(len(k) for k in given) <= 12


def standard_spelling(words: list[str]) -> list[str] | None:
    """The name with its syllables in popular South Korean spelling (Jung, Chul, Sung, Hyun: the
    vowels ㅓ and ㅕ written u) in their McCune-Reischauer spelling (jong, chol, song, hyon), when
    it has such a syllable and the name so read is a Korean name; else None. The name as written
    stays a reading of its own: u is also the real ㅜ (Jun, Sun)."""
    standard = [_standard_word(word) for word in words]
    if standard == words or not 2 <= len(standard) <= 4:
        return None
    surnames = korean_surname_spellings()
    given = standard[1:] if standard[0] in surnames else standard[:-1] if standard[-1] in surnames else None
    if given is None or not all(reads_as_syllables(phonetic(word)) for word in given):
        return None
    return standard


@lru_cache(maxsize=20_000)
def _standard_word(word: str) -> str:
    """One word in McCune-Reischauer spelling: a popular syllable (jung -> jong), or a given name
    of two syllables run together with one of them popular (jungun -> jongun, sunghyun ->
    songhyon); else the word as written."""
    table = korean_popular_spellings()
    if word in table:
        return table[word]
    for cut in range(1, len(word)):
        head, tail = word[:cut], word[cut:]
        if (head in table or tail in table) and all(
            reads_as_syllables(phonetic(part), 1) for part in (head, tail)
        ):
            return table.get(head, head) + table.get(tail, tail)
    return word


def korean_syllables(keys: Sequence[str]) -> bool:
    """Every word is a Korean surname or one or two romanized Korean syllables."""
    surnames = korean_surname_keys()
    return all(key in surnames or reads_as_syllables(key, 2) for key in keys)
