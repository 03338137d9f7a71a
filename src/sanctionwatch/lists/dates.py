"""Birth dates as the lists write them, turned into partial ISO dates (YYYY, YYYY-MM, YYYY-MM-DD)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_EXCEL_EPOCH = date(1899, 12, 30)
_DMY_TEXT = re.compile(r"\b(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{4})\b")
_MY_TEXT = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{4})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_SLASHED = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_RANGE = re.compile(r"\b(\d{4})\s*(?:-|to|–)\s*(\d{4})\b")
_YEAR = re.compile(r"\b(1[89]\d{2}|20\d{2})\b")
#: A range wider than this is not a birth date but noise; keep its ends only.
MAX_RANGE_YEARS = 12


def excel_serial(serial: float) -> str:
    """An Excel date serial (days since 1899-12-30) as an ISO date."""
    return (_EXCEL_EPOCH + timedelta(days=int(serial))).isoformat()


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def year_range(start: int, end: int) -> list[str]:
    """Every year from ``start`` to ``end``; the ends only when the range is implausibly wide."""
    if end < start:
        start, end = end, start
    if end - start > MAX_RANGE_YEARS:
        return [str(start), str(end)]
    return [str(year) for year in range(start, end + 1)]


def parse_dates(value: object) -> list[str]:
    """Every birth date written in one field, as partial ISO dates, in the order written."""
    if value is None:
        return []
    if isinstance(value, datetime):
        return [value.date().isoformat()]
    if isinstance(value, date):
        return [value.isoformat()]
    if isinstance(value, int | float):
        if float(value).is_integer() and 1800 <= value <= 2100:
            return [str(int(value))]  # a bare year typed into the cell, not a date serial
        return [excel_serial(value)] if 1 < value < 80000 else []
    text = str(value).strip()
    if not text:
        return []
    if text.isdigit() and len(text) in (4, 5) and not text.startswith(("18", "19", "20")):
        return [excel_serial(int(text))]
    found: list[str] = []
    consumed = text
    for pattern, build in (
        (_ISO, lambda m: _iso(int(m[1]), int(m[2]), int(m[3]))),
        (_SLASHED, _slashed),
        (_DMY_TEXT, _dmy_text),
    ):
        for match in pattern.finditer(consumed):
            iso = build(match)
            if iso:
                found.append(iso)
        consumed = pattern.sub(" ", consumed)
    for match in _MY_TEXT.finditer(consumed):
        month = MONTHS.get(match[1].casefold())
        if month:
            found.append(f"{match[2]}-{month:02d}")
    consumed = _MY_TEXT.sub(lambda m: " " if MONTHS.get(m[1].casefold()) else m[0], consumed)
    for match in _RANGE.finditer(consumed):
        found.extend(year_range(int(match[1]), int(match[2])))
    consumed = _RANGE.sub(" ", consumed)
    found.extend(match[1] for match in _YEAR.finditer(consumed))
    return list(dict.fromkeys(found))


def _slashed(match: re.Match[str]) -> str | None:
    """dd/mm/yyyy, where 00 stands for an unknown day or month (UK list)."""
    day, month, year = int(match[1]), int(match[2]), int(match[3])
    if month == 0:
        return str(year)
    if day == 0:
        return f"{year}-{month:02d}"
    return _iso(year, month, day)


def _dmy_text(match: re.Match[str]) -> str | None:
    month = MONTHS.get(match[2].casefold())
    return _iso(int(match[3]), month, int(match[1])) if month else None


def dates_compatible(left: str, right: str, tolerance_days: int = 1) -> bool:
    """The two partial dates can be the same day.

    Full dates may differ by ``tolerance_days``: the UN XML gives several DPRK birth dates one
    day earlier than the other lists do. A partial date agrees with any date it is a prefix of.
    """
    if len(left) == 10 and len(right) == 10:
        delta = date.fromisoformat(left) - date.fromisoformat(right)
        return abs(delta.days) <= tolerance_days
    shorter = min(len(left), len(right))
    return left[:shorter] == right[:shorter]
