"""Screening benchmark: sanctionwatch beside nomenklatura's logic-v2 (OpenSanctions' matcher),
in one process, on the same bundled lists and the same queries.

Two sets of queries:

1. OpenSanctions' own screening fixtures (benchmarks/screening_fixtures.py): UN-listed people as
   listed and with typos and reshuffles (name, birth date and nationality given, as a screener
   gives them), and 2 x 50,000 synthetic people on no list. A positive is found when the top match
   carries the person's UN reference (directly or through a linked record); a negative is a false
   positive when anything matches at the threshold. sanctionwatch screens every negative; logic-v2
   (about 12 queries/s) a seeded sample of each negative set (--peer-negatives, default 3,000).
2. Our evaluation set (benchmarks/screening_eval/queries.csv), generated from the listed names.

logic-v2 scores what a yente-style blocking step hands it: the 50 entities that share the most
rare name words (or the IMO number) with the query, as yente asks its index for limit x 10
candidates. Each matcher is timed on one pass over queries it has not seen. Needs the benchmark
extra:

    pip install -e '.[benchmark]'
    python benchmarks/screening.py [--peer-negatives N] [--peer-eval N] [--show-misses]
"""

from __future__ import annotations

import argparse
import csv
import gc
import math
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).parent))

from sanctionwatch.errors import QueryError  # noqa: E402
from sanctionwatch.lists.bundled import load_bundled  # noqa: E402
from sanctionwatch.lists.export import export_ftm  # noqa: E402
from sanctionwatch.lists.store import Store  # noqa: E402
from sanctionwatch.names.normalize import tokens  # noqa: E402
from sanctionwatch.screening.index import load_index  # noqa: E402
from sanctionwatch.screening.matcher import DEFAULT_THRESHOLD, Matcher  # noqa: E402
from sanctionwatch.screening.query import Query, make_query  # noqa: E402
from screening_fixtures import FixtureQuery, map_positives, read_set  # noqa: E402

QUERIES = Path(__file__).parent / "screening_eval" / "queries.csv"
SCHEMA = {"person": "Person", "organization": "Organization", "vessel": "Vessel", "any": "LegalEntity"}
CANDIDATES = 50
console = Console()
#: What one matcher answered for each query: the reference sets of its matches, best first.
Hits = list[list[set[str]]]


def read_eval() -> list[dict[str, str]]:
    with QUERIES.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def fixture_query(item: FixtureQuery) -> tuple[Query, bool]:
    """The query a screener sends, and whether its birth date had to be left out (unreadable)."""
    try:
        if len(item.dob) == 10:
            date.fromisoformat(item.dob)  # an impossible date (1974-01-32) is left out for both matchers
        return make_query(item.name, "person", dob=item.dob, country=item.nationality or None), False
    except (QueryError, ValueError):
        try:
            return make_query(item.name, "person", country=item.nationality or None), True
        except QueryError:
            return make_query(item.name, "person"), True


#: Queries and CPU seconds per matcher over the fixtures: on a shared machine the wall clock
#: measures the neighbours' load as much as the matcher, CPU time much less.
CPU: dict[str, list[float]] = {"ours": [0, 0.0], "peer": [0, 0.0]}
#: The load average when the run began (see ``load_average``).
STARTED_AT_LOAD = ""


def run_ours(matcher: Matcher, queries: Sequence[Query], tally: bool = True) -> tuple[Hits, float]:
    started, cpu = time.perf_counter(), time.process_time()
    results = [matcher.screen(query) for query in queries]
    seconds = time.perf_counter() - started
    if tally:
        CPU["ours"][0] += len(queries)
        CPU["ours"][1] += time.process_time() - cpu
    return [[set(m.subject.refs) for m in result] for result in results], len(queries) / seconds


class Blocker:
    """A stand-in for yente's index step: rare shared name words, or the IMO number."""

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


