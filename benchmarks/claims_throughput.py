"""Claims throughput on long-form articles, in characters and articles per second.

    python benchmarks/claims_throughput.py [FOLDER ...] [--repeat N] [--stages]

Reads every document of the folders (by default the long-form corpus, `corpus/claims/longform/test`
and `train`: 600-2,500 characters each, the shape real reporting takes) and extracts claims from
each, with the tagger, the parser, the recogniser where a speaker is read, the encoder and the
scorer; start-up (loading the pipeline and the models) is left out of the clock, as a long-running
`run` or service pays it once. Only speed is printed, never a claim: the held-out split is read
here and must not be looked at article by article.

The peer is the floor every spaCy-based extractor pays: spaCy's small English pipeline (tagger and
parser, nothing else) over the same text, in the same process. The ratio says how much the
lexicons, the rules, the recogniser, the encoder and the scorer cost on top of parsing.

The machine this runs on is often shared, so the CPU time of this process is printed beside the
wall-clock time: it moves far less with the load than the wall clock does. ``--stages`` adds one
more pass that says where that CPU time goes, stage by stage (each stage's own time, without the
stages it calls); the wrappers that time it cost a little, so that pass is not counted above.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

import sanctionwatch.claims.extract as extract_module
import sanctionwatch.claims.parsing as parsing_module
import sanctionwatch.claims.sources as sources_module
from sanctionwatch.claims.documents import Document, read_document
from sanctionwatch.claims.encoder import Encoder
from sanctionwatch.claims.evaluate import DOCUMENT_SUFFIXES
from sanctionwatch.claims.extract import extract
from sanctionwatch.claims.head import Head
from sanctionwatch.claims.lexicon import lexicons
from sanctionwatch.claims.scorer import Scorer, scorer

CORPUS = Path(__file__).parents[1] / "corpus" / "claims" / "longform"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, default=[CORPUS / "test", CORPUS / "train"])
    parser.add_argument("--repeat", type=int, default=3, help="passes over the documents; the best counts")
    parser.add_argument("--stages", action="store_true", help="one more pass, timed stage by stage")
    args = parser.parse_args()
    console = Console()
    paths = sorted(p for folder in args.folders for p in folder.rglob("*") if p.suffix in DOCUMENT_SUFFIXES)
    documents = [read_document(str(path)) for path in paths]
    characters = sum(len(d.text) for d in documents)
    lex = lexicons()
    scorer()
    extract(documents[0])  # the first call builds the encoder's session and the recogniser
    ours, ours_cpu, peer, peer_cpu = [], [], [], []
    for _ in range(args.repeat):
        wall, cpu = _clocked(lambda: [extract(document) for document in documents])
        ours.append(wall)
        ours_cpu.append(cpu)
        wall, cpu = _clocked(lambda: list(lex.nlp.pipe(d.reading(c) for d in documents for c in d.chunks())))
        peer.append(wall)
        peer_cpu.append(cpu)
    best, floor = min(ours), min(peer)
    count = len(documents)
    console.print(f"{count} documents, {characters:,} characters ({characters / count:,.0f} a document)")
    console.print(
        f"sanctionwatch extract: {characters / best:,.0f} characters/s, {count / best:.1f} articles/s"
        f" (best of {args.repeat}; {', '.join(f'{t:.1f}' for t in ours)} s;"
        f" CPU {', '.join(f'{t:.1f}' for t in ours_cpu)} s: {characters / min(ours_cpu):,.0f} characters"
        " per CPU second)"
    )
    console.print(
        f"spaCy tagger and parser alone: {characters / floor:,.0f} characters/s"
        f" ({characters / min(peer_cpu):,.0f} per CPU second)"
    )
    cpu_ratio = min(ours_cpu) / min(peer_cpu)
    console.print(f"ratio, parsing alone over extract: {best / floor:.2f} (CPU {cpu_ratio:.2f})")
    if args.stages:
        console.print(_stage_table(documents, lex.nlp))


def _clocked(work: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock and CPU seconds the work took."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


class _StageClock:
    """CPU seconds per stage, each stage charged only its own time: entering a stage stops the
    clock of the one that called it (spaCy's components are generators that call each other, and
    the sources call the recogniser, so times would otherwise count twice)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self._stack = ["other (orchestration, claims' own code)"]
        self._since = time.process_time()

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        now = time.process_time()
        self.seconds[self._stack[-1]] += now - self._since
        self._stack.append(name)
        self._since = now
        try:
            yield
        finally:
            now = time.process_time()
            self.seconds[self._stack.pop()] += now - self._since
            self._since = now

    def timed(self, owner: Any, attribute: str, name: str) -> None:
        """Time every call of ``owner.attribute`` as the stage ``name``."""
        original = getattr(owner, attribute)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self.stage(name):
                return original(*args, **kwargs)

        setattr(owner, attribute, wrapper)

    def component(self, name: str, component: Any) -> Any:
        """A spaCy component whose ``pipe`` is timed batch by batch as the stage ``spaCy NAME``."""
        clock = self

        class Timed:
            def __call__(self, doc: Any) -> Any:
                with clock.stage(f"spaCy {name}"):
                    return component(doc)

            def pipe(self, docs: Any, **kwargs: Any) -> Iterator[Any]:
                piped = hasattr(component, "pipe")
                stream = component.pipe(docs, **kwargs) if piped else map(component, docs)
                while True:
                    with clock.stage(f"spaCy {name}"):
                        doc = next(stream, None)
                    if doc is None:
                        return
                    yield doc

        return Timed()


def _stage_table(documents: list[Document], nlp: Any) -> Table:
    """One more pass over the documents, its CPU time split by stage."""
    clock = _StageClock()
    components = list(nlp._components)
    nlp._components = [(name, clock.component(name, proc)) for name, proc in components]
    clock.timed(parsing_module, "facts", "lexicon matchers and mentions (rules.facts)")
    clock.timed(parsing_module, "_with_people", "goods no lexicon names (goods.py)")
    clock.timed(sources_module, "_entities", "recogniser (spaCy ner, per sentence)")
    clock.timed(extract_module, "read_by_rules", "rules and sources (read_by_rules)")
    clock.timed(extract_module, "candidates", "candidates and their features")
    clock.timed(Encoder, "encode", "encoder (onnxruntime)")
    clock.timed(Head, "logits", "encoder's head")
    clock.timed(Scorer, "decide", "scorer's decision")
    try:
        total = _clocked(lambda: [extract(document) for document in documents])[1]
    finally:
        nlp._components = components
    table = Table(title=f"where the CPU time goes ({total:.1f} s, the timers' cost included)")
    table.add_column("stage")
    table.add_column("CPU s", justify="right")
    table.add_column("share", justify="right")
    for name, seconds in sorted(clock.seconds.items(), key=lambda item: -item[1]):
        table.add_row(name, f"{seconds:.2f}", f"{seconds / total:.0%}")
    return table


if __name__ == "__main__":
    main()
