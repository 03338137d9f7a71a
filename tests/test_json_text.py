"""``json_text.dumps`` writes what ``json.dumps(..., ensure_ascii=False, indent=2, default=str)``
writes, byte for byte: the commands' JSON output must not change with the faster writer."""

from __future__ import annotations

import enum
import json
from collections import Counter, OrderedDict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sanctionwatch.json_text import dumps


def _standard(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)


class Level(enum.IntEnum):
    HIGH = 3


class Label(str):
    pass


LEAVES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats()  # NaN and the infinities too
    | st.text()  # control characters, quotes, backslashes, every plane, lone surrogates
    | st.sampled_from([Level.HIGH, Label("x\n"), Path("/tmp/a b"), datetime(2024, 6, 1, tzinfo=UTC)])
)
KEYS = st.text() | st.integers() | st.floats() | st.booleans() | st.none()
VALUES = st.recursive(
    LEAVES,
    lambda children: (
        st.lists(children, max_size=5)
        | st.lists(children, max_size=3).map(tuple)
        | st.dictionaries(KEYS, children, max_size=5)
        | st.dictionaries(st.text(), children, max_size=3).map(OrderedDict)
    ),
    max_leaves=40,
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(VALUES)
def test_the_same_text_as_the_standard_library(value: Any) -> None:
    assert dumps(value) == _standard(value)


def test_empty_containers_nesting_and_counters() -> None:
    value = {"a": [], "b": {}, "c": [[], [{}], ({"d": ()},)], "e": Counter({"x": 2}), 1.5: [None]}
    assert dumps(value) == _standard(value)


def test_a_key_json_cannot_write_is_the_same_error() -> None:
    with pytest.raises(TypeError, match="keys must be str, int, float, bool or None, not tuple"):
        _standard({(1, 2): 0})
    with pytest.raises(TypeError, match="keys must be str, int, float, bool or None, not tuple"):
        dumps({(1, 2): 0})
