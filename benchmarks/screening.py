"""Screening benchmark: sanctionwatch against nomenklatura's logic-v2 (OpenSanctions' matcher).

Both run in this one process on the same bundled lists and the same evaluation set, each timed on
one pass over queries it has not seen (a second pass over the same queries flatters logic-v2,
whose caches remember them, more than sanctionwatch)
(benchmarks/screening_eval/queries.csv). logic-v2 scores what a yente-style blocking step hands it:
the 50 entities that share the most rare name words (or the IMO number) with the query, as yente
asks Elasticsearch for limit x 10 candidates. Needs the benchmark extra:

    pip install -e '.[benchmark]'
    python benchmarks/screening.py [--nomenklatura-sample N]
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import re
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from sanctionwatch.lists.bundled import load_bundled
from sanctionwatch.lists.export import export_ftm
from sanctionwatch.lists.store import Store
from sanctionwatch.names.normalize import tokens
from sanctionwatch.screening.index import load_index
from sanctionwatch.screening.matcher import DEFAULT_THRESHOLD, Matcher
from sanctionwatch.screening.query import make_query

QUERIES = Path(__file__).parent / "screening_eval" / "queries.csv"
SCHEMA = {"person": "Person", "organization": "Organization", "vessel": "Vessel", "any": "LegalEntity"}
CANDIDATES = 50
console = Console()


def read_queries() -> list[dict[str, str]]:
    with QUERIES.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def score(rows: list[dict[str, str]], hits: list[list[set[str]]]) -> dict[str, float]:
    """Recall on positives, false-positive rate on negatives, over matches at the threshold."""
    found = missed = false = negatives = 0
    for row, matches in zip(rows, hits, strict=True):
        if row["expected"]:
            if any(row["expected"] in refs for refs in matches):
                found += 1
            else:
                missed += 1
        else:
            negatives += 1
            false += bool(matches)
    return {
        "recall": found / max(1, found + missed),
        "fpr": false / max(1, negatives),
        "positives": found + missed,
        "negatives": negatives,
    }


def batch_throughput(store: Store, rows: list[dict[str, str]], size: int = 10_000) -> float:
    """Queries per second for a batch of ``size`` distinct names, through the batch service."""
    from sanctionwatch.screening.batch import BatchQuery
    from sanctionwatch.screening.service import screen_batch

    matcher = Matcher(load_index(store))
    forms = (
        str,
        str.upper,
        str.lower,
        lambda n: " ".join(reversed(n.split())),
        lambda n: f"Mr {n}",
        lambda n: f"{n} Co",
        lambda n: n.replace(" ", "-"),
        lambda n: f"{n} Ltd",
    )
    names = list(dict.fromkeys(form(r["name"]) for form in forms for r in rows if r["name"]))[:size]
    queries = [BatchQuery(str(i), make_query(name)) for i, name in enumerate(names)]
    started = time.perf_counter()
    results = screen_batch(matcher, queries)
    assert len(results["results"]) == len(queries)
    return len(queries) / (time.perf_counter() - started)


def run_sanctionwatch(store: Store, rows: list[dict[str, str]]) -> tuple[list[list[set[str]]], float]:
    matcher = Matcher(load_index(store))
    queries = [make_query(r["name"], r["type"], r["imo"], r["dob"], r["country"]) for r in rows]
    started = time.perf_counter()
    results = [matcher.screen(query) for query in queries]
    seconds = time.perf_counter() - started
    return [[set(m.subject.refs) for m in result] for result in results], len(rows) / seconds


class Blocker:
    """A stand-in for yente's Elasticsearch step: rare shared name words, or the IMO number."""

    def __init__(self, entities: list[Any]) -> None:
        self.entities = entities
        self.postings: dict[str, list[int]] = defaultdict(list)
        self.imo: dict[str, list[int]] = defaultdict(list)
        for number, entity in enumerate(entities):
            words = {
                w
                for name in entity.get("name") + entity.get("alias") + entity.get("weakAlias")
                for w in tokens(name)
            }
            for word in words:
                self.postings[word].append(number)
            for imo in entity.get("imoNumber", quiet=True):
                self.imo[re.sub(r"\D", "", imo)].append(number)
        self.total = len(entities)

    def candidates(self, name: str, imo: str) -> list[Any]:
        scores: dict[int, float] = defaultdict(float)
        for number in self.imo.get(imo, []):
            scores[number] += 100
        for word in set(tokens(name)):
            ids = self.postings.get(word, [])
            weight = math.log(1 + self.total / (1 + len(ids)))
            for number in ids:
                scores[number] += weight
        best = sorted(scores, key=scores.__getitem__, reverse=True)[:CANDIDATES]
        return [self.entities[number] for number in best]


