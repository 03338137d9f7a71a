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
candidates. Each matcher is timed on one pass over queries it has not seen. On the fixtures the
two take turns (``interleave``): each set is cut into chunks of the same queries, one matcher
screens a chunk, then the other, and each one's CPU time is summed, so that a change in the
machine's load while the benchmark runs falls on both alike. Needs the benchmark extra:

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
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).parent))

from sanctionwatch.errors import QueryError  # noqa: E402
from sanctionwatch.lists.bundled import load_bundled  # noqa: E402
from sanctionwatch.lists.export import export_ftm  # noqa: E402
from sanctionwatch.lists.store import Store  # noqa: E402
from sanctionwatch.names.normalize import tokens  # noqa: E402
from sanctionwatch.screening.index import load_index  # noqa: E402
from sanctionwatch.screening.matcher import DEFAULT_THRESHOLD, Match, Matcher  # noqa: E402
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


#: Queries, CPU seconds and wall-clock seconds per matcher over the fixtures: on a shared machine
#: the wall clock measures the neighbours' load as much as the matcher, CPU time much less.
TALLY: dict[str, list[float]] = {"ours": [0, 0.0, 0.0], "peer": [0, 0.0, 0.0]}
#: The load average when the run began (see ``load_average``).
STARTED_AT_LOAD = ""
#: Queries the peer screens per turn when the two take turns (``--peer-turn``): some 3 s of its
#: time against 0.3 s of ours on the negatives, so that load changes over minutes fall on both.
#: (What made short turns slower for us was the shared garbage collector, not the processor's
#: caches: see ``timed`` and docs/screening.md, session 9.)
PEER_TURN = 300
T = TypeVar("T")


def timed(side: str, work: Callable[[Sequence[Any]], T], queries: Sequence[Any]) -> T:
    """``work(queries)``, its CPU and wall-clock seconds added to ``side``'s tally.

    The two matchers share one process and so one cyclic garbage collector, which walks every
    object not frozen at each full collection: measured on session 9's main, our turns spent
    2.9 s of their 10.2 s CPU in collections (0.7 s when run alone), most of it walking the
    peer's objects, and the peer's 14.6 s of 62 s walked ours. So each turn ends by collecting
    its own garbage, inside its timing (each side pays for what it made), and then freezes what
    is left, outside it, so that the next turn, the other side's, does not walk it again."""
    started, cpu = time.perf_counter(), time.process_time()
    result = work(queries)
    gc.collect()
    TALLY[side][1] += time.process_time() - cpu
    TALLY[side][2] += time.perf_counter() - started
    TALLY[side][0] += len(queries)
    gc.freeze()
    return result


def turns(size: int, parts: int) -> list[tuple[int, int]]:
    """``size`` items cut into ``parts`` runs of nearly equal length, in order."""
    bounds = [round(size * n / parts) for n in range(parts + 1)]
    return list(zip(bounds, bounds[1:], strict=False))


def interleave(
    matcher: Matcher,
    queries: Sequence[Query],
    theirs: Callable[[Sequence[Any]], Hits] | None,
    peer_queries: Sequence[Any],
) -> tuple[Hits, Hits]:
    """Both matchers over one set, taking turns: ``queries`` and ``peer_queries`` are cut into as
    many turns (one per PEER_TURN of the peer's queries), and ``ours`` screens a turn of ours, then
    ``theirs`` a turn of the peer's, so that the two share the machine's conditions while they
    run. Returns each one's hits in query order. Our time is ``Matcher.screen``'s alone."""
    ours = partial(screen_all, matcher)
    if theirs is None or not peer_queries:
        return hits_of(timed("ours", ours, queries)), []
    parts = max(1, math.ceil(len(peer_queries) / PEER_TURN))  # (PEER_TURN set by --peer-turn)
    our_results: list[list[Match]] = []
    peer_hits: Hits = []
    for (start, end), (peer_start, peer_end) in zip(
        turns(len(queries), parts), turns(len(peer_queries), parts), strict=True
    ):
        our_results += timed("ours", ours, queries[start:end])
        peer_hits += timed("peer", theirs, peer_queries[peer_start:peer_end])
    return hits_of(our_results), peer_hits


def screen_all(matcher: Matcher, queries: Sequence[Query]) -> list[list[Match]]:
    return [matcher.screen(query) for query in queries]


