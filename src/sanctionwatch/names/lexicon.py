"""Word lists used to normalise names, read from ``data/names`` (the lists are data, not code)."""

from __future__ import annotations

import csv
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
def vessel_prefixes() -> frozenset[str]:
    return _words("vessel_prefixes.txt")


@cache
def korean_surnames() -> dict[str, str]:
    """Every spelling of the common Korean surnames, mapped to one key (Lee, Rhee, Yi -> ri)."""
    with (NAMES_DATA / "korean_surnames.csv").open(encoding="utf-8") as handle:
        return {
            spelling: row["key"] for row in csv.DictReader(handle) for spelling in row["spellings"].split(";")
        }
