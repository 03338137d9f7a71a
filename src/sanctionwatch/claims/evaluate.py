"""Scoring extracted claims against annotations (``NAME.json`` beside each ``NAME.txt``).

A predicted claim matches an annotated one on category, supplier and recipient (the same modality
is preferred when several could match); modality, provisions and source are then scored on the
matches. Long-form articles (under a folder named ``longform``) and snippets are also scored apart:
the two shapes of text fail in different ways.

Two sources are the same speaker (``same_source``) when, in lower case, without a leading article,
quotes, punctuation and what stands in brackets (an acronym: "the National Intelligence Service
(NIS)"), they are the same words, or the shorter is the end of the longer and names someone
("Dmitry Peskov" and "Kremlin spokesman Dmitry Peskov"; not "officials" and "US officials", nor
"Russia" and "Russia's defence ministry"); a name with its role after a comma ("Shin Won-sik, the
national security adviser") is compared part by part; no source matches only no source.
"""

from __future__ import annotations

import json
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sanctionwatch.claims.documents import read_document
from sanctionwatch.claims.extract import extract
from sanctionwatch.claims.lexicon import lexicons
from sanctionwatch.claims.scorer import scorer
from sanctionwatch.errors import InputError

DOCUMENT_SUFFIXES = (".txt", ".md", ".html", ".htm")


@dataclass
class Tally:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0

    def scores(self) -> dict[str, float]:
        tp, fp, fn = self.true_positive, self.false_positive, self.false_negative
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "precision": round(precision, 3),
            "recall": round(recall, 3),
            "f1": round(f1, 3),
            "support": tp + fn,
        }


@dataclass
class Scores:
    """Claims found and missed, and how many of the matched ones have the right modality,
    provisions and source, over a set of documents."""

    documents: int = 0
    characters: int = 0
    overall: Tally = field(default_factory=Tally)
    modality_right: int = 0
    provisions_right: int = 0
    source_right: int = 0

    def as_dict(self) -> dict[str, Any]:
        matched = self.overall.true_positive

        def share(right: int) -> float | None:
            return round(right / matched, 3) if matched else None

        return {
            "documents": self.documents,
            "characters": self.characters,
            **self.overall.scores(),
            "modality_accuracy": share(self.modality_right),
            "provisions_accuracy": share(self.provisions_right),
            "source_accuracy": share(self.source_right),
        }


#: The two sets of documents scored apart.
SETS = ("longform", "snippet")


@dataclass
class Evaluation:
    seconds: float = 0.0
    total: Scores = field(default_factory=Scores)
    sets: dict[str, Scores] = field(default_factory=lambda: {name: Scores() for name in SETS})
    by_category: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def documents(self) -> int:
        return self.total.documents

    @property
    def overall(self) -> Tally:
        return self.total.overall

    def as_dict(self) -> dict[str, Any]:
        seconds = self.seconds
        return {
            **self.total.as_dict(),
            "articles_per_second": round(self.documents / seconds, 1) if seconds else None,
            "characters_per_second": round(self.total.characters / seconds) if seconds else None,
            "sets": {name: scores.as_dict() for name, scores in self.sets.items() if scores.documents},
            "by_category": {name: tally.scores() for name, tally in sorted(self.by_category.items())},
            "errors": self.errors,
        }


def kind(path: Path) -> str:
    """Which set a document belongs to: long-form articles live under a folder named ``longform``."""
    return "longform" if "longform" in path.parts[:-1] else "snippet"


_SOURCE_NOISE = re.compile(r"['’]s\b|[\"'“”‘’`.,;:()\[\]]")
_ARTICLES = {"the", "a", "an"}


#: A name's acronym in brackets ("the National Intelligence Service (NIS)"), the same speaker without it.
_BRACKETED = re.compile(r"\s*\([^()]*\)")


def _source_words(source: str) -> list[str]:
    words = _SOURCE_NOISE.sub(" ", _BRACKETED.sub("", source)).split()
    while words and words[0].lower() in _ARTICLES:
        words = words[1:]
    return words


def same_source(predicted: str | None, expected: str | None) -> bool:
    """Whether two sources name the same speaker (the normalisation in the module docstring)."""
    if predicted is None or expected is None:
        return predicted is None and expected is None
    # "Shin Won-sik, the national security adviser": the name and its role are each the speaker
    return any(
        _same_words(_source_words(a), _source_words(b))
        for a in predicted.split(",")
        for b in expected.split(",")
    )


