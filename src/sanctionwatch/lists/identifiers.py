"""Identifiers that decide matches: IMO ship numbers (with their check digit) and MMSIs."""

from __future__ import annotations

import re

_IMO = re.compile(r"(?<!\d)(\d{7})(?!\d)")


def imo_is_valid(number: str) -> bool:
    """The seven-digit IMO number's last digit is the checksum of the first six."""
    if len(number) != 7 or not number.isdigit() or number == "0000000":
        return False
    total = sum(int(digit) * weight for digit, weight in zip(number[:6], range(7, 1, -1), strict=True))
    return total % 10 == int(number[6])


def clean_imo(text: str | int | None) -> str | None:
    """The IMO number written in ``text`` ("IMO 9179842", "IMO9179842", "9179842"), if valid."""
    if text is None:
        return None
    match = _IMO.search(str(text))
    if match and imo_is_valid(match.group(1)):
        return match.group(1)
    return None


def find_imo(text: str | int | None) -> str | None:
    """The seven digits written as an IMO number in ``text``, valid or not."""
    if text is None:
        return None
    match = _IMO.search(str(text))
    return match.group(1) if match else None
