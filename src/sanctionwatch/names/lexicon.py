"""Word lists used to normalise names, read from ``data/names`` (the lists are data, not code)."""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib import resources
from pathlib import Path

NAMES_DATA = Path(str(resources.files("sanctionwatch") / "data" / "names"))


def _words(file: str) -> frozenset[str]:
    lines = (NAMES_DATA / file).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@cache
def titles() -> frozenset[str]:
    return _words("titles.txt")


@cache
def org_forms() -> frozenset[str]:
    return _words("org_forms.txt")


@cache
def generic_words() -> frozenset[str]:
    return _words("generic.txt")


@cache
def state_body_words() -> frozenset[str]:
    """Words that name a part of a state (``data/names/state_bodies.txt``)."""
    return _words("state_bodies.txt")


@cache
def plain_korean_surnames() -> frozenset[str]:
    return _words("korean_surnames_plain.txt")


@cache
def vessel_prefixes() -> frozenset[str]:
    return _words("vessel_prefixes.txt")


@cache
def korean_surnames() -> dict[str, str]:
    """Every spelling of the common Korean surnames, mapped to one key (Lee, Rhee, Yi -> ri)."""
    with (NAMES_DATA / "korean_surnames.csv").open(encoding="utf-8") as handle:
        return {
            spelling: row["key"] for row in csv.DictReader(handle) for spelling in row["spellings"].split(";")
        }


@cache
def korean_surname_keys() -> frozenset[str]:
    """The keys the common Korean surnames' spellings are read as (ri, pak, kim)."""
    return frozenset(korean_surnames().values())


@cache
def korean_surname_spellings() -> frozenset[str]:
    """Every romanized Korean surname: the common ones' spellings and the plain list's."""
    return frozenset(korean_surnames()) | plain_korean_surnames()


def _phrase(text: str) -> tuple[str, ...]:
    """An ASCII phrase as the words ``normalize.split_words`` would give (apostrophes dropped)."""
    return tuple(word for word in re.split(r"[^a-z0-9]+", re.sub(r"['’]", "", text.lower())) if word)


@cache
def abbreviations() -> dict[tuple[str, ...], str]:
    """Every variant phrase of an organisation word, mapped to the word (dept -> department)."""
    with (NAMES_DATA / "abbreviations.csv").open(encoding="utf-8") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        return {
            _phrase(variant): row["canonical"]
            for row in csv.DictReader(lines)
            for variant in row["variants"].split(";")
            if _phrase(variant)
        }


@cache
def korean_popular_spellings() -> dict[str, str]:
    """Popular spellings of Korean name syllables, mapped to their McCune-Reischauer spelling
    (jung -> jong, chul -> chol: ``data/names/korean_popular.csv``)."""
    with (NAMES_DATA / "korean_popular.csv").open(encoding="utf-8") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        return {row["popular"]: row["standard"] for row in csv.DictReader(lines)}


@cache
def pinyin_syllables() -> frozenset[str]:
    """Every pinyin syllable without its tone (``data/names/pinyin_syllables.txt``)."""
    return _words("pinyin_syllables.txt")
