"""The evaluation set in benchmarks/: recall and false positives at the default threshold."""

from __future__ import annotations

import csv
from pathlib import Path

from sanctionwatch.screening.matcher import Matcher
from sanctionwatch.screening.query import make_query

QUERIES = Path(__file__).parents[2] / "benchmarks" / "screening_eval" / "queries.csv"


def test_recall_and_false_positive_rate(matcher: Matcher) -> None:
    with QUERIES.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    positives = [r for r in rows if r["expected"]]
    negatives = [r for r in rows if not r["expected"]]
    assert len(positives) >= 300 and len(negatives) >= 200

    def matches(row: dict[str, str]) -> list[set[str]]:
        query = make_query(row["name"], row["type"], row["imo"], row["dob"], row["country"])
        return [set(m.subject.refs) for m in matcher.screen(query)]

    found = sum(any(r["expected"] in refs for refs in matches(r)) for r in positives)
    false = sum(bool(matches(r)) for r in negatives)
    assert found / len(positives) >= 0.97
    assert false / len(negatives) <= 0.01
