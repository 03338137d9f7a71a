"""Which mutants of ``maritime/detections.py`` are equivalent: a letter-case change in SQL text.

mutmut turns every plain string literal into its lower- and upper-case forms. ``detections.py``
builds SQL, and its short literals are SQL names (``"g.lat"``, ``"visits"``, the window
``"PARTITION BY mmsi ORDER BY t, lat, lon"``). DuckDB, and Spark SQL with its default
``spark.sql.caseSensitive=false``, resolve unquoted names and keywords without regard to case, so no
input can tell such a mutant from the original: it cannot be killed, and counting it as a survivor
says nothing about the tests. This module proves equivalence mutant by mutant instead of assuming
it; a mutant is excluded from the score only when all of these hold:

1. Syntax: the mutant's function is the original's except for string literals, and each changed
   literal equals the original ignoring letter case and holds no quote character (so it is not,
   and does not open or close, an SQL string literal or a quoted identifier).
2. SQL text: with the mutant function put in place of the original (in a fresh copy of the
   module), every stage and query the module builds (``stages``, ``queries`` and the engines' other
   statement, ``repeated_positions``) differs from the original's only in the case of letters, no
   differing letter lies inside a single-quoted SQL literal, and at least one differs: a changed
   literal that reaches none of them (a Python dictionary key, a column read by name in Python,
   a function no statement calls) is used somewhere this proof does not look, so it proves nothing.
3. Result shape: DuckDB gives every stage and query the same column names, in the same order, as
   the original (the engine reads rows by the names in ``cursor.description``, and DuckDB keeps the
   case an alias is written in, so a case change in an alias would change behaviour).

Anything else (an ``"XX...XX"`` literal, a number, an operator) is never excluded. Usage, in the
scratch copy after ``mutmut run`` (docs/testing.md):

    python -m tests.mutation_equivalence [sample.txt]  # equivalent mutants, the score with and without
"""

from __future__ import annotations

import ast
import copy
import json
import re
import sys
from pathlib import Path
from typing import Any

MODULE = "sanctionwatch.maritime.detections"
SOURCE = Path("src/sanctionwatch/maritime/detections.py")
MUTANTS_FILE = Path("mutants") / SOURCE
_NAME = re.compile(r"^x_(?P<func>\w+?)__mutmut_(?P<n>\d+)$")


def _strings_lowered(node: ast.AST) -> str:
    lowered = copy.deepcopy(node)
    for child in ast.walk(lowered):
        if isinstance(child, ast.Constant) and isinstance(child.value, str):
            child.value = child.value.lower()
    return ast.dump(lowered)


def _changed_strings(original: ast.AST, mutant: ast.AST) -> list[tuple[str, str]]:
    """The string constants that differ, pairwise (the trees have the same shape: checked first)."""
    pairs = []
    for a, b in zip(ast.walk(original), ast.walk(mutant), strict=True):
        if isinstance(a, ast.Constant) and isinstance(b, ast.Constant) and a.value != b.value:
            assert isinstance(a.value, str) and isinstance(b.value, str)
            pairs.append((a.value, b.value))
    return pairs


def case_only_in_syntax(original: ast.FunctionDef, mutant: ast.FunctionDef) -> bool:
    """Condition 1: only string literals changed, each only in letter case, none holding a quote."""
    body_a = ast.Module(body=original.body, type_ignores=[])
    body_b = ast.Module(body=mutant.body, type_ignores=[])
    if ast.dump(body_a) == ast.dump(body_b) or _strings_lowered(body_a) != _strings_lowered(body_b):
        return False
    pairs = _changed_strings(body_a, body_b)
    return bool(pairs) and all(a.lower() == b.lower() and not set("'\"`") & set(a + b) for a, b in pairs)


def _build(
    source_tree: ast.Module, replacement: ast.FunctionDef | None
) -> tuple[dict[str, str], dict[str, str]]:
    """Stages and queries of a fresh copy of the module, one function replaced."""
    tree = copy.deepcopy(source_tree)
    if replacement is not None:
        tree.body = [
            replacement if isinstance(node, ast.FunctionDef) and node.name == replacement.name else node
            for node in tree.body
        ]
    namespace: dict[str, Any] = {"__name__": MODULE + "_equivalence_copy"}
    exec(compile(tree, str(SOURCE), "exec"), namespace)  # noqa: S102 - our own source, one function swapped
    from sanctionwatch.maritime.config import DetectionConfig

    config = DetectionConfig()
    queries = namespace["queries"](config)
    queries["repeated_positions"] = namespace["repeated_positions"]()
    return namespace["stages"](config), queries


