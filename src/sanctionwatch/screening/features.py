"""Evidence beyond the name. Each feature's docstring is the sentence shown to the user.

Birth dates are weighed as screeners weigh them: the same day raises the score; the same year
or month, when one side gives no more, raises it a little; a date within two years lowers it only
a little (lists and documents disagree by a year, a month or a typed digit); a far one lowers it
enough that the same name alone no longer matches. When the query gives a birth date and the list
gives none, a common name (every word of it shared by many listed names: Kim Byong Chol) is no
longer a match on its own; a rare one still is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from sanctionwatch.names.identity import identity_conflict
from sanctionwatch.screening.index import Subject
from sanctionwatch.screening.query import Query

#: Dates further apart than this (in days) are far: a different person, not a typing error.
NEAR_DAYS = 2 * 366
#: Full dates this many days apart are the same day: the UN XML gives several birth dates one day
#: earlier than the other lists do.
SAME_DAY = 1
#: A year given as approximate ("c. 1960") covers this many years either side.
CIRCA_YEARS = 2


@dataclass(frozen=True)
class Evidence:
    feature: str
    effect: float
    text: str

    def as_dict(self) -> dict[str, object]:
        return {"feature": self.feature, "effect": round(self.effect, 3), "text": self.text}


@lru_cache(maxsize=100_000)
def date_span(value: str, circa: bool = False) -> tuple[date, date] | None:
    """The first and last day a partial ISO date can mean (1969 -> 1969-01-01 .. 1969-12-31)."""
    try:
        year = int(value[:4])
        if len(value) >= 10:
            day = date.fromisoformat(value[:10])
            first, last = day, day
        elif len(value) >= 7:
            month = int(value[5:7])
            first = date(year, month, 1)
            last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        else:
            first, last = date(year, 1, 1), date(year, 12, 31)
        if circa:
            first, last = date(year - CIRCA_YEARS, 1, 1), date(year + CIRCA_YEARS, 12, 31)
    except ValueError:
        return None
    return first, last


def days_apart(query: Query, listed: str) -> tuple[int, bool] | None:
    """Days between the query's birth date and one listed date (0 when they can be the same day),
    and whether both are full dates."""
    left = date_span(query.dob or "", bool(query.dob_circa))
    right = date_span(listed)
    if left is None or right is None:
        return None
    gap = max((right[0] - left[1]).days, (left[0] - right[1]).days, 0)
    both_full = left[0] == left[1] and right[0] == right[1]
    return (max(0, gap - SAME_DAY) if both_full else gap), both_full


def _closest(query: Query, subject: Subject) -> tuple[int, bool] | None:
    found = [d for d in (days_apart(query, listed) for listed in subject.birth_dates) if d is not None]
    return min(found, key=lambda pair: (pair[0], not pair[1])) if found and query.dob else None


def dob_matches(query: Query, subject: Subject) -> bool:
    """The birth date given is a birth date on the list, to the day."""
    closest = _closest(query, subject)
    return closest is not None and closest[0] == 0 and closest[1]


def dob_agrees(query: Query, subject: Subject) -> bool:
    """The birth date given agrees with a birth date on the list as far as the less precise of the
    two goes (the same year, or the same month)."""
    closest = _closest(query, subject)
    return closest is not None and closest[0] == 0 and not closest[1]


def dob_near(query: Query, subject: Subject) -> bool:
    """The birth date given is within two years of a birth date on the list: lists and documents
    often differ by a year, a month or a typed digit."""
    closest = _closest(query, subject)
    return closest is not None and 0 < closest[0] <= NEAR_DAYS


def dob_conflicts(query: Query, subject: Subject) -> bool:
    """The birth date given is more than two years from every birth date on the list."""
    closest = _closest(query, subject)
    return closest is not None and closest[0] > NEAR_DAYS


def dob_missing_common_name(query: Query, subject: Subject) -> bool:
    """A birth date is given, the list gives none, and the name is common: the same name alone
    says little about who this is."""
    return bool(query.dob) and not subject.birth_dates


def country_matches(query: Query, subject: Subject) -> bool:
    """The country given is a nationality, address country or flag of the listed entity."""
    return bool(query.country) and not query.country_named and query.country in subject.countries


def country_conflicts(query: Query, subject: Subject) -> bool:
    """The country given is none of the listed entity's nationalities, countries or flags."""
    return bool(query.country and subject.countries) and query.country not in subject.countries


def imo_matches(query: Query, subject: Subject) -> bool:
    """The IMO number given is the listed vessel's IMO number: decisive on its own."""
    return bool(query.imo) and query.imo in subject.imo


# The two below are the one rule of ``names.identity`` (the rule AIS flagging and list linking
# apply), one identifier each, so that each explains itself; an IMO number given that is the
# listed vessel's is decisive before any feature is weighed (``Matcher``).
def imo_conflicts(query: Query, subject: Subject) -> bool:
    """The IMO number given differs from the listed vessel's IMO number: the name, however alike,
    is another vessel's (a former name, a namesake)."""
    return identity_conflict([query.imo], subject.imo) is not None


def mmsi_conflicts(query: Query, subject: Subject) -> bool:
    """The MMSI given differs from the listed vessel's MMSI: the name is another vessel's."""
    return identity_conflict((), (), [query.mmsi], subject.mmsi) is not None


Feature = Callable[[Query, Subject], bool]

#: Feature, and the change in score when it holds. An identifier that contradicts takes the
#: score below any threshold: a former name never outweighs the vessel's own number.
FEATURES: tuple[tuple[Feature, float], ...] = (
    (dob_matches, 0.10),
    (dob_agrees, 0.05),
    (dob_near, -0.05),
    (dob_conflicts, -0.30),
    (country_matches, 0.05),
    (country_conflicts, -0.10),
    (imo_conflicts, -1.0),
    (mmsi_conflicts, -1.0),
)
#: Applies only when the matched name is common (see ``Matcher.common_name``).
COMMON_NAME_FEATURES: tuple[tuple[Feature, float], ...] = ((dob_missing_common_name, -0.25),)


def country_conflicts_state_body(query: Query, subject: Subject) -> bool:
    """The name is one every state gives such a body (Ministry of Defence), and the country given
    is not the listed body's: only the country tells which state's it is."""
    return country_conflicts(query, subject)


#: Applies only when the matched name is a state body's (see ``Matcher.state_body``): with
#: ``country_conflicts``, it takes a name that is the same after normalisation under the threshold.
STATE_BODY_FEATURES: tuple[tuple[Feature, float], ...] = ((country_conflicts_state_body, -0.25),)


def weigh(
    query: Query, subject: Subject, common_name: bool = False, state_body: bool = False
) -> list[Evidence]:
    """Every feature that holds for this pair, with its effect and its sentence."""
    found = []
    extra = (COMMON_NAME_FEATURES if common_name else ()) + (STATE_BODY_FEATURES if state_body else ())
    for feature, effect in FEATURES + extra:
        if feature(query, subject):
            found.append(Evidence(feature.__name__, effect, (feature.__doc__ or "").strip()))
    return found
