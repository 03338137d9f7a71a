"""Birth dates weighed at the edges of their bands, and ties ranked by list authority, for
subjects made by hand: every date and list below is worked out here, not read from the matcher."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from sanctionwatch.screening.features import dob_agrees, dob_conflicts, dob_matches, dob_near
from sanctionwatch.screening.matcher import authority
from sanctionwatch.screening.query import Query

LISTED = date(1962, 2, 18)
FEATURES = {
    "dob_matches": dob_matches,
    "dob_agrees": dob_agrees,
    "dob_near": dob_near,
    "dob_conflicts": dob_conflicts,
}


@pytest.mark.parametrize(
    ("days", "feature"),
    [
        (0, "dob_matches"),
        (1, "dob_matches"),  # the UN gives some birth dates a day earlier than the other lists
        (-1, "dob_matches"),
        (2, "dob_near"),  # two days apart: a typed digit, not the same day
        (-2, "dob_near"),
        (733, "dob_near"),  # two years of 366 days, after the one day the lists disagree by
        (734, "dob_conflicts"),
        (-734, "dob_conflicts"),
    ],
)
def test_a_full_birth_date_is_weighed_by_its_distance_in_days(days: int, feature: str) -> None:
    query = Query(name="x", type="person", dob=(LISTED + timedelta(days=days)).isoformat())
    subject = SimpleNamespace(birth_dates=[LISTED.isoformat()])
    holding = [name for name, holds in FEATURES.items() if holds(query, subject)]  # type: ignore[arg-type]
    assert holding == [feature]


def test_a_year_agrees_with_a_full_date_in_it_and_is_near_the_next() -> None:
    subject = SimpleNamespace(birth_dates=[LISTED.isoformat()])
    holding = {
        year: [name for name, holds in FEATURES.items() if holds(Query(dob=year), subject)]  # type: ignore[arg-type]
        for year in ("1962", "1963", "1965")
    }
    assert holding == {"1962": ["dob_agrees"], "1963": ["dob_near"], "1965": ["dob_conflicts"]}


def test_ties_go_to_the_un_then_ofac_uk_australia_then_any_other_list() -> None:
    def rank(*datasets: str) -> tuple[int, int]:
        return authority(SimpleNamespace(datasets=list(datasets)))  # type: ignore[arg-type]

    assert rank("un_sc") == (0, -1)
    assert rank("au_dfat", "us_ofac_sdn") == (1, -2)
    assert rank("eu_fsf") == (4, -1)  # a list the order does not name comes after the four
    assert rank("eu_fsf", "gb_hmt") == (2, -2)
    assert rank() == (9, 0)
    assert sorted([rank("eu_fsf"), rank("gb_hmt"), rank("un_sc", "eu_fsf")]) == [(0, -2), (2, -1), (4, -1)]
