"""When a name is outweighed: the one rule, used by screening, list linking and AIS flagging.

A vessel keeps its IMO number for life and its MMSI while it keeps its flag, but changes its name
at will, and a former name often passes to another ship. So two vessels whose IMO numbers (or
MMSIs) are both known and differ are two vessels, whatever their names: the US vessel EXPLORER
(IMO 8950463) is not the tanker HERBY ex-EXPLORER (IMO 9362059).
"""

from __future__ import annotations

from collections.abc import Iterable


def _known(values: Iterable[str | None]) -> set[str]:
    return {value for value in values if value}


def identity_conflict(
    left_imo: Iterable[str | None],
    right_imo: Iterable[str | None],
    left_mmsi: Iterable[str | None] = (),
    right_mmsi: Iterable[str | None] = (),
) -> str | None:
    """Why the two sides are different vessels (their IMO numbers, or else their MMSIs, are known
    on both sides and none is shared), or None when nothing contradicts."""
    left, right = _known(left_imo), _known(right_imo)
    if left and right:
        return (
            None if left & right else f"IMO {', '.join(sorted(left))} is not IMO {', '.join(sorted(right))}"
        )
    left, right = _known(left_mmsi), _known(right_mmsi)
    if left and right and not left & right:
        return f"MMSI {'/'.join(sorted(left))} is not MMSI {'/'.join(sorted(right))}"
    return None
