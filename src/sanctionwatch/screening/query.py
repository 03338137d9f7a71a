"""A screening query: a name and the identifiers that count as evidence."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sanctionwatch.errors import QueryError
from sanctionwatch.lists.countries import country_code
from sanctionwatch.lists.dates import MONTHS
from sanctionwatch.lists.identifiers import find_imo, imo_is_valid
from sanctionwatch.names.forms import ORGANIZATION, PERSON, VESSEL, NameForm, make_form
from sanctionwatch.names.lexicon import state_body_words

TYPES = (PERSON, ORGANIZATION, VESSEL, "any")
#: The longest name screened: the longest listed name is under 300 characters, and a name of
#: many thousands of words is an upload gone wrong, not a name.
MAX_NAME_LENGTH = 1000
_CIRCA = re.compile(r"^(?:c\.?|ca\.?|circa|approx\.?|about|~)\s*(\d{4})s?$", re.IGNORECASE)
_YEAR_FIRST = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:[T ][\d:.+Z-]*)?$")
_YEAR_LAST = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{4})$")
_DAY_MONTH = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]+)\.?,?[\s-]+(\d{4})$", re.IGNORECASE)
_MONTH_DAY = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$", re.IGNORECASE)
_MONTH_YEAR = re.compile(r"^([a-z]+)\.?\s+(\d{4})$", re.IGNORECASE)
#: Most words of a state's name read before or after a state body's (Democratic People's Republic
#: of Korea is one word, dprk, by then: see ``names.forms.expand_abbreviations``).
STATE_NAME_WORDS = 3
#: Words that name either Korea: "Korea's Ministry of ..." does not say which state's.
TWO_STATES = frozenset({("korea",), ("korean",)})
#: An IMO field that says "not available": all zeros, with or without the IMO prefix.
_NO_IMO = re.compile(r"^(?:IMO[\s:]*)?0+$", re.IGNORECASE)


@dataclass(frozen=True)
class Query:
    """What to screen. ``type`` is person, organization, vessel or any; ``dob`` a partial ISO date
    (YYYY, YYYY-MM or YYYY-MM-DD), ``dob_circa`` true when the year was given as approximate."""

    name: str = ""
    type: str = "any"
    imo: str | None = None
    dob: str | None = None
    country: str | None = None
    mmsi: str | None = None
    dob_circa: bool | None = None
    #: The country is the state the name itself names (``named_state``): it tells states'
    #: bodies apart, and is no further evidence for a name that already says it.
    country_named: bool | None = None

    def as_dict(self) -> dict[str, Any]:
        return {key: value for key, value in asdict(self).items() if value not in (None, "")}


def _month(word: str) -> int:
    month = MONTHS.get(word.casefold())
    if month is None:
        raise ValueError(f"{word!r} is not a month")
    return month


def _partial(year: int, month: int | None = None, day: int | None = None) -> str:
    """A checked partial ISO date; ``ValueError`` says what does not exist."""
    if not 1800 <= year <= date.today().year:
        raise ValueError(f"year {year} is not a birth year")
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} does not exist")
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        raise ValueError(f"{year:04d}-{month:02d} has no day {day}") from None


def read_date(text: str) -> tuple[str, bool]:
    """A birth date as people write it, as a partial ISO date and whether it is approximate:
    1969-7-16, 16.07.1969, 16/07/1969, 07/16/1969, 16 Jul 1969, July 16, 1969, Jul 1969, 1969,
    c. 1960. A slashed date whose day and month could be either way round keeps only its year.
    ``ValueError`` says what is wrong."""
    text = " ".join(text.split())
    if match := _CIRCA.match(text):
        return _partial(int(match[1])), True
    if match := _YEAR_FIRST.match(text):
        year, month, day = match[1], match[2], match[3]
        return _partial(int(year), int(month) if month else None, int(day) if day else None), False
    if match := _YEAR_LAST.match(text):
        first, separator, second, year = int(match[1]), match[2], int(match[3]), int(match[4])
        if separator == "." or first > 12:
            return _partial(year, second, first), False  # 16.07.1969, 16/07/1969: day first
        if second > 12:
            return _partial(year, first, second), False  # 07/16/1969: the US order
        _partial(year, first, second)
        _partial(year, second, first)
        return _partial(year), False  # 05/04/1969: either way round, so only the year is known
    if match := _DAY_MONTH.match(text):
        return _partial(int(match[3]), _month(match[2]), int(match[1])), False
    if match := _MONTH_DAY.match(text):
        return _partial(int(match[3]), _month(match[1]), int(match[2])), False
    if match := _MONTH_YEAR.match(text):
        return _partial(int(match[2]), _month(match[1])), False
    raise ValueError("write it as YYYY-MM-DD, DD.MM.YYYY, 16 Jul 1969, 1969 or c. 1969")


def read_mmsi(text: str | None) -> str | None:
    """The nine digits of an MMSI as written (``367544000``, ``367 544 000``), or None when none
    is given; a ``QueryError`` naming the field when it is not one."""
    if not text or not str(text).strip():
        return None
    number = re.sub(r"\D", "", str(text))
    if len(number) != 9:
        raise QueryError(f"MMSI {text!r} is not a nine-digit MMSI", "mmsi")
    return number


def make_query(
    name: str | None = "",
    type: str | None = "any",
    imo: str | None = None,
    dob: str | None = None,
    country: str | None = None,
    mmsi: str | None = None,
) -> Query:
    """A checked query; a ``QueryError`` names the field and says what to fix."""
    name = " ".join((name or "").split())
    if len(name) > MAX_NAME_LENGTH:
        raise QueryError(
            f"name of {len(name):,} characters; names longer than {MAX_NAME_LENGTH:,} are not screened",
            "name",
        )
    kind = (type or "any").strip().lower() or "any"
    if kind in ("organisation", "company", "entity"):
        kind = ORGANIZATION
    if kind not in TYPES:
        raise QueryError(f"unknown type {type!r}; use one of {', '.join(TYPES)}", "type")
    imo_number = None
    # AIS and MarineCadastre write "IMO0000000" (or 0) for "not available": no IMO, as `ais detect`
    # reads it, so the row is screened by its name instead of refused
    if imo and str(imo).strip() and not _NO_IMO.match(str(imo).strip()):
        imo_number = find_imo(imo)
        if imo_number is None:
            raise QueryError(f"IMO {imo!r} is not a seven-digit IMO number", "imo")
        if not imo_is_valid(imo_number):
            raise QueryError(f"IMO {imo_number} fails its check digit; check the number", "imo")
    mmsi_number = read_mmsi(mmsi)
    if not name and not imo_number:
        raise QueryError("empty query: give a name, or an IMO number with --imo", "name")
    birth, circa = None, None
    if dob and dob.strip():
        try:
            birth, approximate = read_date(dob)
        except ValueError as exc:
            raise QueryError(f"date of birth {dob.strip()!r} cannot be read: {exc}", "dob") from None
        circa = approximate or None
    code = None
    if country and country.strip():
        code = country_code(country.strip())
        if code is None:
            raise QueryError(f"{country!r} is not a country name or code", "country")
    return Query(
        name=name, type=kind, imo=imo_number, dob=birth, country=code, mmsi=mmsi_number, dob_circa=circa
    )


def named_state(form: NameForm) -> tuple[str, NameForm] | None:
    """The country a state body's name names, and the body's own name: DPRK Ministry of State
    Security -> (kp, Ministry of State Security); General Staff of the Russian Armed Forces ->
    (ru, General Staff Armed Forces). None unless every other word names a part of a state.

    Every state has a Ministry of State Security; the state's name in the query is what tells
    them apart, as the country field does (``features.country_conflicts_state_body``), and
    read as a word it only made each state's ministry equally half a match."""
    found = state_in(form.words)
    if found is None:
        return None
    code, start, end = found
    keys = form.keys[:start] + form.keys[end:]
    rest = form.words[:start] + form.words[end:]
    return code, make_form(form.original, rest, keys, form.dropped + form.words[start:end])


def state_in(words: Sequence[str]) -> tuple[str, int, int] | None:
    """Where a state body's name names its state: the country's code and the words' span, when
    every other word names a part of a state (``data/names/state_bodies.txt``)."""
    body = state_body_words()
    others = [i for i, word in enumerate(words) if word not in body]
    # the state's words are the ones no state body has, side by side (most names: none, or many)
    if not others or others[-1] - others[0] >= STATE_NAME_WORDS or len(others) == len(words):
        return None
    for size in range(min(STATE_NAME_WORDS, len(words) - 1), 0, -1):
        for start in range(max(0, others[-1] - size + 1), min(others[0], len(words) - size) + 1):
            end = start + size
            state = tuple(words[start:end])
            if state in TWO_STATES or not all(word in body for word in (*words[:start], *words[end:])):
                continue
            if code := country_code(" ".join(state)):
                return code, start, end
    return None
