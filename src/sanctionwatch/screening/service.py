"""Screening as the CLI and the API call it: open the index once, answer many queries."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from sanctionwatch.lists.store import Store
from sanctionwatch.screening.batch import BatchQuery
from sanctionwatch.screening.index import load_index
from sanctionwatch.screening.matcher import DEFAULT_LIMIT, DEFAULT_THRESHOLD, Matcher
from sanctionwatch.screening.query import Query


def open_matcher(store: Store) -> Matcher:
    """A matcher over the store's lists (the index is cached beside the store)."""
    return Matcher(load_index(store))


def screen_one(
    matcher: Matcher, query: Query, threshold: float = DEFAULT_THRESHOLD, limit: int = DEFAULT_LIMIT
) -> dict[str, Any]:
    """``{"query": ..., "matches": [...]}`` for one query."""
    matches = matcher.screen(query, threshold, limit)
    return {"query": query.as_dict(), "matches": [match.as_dict() for match in matches]}


def screen_batch(
    matcher: Matcher,
    queries: Iterable[BatchQuery],
    threshold: float = DEFAULT_THRESHOLD,
    limit: int = DEFAULT_LIMIT,
) -> dict[str, Any]:
    """``{"results": [{"id", "query", "matches"}, ...]}`` in input order."""
    results = []
    for item in queries:
        result = screen_one(matcher, item.query, threshold, limit)
        results.append({"id": item.id, **result})
    return {"results": results}


CSV_COLUMNS = (
    "id",
    "query_name",
    "rank",
    "entity_id",
    "name",
    "schema",
    "score",
    "refs",
    "lists",
    "matched_name",
)


def write_results_csv(results: dict[str, Any], handle: TextIO) -> None:
    """One row per match (one empty row for a query with none), in input order."""
    writer = csv.writer(handle)
    writer.writerow(CSV_COLUMNS)
    for result in results["results"]:
        name = result["query"].get("name", "")
        if not result["matches"]:
            writer.writerow([result["id"], name, "", "", "", "", "", "", "", ""])
        for rank, match in enumerate(result["matches"], start=1):
            writer.writerow(
                [
                    result["id"],
                    name,
                    rank,
                    match["entity_id"],
                    match["name"],
                    match["schema"],
                    match["score"],
                    ";".join(match["refs"]),
                    ";".join(match["lists"]),
                    match["matched_name"],
                ]
            )


def write_results_file(results: dict[str, Any], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        write_results_csv(results, handle)