def run_nomenklatura(store: Store, rows: list[dict[str, str]]) -> tuple[list[list[set[str]]], float]:
    from followthemoney import model
    from nomenklatura.matching import get_algorithm

    algorithm = get_algorithm("logic-v2")
    config = algorithm.default_config()
    entities = []
    for data in export_ftm(store.entities()):
        proxy = model.get_proxy(data)
        proxy.context["referents"] = data["referents"]
        entities.append(proxy)
    blocker = Blocker(entities)
    warm = model.make_entity("Person")
    warm.id = "warm-up"
    warm.add("name", "Kim Jong Un")
    algorithm.compare(warm, entities[0], config)  # loads its name data once, outside the timing
    queries = []
    for number, row in enumerate(rows):
        query = model.make_entity(SCHEMA[row["type"]] if not row["imo"] else "Vessel")
        query.id = f"q{number}"
        if row["name"]:
            query.add("name", row["name"])
        if row["imo"]:
            query.add("imoNumber", row["imo"])
        queries.append((query, row["name"], re.sub(r"\D", "", row["imo"])))
    started = time.perf_counter()
    hits = []
    for query, name, imo in queries:
        matched = []
        for candidate in blocker.candidates(name, imo):
            if not candidate.schema.can_match(query.schema):
                continue
            result = algorithm.compare(query, candidate, config)
            if result.score >= DEFAULT_THRESHOLD:
                matched.append(set(candidate.context["referents"]))
        hits.append(matched)
    seconds = time.perf_counter() - started
    return hits, len(rows) / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description="sanctionwatch vs nomenklatura logic-v2 screening")
    parser.add_argument(
        "--nomenklatura-sample", type=int, default=400, help="queries for logic-v2 (it is slow)"
    )
    args = parser.parse_args()
    rows = read_queries()
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "bench.duckdb")
        load_bundled(store)
        ours, our_qps = run_sanctionwatch(store, rows)
        batch_qps = batch_throughput(store, rows)
        ours_sample_rows = rows
        sample = random.Random(7).sample(range(len(rows)), min(args.nomenklatura_sample, len(rows)))
        sample_rows = [rows[i] for i in sorted(sample)]
        theirs, their_qps = run_nomenklatura(store, sample_rows)
        ours_on_sample = [ours[i] for i in sorted(sample)]
        store.close()
    table = Table(title=f"Screening: {len(rows)} queries ({sum(1 for r in rows if r['expected'])} positive)")
    for column in ("matcher", "queries", "recall", "false-positive rate", "queries/s"):
        table.add_column(column)
    full = score(ours_sample_rows, ours)
    ours_s = score(sample_rows, ours_on_sample)
    theirs_s = score(sample_rows, theirs)
    table.add_row(
        "sanctionwatch (all)",
        str(len(rows)),
        f"{full['recall']:.3f}",
        f"{full['fpr']:.3f}",
        f"{our_qps:,.0f}",
    )
    table.add_row(
        "sanctionwatch (sample)", str(len(sample_rows)), f"{ours_s['recall']:.3f}", f"{ours_s['fpr']:.3f}", ""
    )
    table.add_row(
        "nomenklatura logic-v2 (sample)",
        str(len(sample_rows)),
        f"{theirs_s['recall']:.3f}",
        f"{theirs_s['fpr']:.3f}",
        f"{their_qps:,.1f}",
    )
    console.print(table)
    console.print(f"speed ratio sanctionwatch / logic-v2 (one process each): {our_qps / their_qps:,.0f}x")
    console.print(
        f"batch of 10,000 distinct names through screen --file's service: {batch_qps:,.0f} queries/s"
        f" (all CPUs; {batch_qps / their_qps:,.0f}x logic-v2 on one)"
    )
    by_variation: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row, matches in zip(rows, ours, strict=True):
        if row["expected"]:
            by_variation[row["variation"]][1] += 1
            by_variation[row["variation"]][0] += any(row["expected"] in refs for refs in matches)
    console.print(
        "sanctionwatch recall by variation: "
        + ", ".join(f"{k} {a}/{b}" for k, (a, b) in sorted(by_variation.items()))
    )


if __name__ == "__main__":
    main()