def _quoted_spans(sql: str) -> list[tuple[int, int]]:
    return [match.span() for match in re.finditer(r"'(?:[^']|'')*'", sql)]


def case_only_in_sql(original: str, mutant: str) -> bool:
    """Condition 2 for one statement."""
    if len(original) != len(mutant) or original.lower() != mutant.lower():
        return False
    spans = _quoted_spans(original)
    return not any(
        start <= i < end
        for i, (a, b) in enumerate(zip(original, mutant, strict=True))
        if a != b
        for start, end in spans
    )


def _columns(stages: dict[str, str], queries: dict[str, str]) -> dict[str, list[str]]:
    """Condition 3: each stage's and query's column names, on empty positions and the real ports."""
    import duckdb

    from sanctionwatch.maritime.config import DetectionConfig
    from sanctionwatch.maritime.detect import reference_tables
    from sanctionwatch.maritime.positions import position_schema

    con = duckdb.connect()
    try:
        con.register("positions", position_schema().empty_table())
        for name, table in reference_tables(DetectionConfig()).items():
            table.create(con, name)
        columns = {}
        for name, sql in stages.items():
            columns[name] = [
                column[0] for column in con.execute(f"SELECT * FROM ({sql}) LIMIT 0").description
            ]
            con.execute(f"CREATE TEMP TABLE {name} AS {sql}").fetchall()
        for name, sql in queries.items():
            columns[name] = [column[0] for column in con.execute(sql).description]
        return columns
    finally:
        con.close()


def equivalent_mutants(mutants_file: Path = MUTANTS_FILE, source: Path = SOURCE) -> dict[str, str]:
    """Each provably equivalent mutant's mutmut name, with the literal it changed."""
    source_tree = ast.parse(source.read_text())
    functions = {
        node.name: node
        for node in ast.walk(ast.parse(mutants_file.read_text()))
        if isinstance(node, ast.FunctionDef)
    }
    reference = _build(source_tree, None)
    reference_columns = _columns(*reference)
    found = {}
    for name, mutant in functions.items():
        match = _NAME.match(name)
        if not match:
            continue
        original = functions.get(f"x_{match['func']}__mutmut_orig")
        if original is None or not case_only_in_syntax(original, mutant):
            continue
        renamed = copy.deepcopy(mutant)
        renamed.name = match["func"]
        built = _build(source_tree, renamed)
        same_text = all(
            case_only_in_sql(reference[i][key], built[i][key]) and reference[i].keys() == built[i].keys()
            for i in (0, 1)
            for key in reference[i]
        )
        reaches_sql = any(reference[i][key] != built[i][key] for i in (0, 1) for key in reference[i])
        if same_text and reaches_sql and _columns(*built) == reference_columns:
            changed = _changed_strings(
                ast.Module(body=original.body, type_ignores=[]), ast.Module(body=mutant.body, type_ignores=[])
            )
            found[f"{MODULE}.{name}"] = "; ".join(f"{a!r} -> {b!r}" for a, b in changed)
    return found


def main(argv: list[str] | None = None) -> int:
    """Both figures, over every mutant or over the sample named in a file (one name a line);
    equivalent mutants need not have been run: they count as not killed in the first figure."""
    from mutmut.stats import status_by_exit_code

    from tests.mutation_sample import wilson

    args = sys.argv[1:] if argv is None else argv
    equivalent = equivalent_mutants()
    meta = json.loads((Path("mutants") / (str(SOURCE) + ".meta")).read_text())
    codes = meta["exit_code_by_key"]
    names = Path(args[0]).read_text().split() if args else sorted(codes)
    verdicts = {name: status_by_exit_code[codes.get(name)] for name in names}
    for name in sorted(set(names) & set(equivalent)):
        print(f"equivalent\t{verdicts[name]}\t{name}\t{equivalent[name]}")
    rest = {name: status for name, status in verdicts.items() if name not in equivalent}
    for label, counted in (
        ("all mutants", verdicts),
        (f"without the {len(verdicts) - len(rest)} equivalent", rest),
    ):
        killed = sum(status == "killed" for status in counted.values())
        low, high = wilson(killed, len(counted))
        print(
            f"{label}: {killed} of {len(counted)} killed ({killed / len(counted):.1%}), "
            f"95% interval [{low:.1%}, {high:.1%}]"
        )
    for name, status in sorted(rest.items()):
        if status != "killed":
            print(f"{status}\t{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