class Peer:
    """nomenklatura's logic-v2 over the store's entities, exported as FtM."""

    def __init__(self, store: Store) -> None:
        from followthemoney import model
        from nomenklatura.matching import get_algorithm

        self.model = model
        self.algorithm = get_algorithm("logic-v2")
        self.config = self.algorithm.default_config()
        records = list(store.entities())
        # a hit counts by the list references of the records merged into it, as ours does
        # (FtM referents are record ids such as un-sc-KPi.023, not references)
        refs: dict[str, set[str]] = defaultdict(set)
        for record in records:
            refs[record.id].add(record.ref)
        entities = []
        for data in export_ftm(records):
            proxy = model.get_proxy(data)
            proxy.context["referents"] = sorted(
                {ref for key in [data["id"], *data["referents"]] for ref in refs.get(key, ())}
            )
            entities.append(proxy)
        self.blocker = Blocker(entities)
        warm = model.make_entity("Person")
        warm.id = "warm-up"
        warm.add("name", "Kim Jong Un")
        self.algorithm.compare(warm, entities[0], self.config)  # loads its name data outside the timing

    def entity(self, schema: str, number: int, **properties: str) -> Any:
        query = self.model.make_entity(schema)
        query.id = f"q{number}"
        for prop, value in properties.items():
            if value:
                query.add(prop, value, quiet=True)
        return query

    def run(self, queries: Sequence[tuple[Any, str, str]], tally: bool = True) -> tuple[Hits, float]:
        """(entity, name, imo) per query: matches at the threshold, best first, and queries/s."""
        started, cpu = time.perf_counter(), time.process_time()
        hits = []
        for query, name, imo in queries:
            scored = []
            for candidate in self.blocker.candidates(name, imo):
                if not candidate.schema.can_match(query.schema):
                    continue
                result = self.algorithm.compare(query, candidate, self.config)
                if result.score >= DEFAULT_THRESHOLD:
                    scored.append((result.score, set(candidate.context["referents"])))
            scored.sort(key=lambda pair: -pair[0])
            hits.append([refs for _, refs in scored])
        if tally:
            CPU["peer"][0] += len(queries)
            CPU["peer"][1] += time.process_time() - cpu
        return hits, len(queries) / (time.perf_counter() - started)

    def fixture(self, items: Sequence[FixtureQuery]) -> tuple[Hits, float]:
        queries = []
        for number, item in enumerate(items):
            query = self.entity(
                "Person", number, name=item.name, birthDate=item.dob, nationality=item.nationality
            )
            queries.append((query, item.name, ""))
        return self.run(queries)

    def evaluation(self, rows: Sequence[dict[str, str]]) -> tuple[Hits, float]:
        queries = []
        for number, row in enumerate(rows):
            schema = SCHEMA[row["type"]] if not row["imo"] else "Vessel"
            query = self.entity(schema, number, name=row["name"], imoNumber=row["imo"])
            queries.append((query, row["name"], re.sub(r"\D", "", row["imo"])))
        return self.run(queries, tally=False)


def top_recall(expected: Sequence[str], hits: Hits) -> float:
    return sum(bool(h) and ref in h[0] for ref, h in zip(expected, hits, strict=True)) / max(1, len(hits))


def false_per_10k(hits: Hits) -> float:
    return 10_000 * sum(bool(h) for h in hits) / max(1, len(hits))


def sample(items: list[Any], size: int, seed: int) -> list[Any]:
    if size >= len(items):
        return items
    return [items[i] for i in sorted(random.Random(seed).sample(range(len(items)), size))]


