"""Claims throughput on long-form articles, in characters and articles per second.

    python benchmarks/claims_throughput.py [FOLDER ...] [--repeat N]

Reads every document of the folders (by default the long-form corpus, `corpus/claims/longform/test`
and `train`: 600-2,500 characters each, the shape real reporting takes) and extracts claims from
each, with the tagger, the parser, the recogniser where a speaker is read, the encoder and the
scorer; start-up (loading the pipeline and the models) is left out of the clock, as a long-running
`run` or service pays it once. Only speed is printed, never a claim: the held-out split is read
here and must not be looked at article by article.

The peer is the floor every spaCy-based extractor pays: spaCy's small English pipeline (tagger and
parser, nothing else) over the same text, in the same process. The ratio says how much the
lexicons, the rules, the recogniser, the encoder and the scorer cost on top of parsing.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from rich.console import Console

from sanctionwatch.claims.documents import read_document
from sanctionwatch.claims.evaluate import DOCUMENT_SUFFIXES
from sanctionwatch.claims.extract import extract
from sanctionwatch.claims.lexicon import lexicons
from sanctionwatch.claims.scorer import scorer

CORPUS = Path(__file__).parents[1] / "corpus" / "claims" / "longform"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, default=[CORPUS / "test", CORPUS / "train"])
    parser.add_argument("--repeat", type=int, default=3, help="passes over the documents; the best counts")
    args = parser.parse_args()
    console = Console()
    paths = sorted(p for folder in args.folders for p in folder.rglob("*") if p.suffix in DOCUMENT_SUFFIXES)
    documents = [read_document(str(path)) for path in paths]
    characters = sum(len(d.text) for d in documents)
    lex = lexicons()
    scorer()
    extract(documents[0])  # the first call builds the encoder's session and the recogniser
    ours, peer = [], []
    for _ in range(args.repeat):
        started = time.perf_counter()
        for document in documents:
            extract(document)
        ours.append(time.perf_counter() - started)
        started = time.perf_counter()
        for _ in lex.nlp.pipe(d.reading(c) for d in documents for c in d.chunks()):
            pass
        peer.append(time.perf_counter() - started)
    best, floor = min(ours), min(peer)
    count = len(documents)
    console.print(f"{count} documents, {characters:,} characters ({characters / count:,.0f} a document)")
    console.print(
        f"sanctionwatch extract: {characters / best:,.0f} characters/s, {count / best:.1f} articles/s"
        f" (best of {args.repeat}; {', '.join(f'{t:.1f}' for t in ours)} s)"
    )
    console.print(f"spaCy tagger and parser alone: {characters / floor:,.0f} characters/s")
    console.print(f"ratio, parsing alone over extract: {best / floor:.2f}")


if __name__ == "__main__":
    main()