def hits_of(results: list[list[Match]]) -> Hits:
    return [[set(match.subject.refs) for match in matches] for matches in results]


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

    def run(self, queries: Sequence[tuple[Any, str, str]]) -> Hits:
        """(entity, name, imo) per query: the reference sets of its matches at the threshold, best
        first."""
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
        return hits

    def fixture(self, items: Sequence[FixtureQuery]) -> list[tuple[Any, str, str]]:
        """The peer's queries for fixture items: name, birth date and nationality."""
        queries = []
        for number, item in enumerate(items):
            query = self.entity(
                "Person", number, name=item.name, birthDate=item.dob, nationality=item.nationality
            )
            queries.append((query, item.name, ""))
        return queries

    def evaluation(self, rows: Sequence[dict[str, str]]) -> tuple[Hits, float]:
        queries = []
        for number, row in enumerate(rows):
            schema = SCHEMA[row["type"]] if not row["imo"] else "Vessel"
            query = self.entity(schema, number, name=row["name"], imoNumber=row["imo"])
            queries.append((query, row["name"], re.sub(r"\D", "", row["imo"])))
        started = time.perf_counter()
        hits = self.run(queries)
        return hits, len(queries) / (time.perf_counter() - started)


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
    dropped_dates = 0
    for label, items in sets.items():
        built = [fixture_query(item) for item in items]
        dropped_dates += sum(dropped for _, dropped in built)
        queries = [query for query, _ in built]
        peer_queries = peer.fixture(items) if peer is not None else []
        ours, theirs = interleave(matcher, queries, peer.run if peer is not None else None, peer_queries)
        expected = [item.expected for item in items]
        theirs_text, peer_count = "-", "0"
        if peer is not None:
            theirs_text, peer_count = f"{top_recall(expected, theirs):.3f}", str(len(items))
        table.add_row(
            f"recall, {label}", str(len(items)), f"{top_recall(expected, ours):.3f}", theirs_text, peer_count
        )
        if args.show_misses:
            show_misses(label, items, ours, matcher)
    for label, items in negatives.items():
        queries = [query for query, _ in (fixture_query(item) for item in items)]
        chosen = sample(items, args.peer_negatives, seed=20240619) if args.peer_negatives else []
        peer_queries = peer.fixture(chosen) if peer is not None else []
        ours, theirs = interleave(matcher, queries, peer.run if peer is not None else None, peer_queries)
        theirs_text, peer_count = "-", "0"
        if peer_queries:
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
    report_speed()
    console.print(
        f"{dropped_dates} positive queries had a birth date that could not be read and went without it"
    )


def report_speed() -> None:
    """Both rates over the fixtures, the two matchers having taken turns on the same queries."""
    ours, peer = TALLY["ours"], TALLY["peer"]
    our_wall, our_cpu = ours[0] / max(ours[2], 1e-9), ours[0] / max(ours[1], 1e-9)
    wall = f"queries/s in one process (wall clock): sanctionwatch {our_wall:,.0f}"
    cpu = f"queries per CPU second: sanctionwatch {our_cpu:,.0f}"
    if peer[0]:
        their_wall, their_cpu = peer[0] / max(peer[2], 1e-9), peer[0] / max(peer[1], 1e-9)
        wall += f", logic-v2 {their_wall:,.1f}: {our_wall / their_wall:,.0f}x"
        cpu += f", logic-v2 {their_cpu:,.1f}: {our_cpu / their_cpu:,.0f}x (taking turns on each set)"
    console.print(wall)
    console.print(f"{cpu} (load average {STARTED_AT_LOAD} at the start, {load_average()} now)")


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
    started = time.perf_counter()
    ours = hits_of(screen_all(matcher, queries))
    our_qps = len(queries) / (time.perf_counter() - started)

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
    global STARTED_AT_LOAD, PEER_TURN
    parser = argparse.ArgumentParser(description="sanctionwatch beside nomenklatura logic-v2")
    parser.add_argument("--peer-negatives", type=int, default=3000, help="negatives per set for logic-v2")
    parser.add_argument("--peer-eval", type=int, default=400, help="evaluation-set queries for logic-v2")
    parser.add_argument("--no-peer", action="store_true", help="run sanctionwatch only")
    parser.add_argument("--show-misses", action="store_true", help="print every miss and false positive")
    parser.add_argument("--startup-runs", type=int, default=5, help="timed 'sanctionwatch screen' calls")
    parser.add_argument(
        "--peer-turn", type=int, default=PEER_TURN, help="logic-v2's queries per turn; ours in proportion"
    )
    args = parser.parse_args()
    STARTED_AT_LOAD = load_average()
    PEER_TURN = max(1, args.peer_turn)
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
