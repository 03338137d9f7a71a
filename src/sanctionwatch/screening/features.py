"""Evidence beyond the name. Each feature's docstring is the sentence shown to the user."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sanctionwatch.lists.dates import dates_compatible
from sanctionwatch.screening.index import Subject
from sanctionwatch.screening.query import Query


@dataclass(frozen=True)
class Evidence:
    feature: str
    effect: float
    text: str

    def as_dict(self) -> dict[str, object]:
        return {"feature": self.feature, "effect": round(self.effect, 3), "text": self.text}


def dob_matches(query: Query, subject: Subject) -> bool:
    """The birth date given agrees with a birth date on the list (to within a day)."""
    return bool(query.dob) and any(dates_compatible(query.dob or "", d) for d in subject.birth_dates)


def dob_conflicts(query: Query, subject: Subject) -> bool:
    """The birth date given agrees with none of the birth dates on the list."""
    return bool(query.dob and subject.birth_dates) and not dob_matches(query, subject)


def country_matches(query: Query, subject: Subject) -> bool:
    """The country given is a nationality, address country or flag of the listed entity."""
    return bool(query.country) and query.country in subject.countries


def country_conflicts(query: Query, subject: Subject) -> bool:
    """The country given is none of the listed entity's nationalities, countries or flags."""
    return bool(query.country and subject.countries) and query.country not in subject.countries


def imo_matches(query: Query, subject: Subject) -> bool:
    """The IMO number given is the listed vessel's IMO number: decisive on its own."""
    return bool(query.imo) and query.imo in subject.imo


def imo_conflicts(query: Query, subject: Subject) -> bool:
    """The IMO number given differs from the listed vessel's IMO number."""
    return bool(query.imo and subject.imo) and query.imo not in subject.imo


Feature = Callable[[Query, Subject], bool]

#: Feature, and the change in score when it holds.
FEATURES: tuple[tuple[Feature, float], ...] = (
    (dob_matches, 0.10),
    (dob_conflicts, -0.30),
    (country_matches, 0.05),
    (country_conflicts, -0.10),
    (imo_conflicts, -0.35),
)


def weigh(query: Query, subject: Subject) -> list[Evidence]:
    """Every feature that holds for this pair, with its effect and its sentence."""
    found = []
    for feature, effect in FEATURES:
        if feature(query, subject):
            found.append(Evidence(feature.__name__, effect, (feature.__doc__ or "").strip()))
    return found
