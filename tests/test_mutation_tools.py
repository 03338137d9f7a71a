"""The tools that turn mutmut's verdicts into the figures of docs/testing.md (issue 27).

A mutant is left out of a score only when ``tests.mutation_equivalence`` proves it equivalent, so
its checks must refuse what is not: a changed SQL string literal, a change that is not one of case,
a changed alias (DuckDB keeps an alias's case in the column names the engine reads rows by).
"""

from __future__ import annotations

import ast

import pytest

from tests.mutation_equivalence import case_only_in_sql, case_only_in_syntax
from tests.mutation_sample import draw, wilson


def _function(source: str) -> ast.FunctionDef:
    node = ast.parse(source).body[0]
    assert isinstance(node, ast.FunctionDef)
    return node


ORIGINAL = 'def f(c):\n    return g("a.lat", "p.port_lat") + f"x {c.k * 1000}"\n'


@pytest.mark.parametrize(
    ("mutant", "equivalent"),
    [
        ('def f(c):\n    return g("A.LAT", "p.port_lat") + f"x {c.k * 1000}"\n', True),
        ('def f(c):\n    return g("a.lat", "P.PORT_LAT") + f"x {c.k * 1000}"\n', True),
        ('def f(c):\n    return g("XXa.latXX", "p.port_lat") + f"x {c.k * 1000}"\n', False),
        ('def f(c):\n    return g("a.lat", "p.port_lat") + f"x {c.k / 1000}"\n', False),
        ('def f(c):\n    return g("a.lat", None) + f"x {c.k * 1000}"\n', False),
        ('def f(c):\n    return g("a.lat", "p.port_lat") + f"x {c.k * 1000}"\n', False),  # unchanged
    ],
)
def test_only_a_change_of_letter_case_in_string_literals_passes_the_syntax_check(
    mutant: str, equivalent: bool
) -> None:
    assert case_only_in_syntax(_function(ORIGINAL), _function(mutant)) is equivalent


def test_a_literal_holding_a_quote_is_never_taken_as_a_name() -> None:
    original = _function("def f():\n    return \"flag = 'kp'\"\n")
    mutant = _function("def f():\n    return \"FLAG = 'KP'\"\n")
    assert not case_only_in_syntax(original, mutant)


def test_sql_text_may_differ_in_the_case_of_names_and_keywords_only() -> None:
    sql = "SELECT r.lat FROM rows r WHERE r.flag = 'KP'"
    assert case_only_in_sql(sql, "select R.LAT from ROWS r where r.flag = 'KP'")
    assert not case_only_in_sql(sql, "SELECT r.lat FROM rows r WHERE r.flag = 'kp'")  # a value
    assert not case_only_in_sql(sql, "SELECT r.lon FROM rows r WHERE r.flag = 'KP'")


def test_the_wilson_interval_matches_the_textbook_figures() -> None:
    # 80 of 100: centre (0.8 + 1.96^2/200) / (1 + 1.96^2/100) = 0.7889, half-width
    # 1.96 * sqrt(0.8 * 0.2 / 100 + 1.96^2 / 40000) / 1.0384 = 0.0777, worked by hand
    low, high = wilson(80, 100)
    assert round(low, 3) == 0.711 and round(high, 3) == 0.867
    assert wilson(0, 10)[0] == pytest.approx(0.0, abs=1e-12) and wilson(10, 10)[1] == pytest.approx(1.0)


def test_a_seed_draws_the_same_uniform_sample_whatever_order_the_names_came_in() -> None:
    names = [f"m{i:03d}" for i in range(500)]
    first = draw(sorted(names), seed=27, size=50)
    assert first == draw(sorted(reversed(names)), seed=27, size=50)
    assert len(set(first)) == 50 and first == sorted(first)
    assert first != draw(sorted(names), seed=28, size=50)
