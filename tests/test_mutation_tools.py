"""The tools that turn mutmut's verdicts into the figures of docs/testing.md (issue 27).

A mutant is left out of a score only when ``tests.mutation_equivalence`` proves it equivalent, so
its checks must refuse what is not: a changed SQL string literal, a change that is not one of case,
a changed alias (DuckDB keeps an alias's case in the column names the engine reads rows by).
"""

from __future__ import annotations

import ast
import copy
from pathlib import Path

import pytest

from tests.mutation_equivalence import SOURCE, case_only_in_sql, case_only_in_syntax, equivalent_mutants
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


def _mutants_file(tmp_path: Path, functions: dict[str, ast.FunctionDef]) -> Path:
    """A mutants file in mutmut's naming (``x_<function>__mutmut_orig`` and ``__mutmut_<n>``)."""
    nodes = []
    for name, node in functions.items():
        renamed = copy.deepcopy(node)
        renamed.name = name
        nodes.append(renamed)
    path = tmp_path / "mutants.py"
    path.write_text(ast.unparse(ast.fix_missing_locations(ast.Module(body=nodes, type_ignores=[]))))
    return path


def _with_literal(node: ast.FunctionDef, old: str, new: str) -> ast.FunctionDef:
    changed = copy.deepcopy(node)
    hits = [c for c in ast.walk(changed) if isinstance(c, ast.Constant) and c.value == old]
    assert len(hits) == 1, f"{old!r} is not one literal of {node.name}"
    hits[0].value = new
    return changed


def test_the_proof_accepts_a_case_change_that_reaches_the_sql_and_refuses_one_that_does_not(
    tmp_path: Path,
) -> None:
    """A literal that no statement the proof builds contains could be used anywhere (a column read
    by name in Python, a dictionary key), so a case change in it is never taken as equivalent."""
    source_text = SOURCE.read_text() + '\n\ndef column_of_mmsi() -> str:\n    return "mmsi"\n'
    source = tmp_path / "detections.py"
    source.write_text(source_text)
    functions = {n.name: n for n in ast.parse(source_text).body if isinstance(n, ast.FunctionDef)}
    window = "PARTITION BY mmsi ORDER BY t, lat, lon"
    mutants = _mutants_file(
        tmp_path,
        {
            "x_track__mutmut_orig": functions["track"],
            "x_track__mutmut_1": _with_literal(functions["track"], window, window.lower()),
            "x_column_of_mmsi__mutmut_orig": functions["column_of_mmsi"],
            "x_column_of_mmsi__mutmut_1": _with_literal(functions["column_of_mmsi"], "mmsi", "MMSI"),
        },
    )
    found = equivalent_mutants(mutants_file=mutants, source=source)
    assert set(found) == {"sanctionwatch.maritime.detections.x_track__mutmut_1"}
