"""Quality floors for the claims tests, from evidence: a bootstrap interval over articles.

Each article of a split is read once and tallied (claims found, extra, missed) exactly as
`eval-claims` tallies it. The articles are then resampled with replacement, the micro F1 computed
on each resample, and the 2.5th and 97.5th percentiles reported. The floor a test asserts is the
lower bound: a score below it is unlikely to be the same reader on a different draw of articles of
the same kind, so a change that falls under it has made the reader worse. See docs/testing.md.

    python benchmarks/claims_floor.py [--resamples 2000] [--seed 27] [--split test] [--json]

Ranges (``--range 422-481``) score the held-out batches the tests give floors of their own.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.progress import track

from sanctionwatch.claims.documents import read_document
from sanctionwatch.claims.evaluate import _match, pairs
from sanctionwatch.claims.extract import extract

CORPUS = Path(__file__).parents[1] / "corpus" / "claims"


@dataclass(frozen=True)
class Article:
    name: str
    found: int
    extra: int
    missed: int
    modality_right: int = 0


def tallies(folder: Path) -> list[Article]:
    """Every annotated article of ``folder``, read and matched as ``evaluate`` does."""
    articles = []
    for path, annotation in track(
        pairs(folder), description=f"reading {folder.name}", console=Console(stderr=True)
    ):
        gold = json.loads(annotation.read_text(encoding="utf-8"))["claims"]
        predicted = [claim.as_dict() for claim in extract(read_document(str(path)))]
        matched, unmatched = _match(gold, predicted)
        found = sum(best is not None for _, best in matched)
        right = sum(
            best is not None and best["modality"] == expected["modality"] for expected, best in matched
        )
        articles.append(Article(path.stem, found, len(unmatched), len(matched) - found, right))
    return articles


def f1(articles: list[Article]) -> float:
    tp = sum(a.found for a in articles)
    fp = sum(a.extra for a in articles)
    fn = sum(a.missed for a in articles)
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0


def modality(articles: list[Article]) -> float:
    """Modality accuracy over the matched claims, as ``eval-claims`` computes it."""
    found = sum(a.found for a in articles)
    return sum(a.modality_right for a in articles) / found if found else 1.0


def interval(
    articles: list[Article], resamples: int, seed: int, measure: Callable[[list[Article]], float] = f1
) -> tuple[float, float]:
    """The 2.5th and 97.5th percentiles of ``measure`` (F1, or modality accuracy) over articles
    drawn with replacement."""
    draw = random.Random(seed)
    scores = sorted(measure(draw.choices(articles, k=len(articles))) for _ in range(resamples))
    return scores[int(0.025 * resamples)], scores[int(0.975 * resamples) - 1]


def in_range(articles: list[Article], first: int, last: int) -> list[Article]:
    """Held-out articles test-FIRST to test-LAST."""
    return [a for a in articles if a.name.startswith("test-") and first <= int(a.name[5:]) <= last]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="test", help="folder under corpus/claims (test or train)")
    parser.add_argument("--range", action="append", default=[], help="FIRST-LAST held-out articles")
    parser.add_argument("--resamples", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=27)
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    articles = tallies(CORPUS / options.split)
    groups = {options.split: articles}
    for text in options.range:
        first, last = (int(part) for part in text.split("-"))
        groups[text] = in_range(articles, first, last)
    rows = []
    for name, group in groups.items():
        low, high = interval(group, options.resamples, options.seed)
        modality_low, modality_high = interval(group, options.resamples, options.seed, modality)
        rows.append(
            {
                "set": name,
                "articles": len(group),
                "f1": round(f1(group), 3),
                "low": round(low, 3),
                "high": round(high, 3),
                "modality": round(modality(group), 3),
                "modality_low": round(modality_low, 3),
                "modality_high": round(modality_high, 3),
            }
        )
    if options.json:
        print(json.dumps(rows, indent=2))
        return
    for row in rows:
        print(
            f"{row['set']:>10}: {row['articles']:4d} articles, F1 {row['f1']:.3f}, "
            f"95% bootstrap interval [{row['low']:.3f}, {row['high']:.3f}]; modality accuracy"
            f" {row['modality']:.3f} [{row['modality_low']:.3f}, {row['modality_high']:.3f}]"
        )


if __name__ == "__main__":
    main()