def fixtures_part(store: Store, matcher: Matcher, peer: Peer | None, args: argparse.Namespace) -> None:
    refs, unmapped = map_positives()
    sets = {
        "as listed": read_set("positives_un_untreated.csv", refs),
        "altered": read_set("positives_un_treated.csv", refs),
    }
    negatives = {
        "negatives_global": read_set("negatives_global.csv"),
        "negatives_us": read_set("negatives_us.csv"),
    }
    table = Table(
        title=f"OpenSanctions fixtures ({len(sets['altered'])} mapped UN positives, {unmapped} unmapped)"
    )
    for column in ("set", "queries", "sanctionwatch", "logic-v2", "peer queries"):
        table.add_column(column)
    speeds: dict[str, list[tuple[int, float]]] = {"ours": [], "peer": []}
    dropped_dates = 0
    for label, items in sets.items():
        built = [fixture_query(item) for item in items]
        dropped_dates += sum(dropped for _, dropped in built)
        ours, qps = run_ours(matcher, [query for query, _ in built])
        speeds["ours"].append((len(items), qps))
        expected = [item.expected for item in items]
        theirs_text, peer_count = "-", "0"
        if peer is not None:
            theirs, peer_qps = peer.fixture(items)
            speeds["peer"].append((len(items), peer_qps))
            theirs_text, peer_count = f"{top_recall(expected, theirs):.3f}", str(len(items))
        table.add_row(
            f"recall, {label}", str(len(items)), f"{top_recall(expected, ours):.3f}", theirs_text, peer_count
        )
        if args.show_misses:
            show_misses(label, items, ours, matcher)
    for label, items in negatives.items():
        built = [fixture_query(item) for item in items]
        ours, qps = run_ours(matcher, [query for query, _ in built])
        speeds["ours"].append((len(items), qps))
        theirs_text, peer_count = "-", "0"
        if peer is not None and args.peer_negatives:
            chosen = sample(items, args.peer_negatives, seed=20240619)
            theirs, peer_qps = peer.fixture(chosen)
            speeds["peer"].append((len(chosen), peer_qps))
            theirs_text, peer_count = f"{false_per_10k(theirs):.1f}", str(len(chosen))
        table.add_row(
            f"false positives per 10,000, {label}",
            str(len(items)),
            f"{false_per_10k(ours):.1f} ({sum(bool(h) for h in ours)})",
            theirs_text,
            peer_count,
        )
        if args.show_misses:
            for item, found in zip(items, ours, strict=True):
                if found:
                    got = sorted(found[0])[:4]
                    console.print(f"  false positive: {item.name} ({item.dob}, {item.nationality}) -> {got}")
    console.print(table)
    report_speed(speeds)
    console.print(
        f"{dropped_dates} positive queries had a birth date that could not be read and went without it"
    )


def report_speed(speeds: dict[str, list[tuple[int, float]]]) -> None:
    def rate(pairs: list[tuple[int, float]]) -> float:
        count = sum(n for n, _ in pairs)
        return count / sum(n / qps for n, qps in pairs) if pairs else float("nan")

    ours, theirs = rate(speeds["ours"]), rate(speeds["peer"])
    line = f"queries/s in one process (wall clock): sanctionwatch {ours:,.0f}"
    if speeds["peer"]:
        line += f", logic-v2 {theirs:,.1f}: {ours / theirs:,.0f}x"
    console.print(line)
    our_cpu = CPU["ours"][0] / max(CPU["ours"][1], 1e-9)
    line = f"queries per CPU second: sanctionwatch {our_cpu:,.0f}"
    if CPU["peer"][0]:
        their_cpu = CPU["peer"][0] / max(CPU["peer"][1], 1e-9)
        line += f", logic-v2 {their_cpu:,.1f}: {our_cpu / their_cpu:,.0f}x"
    console.print(f"{line} (load average {STARTED_AT_LOAD} at the start, {load_average()} now)")


def show_misses(label: str, items: Sequence[FixtureQuery], hits: Hits, matcher: Matcher) -> None:
    for item, found in zip(items, hits, strict=True):
        if found and item.expected in found[0]:
            continue
        top = sorted(found[0])[:3] if found else "nothing"
        console.print(
            f"  miss ({label}): {item.name} ({item.dob}, {item.nationality}) wants {item.expected}, got {top}"
        )


