from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from sanctionwatch.lists.dates import dates_compatible, excel_serial, parse_dates
from sanctionwatch.lists.identifiers import clean_imo, imo_is_valid


@given(st.dates(min_value=date(1906, 1, 1), max_value=date(2030, 12, 31)))
def test_every_written_form_of_a_date_parses_to_it(day: date) -> None:
    iso = day.isoformat()
    month = day.strftime("%b")
    assert parse_dates(iso) == [iso]
    assert parse_dates(f"{day.day:02d} {month} {day.year}") == [iso]
    assert parse_dates(day.strftime("%d/%m/%Y")) == [iso]
    assert parse_dates(excel_serial_of(day)) == [iso]


def excel_serial_of(day: date) -> int:
    return (day - date(1899, 12, 30)).days


def test_partial_and_ranged_dates() -> None:
    assert parse_dates("00/00/1980") == ["1980"]
    assert parse_dates("00/08/1979") == ["1979-08"]
    assert parse_dates("DOB circa 1947") == ["1947"]
    assert parse_dates("a) Approximately 1955- 1958") == ["1955", "1956", "1957", "1958"]
    assert excel_serial(15975) == "1943-09-26"
    assert parse_dates(1948) == ["1948"]  # DFAT types some birth years as numbers


@given(st.dates(min_value=date(1920, 1, 1), max_value=date(2000, 1, 1)), st.integers(-3, 3))
def test_birth_dates_tolerate_one_day(day: date, offset: int) -> None:
    other = day + timedelta(days=offset)
    assert dates_compatible(day.isoformat(), other.isoformat()) == (abs(offset) <= 1)
    assert dates_compatible(day.isoformat(), str(day.year))


@given(st.integers(0, 999_999))
def test_exactly_one_check_digit_is_valid(stem: int) -> None:
    six = f"{stem:06d}"
    valid = [d for d in range(10) if imo_is_valid(f"{six}{d}")]
    assert len(valid) == (0 if six == "000000" else 1)


def test_imo_in_any_written_form() -> None:
    for text in ("IMO 9179842", "IMO9179842", "9179842", "imo: 9179842."):
        assert clean_imo(text) == "9179842"
    assert clean_imo("IMO 9179843") is None
