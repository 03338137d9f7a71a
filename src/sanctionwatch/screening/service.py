"""Screening as the CLI and the API call it: open the index once, answer many queries."""

from __future__ import annotations

import csv
import multiprocessing
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from sanctionwatch.screening.batch import BatchQuery
from sanctionwatch.screening.index import Subject, load_index
from sanctionwatch.screening.matcher import (
    DEFAULT_LIMIT,
    DEFAULT_THRESHOLD,
    MATERIALISE_AFTER,
    Match,
    Matcher,
)
from sanctionwatch.screening.query import Query

if TYPE_CHECKING:
    from sanctionwatch.lists.store import Store


def open_matcher(store: Store) -> Matcher:
    """A matcher over the store's lists (the index is cached beside the store)."""
    return Matcher(load_index(store))


def screen_one(
    matcher: Matcher, query: Query, threshold: float = DEFAULT_THRESHOLD, limit: int = DEFAULT_LIMIT
) -> dict[str, Any]:
    """``{"query": ..., "matches": [...]}`` for one query."""
    matches = matcher.screen(query, threshold, limit)
    return {"query": query.as_dict(), "matches": [match.as_dict() for match in matches]}


#: Below this many queries a batch runs in this process: forking costs more than it saves.
PARALLEL_FROM = 2000
_worker_matcher: Matcher | None = None


def _screen_chunk(arguments: tuple[list[BatchQuery], float, int]) -> list[dict[str, Any]]:
    chunk, threshold, limit = arguments
    assert _worker_matcher is not None
    return [{"id": item.id, **screen_one(_worker_matcher, item.query, threshold, limit)} for item in chunk]


def screen_batch(
    matcher: Matcher,
    queries: Iterable[BatchQuery],
    threshold: float = DEFAULT_THRESHOLD,
    limit: int = DEFAULT_LIMIT,
    workers: int | None = None,
) -> dict[str, Any]:
    """``{"results": [{"id", "query", "matches"}, ...]}`` in input order.

    Large batches are split over one process per CPU; the workers are forked, so they share the
    index with this process instead of loading it again."""
    global _worker_matcher
    items = list(queries)
    if len(items) >= MATERIALISE_AFTER:
        matcher.index.materialise()  # once, before the workers fork and share it
    workers = workers or os.cpu_count() or 1
    _worker_matcher = matcher
    if workers < 2 or len(items) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return {"results": _screen_chunk((items, threshold, limit))}
    size = -(-len(items) // (workers * 4))
    chunks = [(items[i : i + size], threshold, limit) for i in range(0, len(items), size)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        parts = pool.map(_screen_chunk, chunks)
    return {"results": [result for part in parts for result in part]}


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
    "error",
)


def write_results_csv(results: dict[str, Any], handle: TextIO) -> None:
    """One row per match (one row with no match for a query with none), in input order, then one
    row per input row that could not be screened, saying why in ``error``: a results file kept
    as a record shows every row it was given, not only those screened."""
    writer = csv.writer(handle)
    writer.writerow(CSV_COLUMNS)
    for result in results["results"]:
        name = result["query"].get("name", "")
        if not result["matches"]:
            writer.writerow([result["id"], name, "", "", "", "", "", "", "", "", ""])
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
                    "",
                ]
            )
    for error in results.get("errors", []):
        where = f"line {error['line']}" + (f", {error['field']}" if error["field"] else "")
        message = f"not screened: {where}: {error['message']}"
        writer.writerow([error["id"], error["name"], "", "", "", "", "", "", "", "", message])


def write_results_file(results: dict[str, Any], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        write_results_csv(results, handle)


def screen_where(
    matcher: Matcher, query: Query, threshold: float, keep: Callable[[Subject], bool]
) -> list[Match]:
    """Every match at or above ``threshold`` whose subject ``keep`` accepts, best first.

    The filter applies before any limit, so a subject filtered out (another list, another
    schema) never takes the place of one that is kept."""
    matches = matcher.screen(query, threshold, limit=len(matcher.index.subjects))
    return [match for match in matches if keep(match.subject)]