def evaluation_part(matcher: Matcher, peer: Peer | None, args: argparse.Namespace) -> None:
    rows = read_eval()
    queries = [make_query(r["name"], r["type"], r["imo"], r["dob"], r["country"]) for r in rows]
    ours, our_qps = run_ours(matcher, queries, tally=False)

    def score(subset: list[int], hits: Callable[[int], list[set[str]]]) -> tuple[float, float]:
        positives = [i for i in subset if rows[i]["expected"]]
        negatives = [i for i in subset if not rows[i]["expected"]]
        found = sum(any(rows[i]["expected"] in refs for refs in hits(i)) for i in positives)
        false = sum(bool(hits(i)) for i in negatives)
        return found / max(1, len(positives)), false / max(1, len(negatives))

    table = Table(
        title=f"Evaluation set: {len(rows)} queries ({sum(1 for r in rows if r['expected'])} positive)"
    )
    for column in ("matcher", "queries", "recall", "false-positive rate", "queries/s"):
        table.add_column(column)
    everything = list(range(len(rows)))
    recall, fpr = score(everything, lambda i: ours[i])
    table.add_row("sanctionwatch (all)", str(len(rows)), f"{recall:.3f}", f"{fpr:.3f}", f"{our_qps:,.0f}")
    if peer is not None and args.peer_eval:
        chosen = sorted(random.Random(7).sample(everything, min(args.peer_eval, len(rows))))
        theirs, their_qps = peer.evaluation([rows[i] for i in chosen])
        by_row = dict(zip(chosen, theirs, strict=True))
        recall, fpr = score(chosen, lambda i: ours[i])
        table.add_row("sanctionwatch (sample)", str(len(chosen)), f"{recall:.3f}", f"{fpr:.3f}", "")
        recall, fpr = score(chosen, lambda i: by_row[i])
        table.add_row(
            "logic-v2 (sample)", str(len(chosen)), f"{recall:.3f}", f"{fpr:.3f}", f"{their_qps:,.1f}"
        )
    console.print(table)
    by_variation: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    wrong: Counter[str] = Counter()
    for row, matches in zip(rows, ours, strict=True):
        if row["expected"]:
            by_variation[row["variation"]][1] += 1
            by_variation[row["variation"]][0] += any(row["expected"] in refs for refs in matches)
        elif matches:
            wrong[row["variation"]] += 1
    console.print(
        "sanctionwatch recall by class: "
        + ", ".join(f"{k} {a}/{b}" for k, (a, b) in sorted(by_variation.items()))
    )
    console.print(
        "sanctionwatch false positives by class: "
        + (", ".join(f"{k} {n}" for k, n in sorted(wrong.items())) or "none")
    )


def startup(db: Path, runs: int = 5) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of each of ``runs`` ``sanctionwatch screen "Kim Jong Un"`` calls as a
    user runs them (a new process: imports, the cached index, one query), after one call has
    written the cache. PYTHONDONTWRITEBYTECODE is unset, as on a user's machine: with it set,
    every start compiles the sources again."""
    import os
    import resource
    import subprocess

    command = [sys.executable, "-m", "sanctionwatch", "screen", "Kim Jong Un", "--db", str(db)]
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(command, capture_output=True, check=False, env=env)
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False, env=env)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return walls, cpus


def load_average() -> str:
    """The 1-minute load average (os.getloadavg), beside every timing: the machine is shared."""
    import os

    return f"{os.getloadavg()[0]:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description="sanctionwatch beside nomenklatura logic-v2")
    parser.add_argument("--peer-negatives", type=int, default=3000, help="negatives per set for logic-v2")
    parser.add_argument("--peer-eval", type=int, default=400, help="evaluation-set queries for logic-v2")
    parser.add_argument("--no-peer", action="store_true", help="run sanctionwatch only")
    parser.add_argument("--show-misses", action="store_true", help="print every miss and false positive")
    parser.add_argument("--startup-runs", type=int, default=5, help="timed 'sanctionwatch screen' calls")
    args = parser.parse_args()
    global STARTED_AT_LOAD
    STARTED_AT_LOAD = load_average()
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "bench.duckdb")
        load_bundled(store)
        matcher = Matcher(load_index(store))
        peer = None if args.no_peer else Peer(store)
        # What both matchers built before the timing (our index, the peer's FtM entities) lives as
        # long as the run: moved out of the cyclic collector's sight, as our service does with its
        # index, so that neither matcher's collections walk the other's data while it is timed.
        gc.freeze()
        fixtures_part(store, matcher, peer, args)
        evaluation_part(matcher, peer, args)
        store.close()
        before = load_average()
        walls, cpus = startup(Path(folder) / "bench.duckdb", args.startup_runs)
        if not walls:
            return
        console.print(
            f"one 'sanctionwatch screen \"Kim Jong Un\"' call, start-up included, {len(walls)} runs:"
            f" {min(walls):.2f}-{max(walls):.2f} s wall (median {statistics.median(walls):.2f}),"
            f" {min(cpus):.2f}-{max(cpus):.2f} s CPU; load average {before} -> {load_average()}"
        )


if __name__ == "__main__":
    main()
