"""A query's values as people write them: birth dates read into the partial ISO date the
screener compares, an MMSI into its nine digits.

A sampled mutmut run over ``screening/`` (issue 27, docs/testing.md) found the US order of a
slashed date, the earliest birth year and the reading of a spaced MMSI checked by no test: a value
read wrongly either accuses the wrong namesake or vessel (both are evidence) or refuses a good
query. Each expected value here is what the text means, worked by hand.
"""

from __future__ import annotations

from datetime import date

import pytest

from sanctionwatch.errors import QueryError
from sanctionwatch.screening.query import make_query, read_date


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("07/16/1969", "1969-07-16"),  # the month cannot be 16: the US order, month first
        ("7/16/1969", "1969-07-16"),
        ("12/31/1999", "1999-12-31"),
        ("16/07/1969", "1969-07-16"),  # the day first
        ("16.07.1969", "1969-07-16"),
        ("05/04/1969", "1969"),  # 5 April or 4 May: only the year is known
    ],
)
def test_a_slashed_date_is_read_in_the_order_it_can_only_mean(written: str, meant: str) -> None:
    assert read_date(written) == (meant, False)
    assert make_query("Kim Il", dob=written).dob == meant


def test_a_us_date_that_does_not_exist_is_refused_naming_the_day() -> None:
    with pytest.raises(QueryError, match="has no day 31") as raised:
        make_query("Kim Il", dob="02/31/1969")  # 31 cannot be a month, and February has no 31st
    assert raised.value.field == "dob"


def test_birth_years_from_1800_to_this_year_are_read_and_none_outside() -> None:
    assert read_date("1800") == ("1800", False)
    assert read_date("1800-01-01") == ("1800-01-01", False)
    this_year = date.today().year
    assert read_date(str(this_year)) == (str(this_year), False)
    for year in (1799, this_year + 1):
        with pytest.raises(QueryError, match=f"year {year} is not a birth year"):
            make_query("Kim Il", dob=str(year))


@pytest.mark.parametrize("written", ["441234567", "441 234 567", "441-234-567", "MMSI 441234567"])
def test_an_mmsi_is_read_as_its_nine_digits_however_it_is_written(written: str) -> None:
    assert make_query("Ocean Star", mmsi=written).mmsi == "441234567"


@pytest.mark.parametrize("written", ["44123456", "4412345678", "441 234 56"])
def test_an_mmsi_of_other_than_nine_digits_is_refused_naming_the_field(written: str) -> None:
    with pytest.raises(QueryError, match="is not a nine-digit MMSI") as raised:
        make_query("Ocean Star", mmsi=written)
    assert raised.value.field == "mmsi"