def _same_words(a: list[str], b: list[str]) -> bool:
    if [w.lower() for w in a] == [w.lower() for w in b]:
        return bool(a)
    shorter, longer = sorted((a, b), key=len)
    if not shorter:
        return False
    tail = [w.lower() for w in longer[len(longer) - len(shorter) :]]
    return tail == [w.lower() for w in shorter] and any(w[:1].isupper() for w in shorter)


def pairs(folder: Path) -> list[tuple[Path, Path]]:
    found = []
    for document in sorted(p for p in folder.rglob("*") if p.suffix.lower() in DOCUMENT_SUFFIXES):
        annotation = document.with_suffix(".json")
        if annotation.exists():
            found.append((document, annotation))
    if not found:
        raise InputError(f"{folder}: no documents with annotations (NAME.txt beside NAME.json)")
    return found


def _key(claim: dict[str, Any]) -> tuple[str, str | None, str | None]:
    return (claim["category"], claim["supplier"], claim["recipient"])


def evaluate(folder: Path, progress: bool = False) -> Evaluation:
    from rich.console import Console
    from rich.progress import track

    result = Evaluation()
    items = pairs(folder)
    documents = [read_document(str(path)) for path, _ in items]
    lexicons()  # load the pipeline and the scorer before the clock starts: throughput is per article
    scorer()
    started = time.perf_counter()
    reading = track(
        documents, "extracting claims", disable=not progress, transient=True, console=Console(stderr=True)
    )
    predictions = [[claim.as_dict() for claim in extract(document)] for document in reading]
    result.seconds = time.perf_counter() - started
    for (path, annotation), document, predicted in zip(items, documents, predictions, strict=True):
        try:
            gold = json.loads(annotation.read_text(encoding="utf-8"))["claims"]
        except (json.JSONDecodeError, KeyError) as exc:
            raise InputError(f"{annotation}: not an annotation file ({exc})") from exc
        for scores in (result.total, result.sets[kind(path)]):
            scores.documents += 1
            scores.characters += len(document.text)
        _score(result, path, gold, predicted)
    return result


def _match(
    gold: list[dict[str, Any]], predicted: list[dict[str, Any]]
) -> tuple[list[tuple[dict[str, Any], dict[str, Any] | None]], list[dict[str, Any]]]:
    """Each annotated claim with its prediction (or None), and the predictions left over. Exact
    modality matches are made first, so that a claim annotated twice (asserted by one source,
    denied by another) finds both of its predictions."""
    unmatched = list(predicted)
    found: dict[int, dict[str, Any]] = {}
    for exact in (True, False):
        for number, expected in enumerate(gold):
            if number in found:
                continue
            match = next(
                (
                    p
                    for p in unmatched
                    if _key(p) == _key(expected) and (not exact or p["modality"] == expected["modality"])
                ),
                None,
            )
            if match is not None:
                found[number] = match
                unmatched.remove(match)
    return [(expected, found.get(number)) for number, expected in enumerate(gold)], unmatched


def _score(
    result: Evaluation, path: Path, gold: list[dict[str, Any]], predicted: list[dict[str, Any]]
) -> None:
    pairs_, unmatched = _match(gold, predicted)
    both = (result.total, result.sets[kind(path)])
    for expected, best in pairs_:
        if best is None:
            for scores in both:
                scores.overall.false_negative += 1
            result.by_category[expected["category"]].false_negative += 1
            result.errors.append({"document": path.name, "missed": expected})
            continue
        result.by_category[expected["category"]].true_positive += 1
        modality = best["modality"] == expected["modality"]
        provisions = sorted(best["provisions"]) == sorted(expected.get("provisions", []))
        source = same_source(best.get("source"), expected.get("source"))
        for scores in both:
            scores.overall.true_positive += 1
            scores.modality_right += modality
            scores.provisions_right += provisions
            scores.source_right += source
        if not modality:
            result.errors.append({"document": path.name, "modality": best["modality"], "expected": expected})
        if not source:
            result.errors.append({"document": path.name, "source": best.get("source"), "expected": expected})
    for extra in unmatched:
        for scores in both:
            scores.overall.false_positive += 1
        result.by_category[extra["category"]].false_positive += 1
        result.errors.append(
            {
                "document": path.name,
                "extra": {k: extra[k] for k in ("category", "supplier", "recipient", "modality", "text")},
            }
        )
