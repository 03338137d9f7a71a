"""yente's scale: our threshold is theirs, the same name stays 1.0, order is kept."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sanctionwatch.screening.matcher import DEFAULT_THRESHOLD
from sanctionwatch.screening.scale import YENTE_THRESHOLD, from_yente, to_yente


def test_fixed_points() -> None:
    assert to_yente(1.0) == 1.0 and to_yente(0.0) == 0.0
    assert to_yente(DEFAULT_THRESHOLD) == YENTE_THRESHOLD
    assert to_yente(0.72) < YENTE_THRESHOLD  # two names a letter apart stay below a match


def test_a_score_outside_zero_to_one_is_held_at_the_ends() -> None:
    # a client's cutoff of 1.5 or -1 means "only the same name" and "everything", as 1 and 0 do
    assert to_yente(1.5) == to_yente(1.0) == 1.0 and to_yente(-0.5) == 0.0
    assert from_yente(1.5) == from_yente(1.0) == 1.0 and from_yente(-0.5) == 0.0


@given(st.floats(0, 1), st.floats(0, 1))
def test_order_kept_and_inverse(a: float, b: float) -> None:
    if a < b:
        assert to_yente(a) <= to_yente(b)
    assert abs(from_yente(to_yente(a)) - a) < 1e-9
