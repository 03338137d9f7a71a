"""Every answer of the screening path, written out to compare two versions of the code.

For each query of the benchmark's OpenSanctions fixtures (both positive sets and both negative
sets, built as ``benchmarks/screening.py`` builds them) and of the evaluation set
(``screening_eval/queries.csv``), one JSON line: the query, then every match with its subject,
its exact score (``repr``, not rounded), matched name and explanation. Two runs of different code
must give the same bytes (``cmp``). Run with ``PYTHONHASHSEED=0`` on both sides: an
organisation's word score sums floats over sets, whose order follows the string hash.

    PYTHONHASHSEED=0 python benchmarks/screening_reference.py --db /tmp/ref.duckdb out.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from sanctionwatch.lists.bundled import load_bundled  # noqa: E402
from sanctionwatch.lists.store import Store  # noqa: E402
from sanctionwatch.screening.index import load_index  # noqa: E402
from sanctionwatch.screening.matcher import Matcher  # noqa: E402
from sanctionwatch.screening.query import Query, make_query  # noqa: E402
from screening import fixture_query, read_eval  # noqa: E402
from screening_fixtures import map_positives, read_set  # noqa: E402

FIXTURE_SETS = (
    "positives_un_untreated.csv",
    "positives_un_treated.csv",
    "negatives_global.csv",
    "negatives_us.csv",
)


def all_queries() -> list[tuple[str, Query]]:
    """(label, query) for every fixture query, then every evaluation-set query."""
    refs, _ = map_positives()
    found: list[tuple[str, Query]] = []
    for name in FIXTURE_SETS:
        items = read_set(name, refs) if name.startswith("positives") else read_set(name)
        found += [(name, fixture_query(item)[0]) for item in items]
    for row in read_eval():
        query = make_query(row["name"], row["type"], row["imo"], row["dob"], row["country"])
        found.append(("queries.csv", query))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--db", type=Path, required=True, help="a store (filled with the bundled lists if new)"
    )
    parser.add_argument("output", type=Path)
    args = parser.parse_args()
    fresh = not args.db.exists()
    store = Store(args.db)
    if fresh:
        load_bundled(store)
    matcher = Matcher(load_index(store))
    queries = all_queries()
    with args.output.open("w", encoding="utf-8") as out:
        for label, query in queries:
            matches = [
                {
                    "subject": match.subject.id,
                    "refs": match.subject.refs,
                    "score": repr(match.score),
                    "matched_name": match.matched_name,
                    "explanation": match.explanation,
                }
                for match in matcher.screen(query)
            ]
            line = {"set": label, "query": query.as_dict(), "matches": matches}
            out.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
    store.close()
    print(f"{len(queries)} queries written to {args.output}")


if __name__ == "__main__":
    main()
