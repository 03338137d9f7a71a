"""Scoring extracted claims against annotations (``NAME.json`` beside each ``NAME.txt``).

A predicted claim matches an annotated one on category, supplier and recipient (the same modality
is preferred when several could match); modality and provisions are then scored on the matches.
"""

from __future__ import annotations

import json
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
class Evaluation:
    documents: int = 0
    seconds: float = 0.0
    overall: Tally = field(default_factory=Tally)
    by_category: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    modality_right: int = 0
    provisions_right: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        matched = self.overall.true_positive
        return {
            "documents": self.documents,
            **self.overall.scores(),
            "modality_accuracy": round(self.modality_right / matched, 3) if matched else None,
            "provisions_accuracy": round(self.provisions_right / matched, 3) if matched else None,
            "articles_per_second": round(self.documents / self.seconds, 1) if self.seconds else None,
            "by_category": {name: tally.scores() for name, tally in sorted(self.by_category.items())},
            "errors": self.errors,
        }


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


def evaluate(folder: Path) -> Evaluation:
    result = Evaluation()
    items = pairs(folder)
    documents = [read_document(str(path)) for path, _ in items]
    lexicons()  # load the pipeline and the scorer before the clock starts: throughput is per article
    scorer()
    started = time.perf_counter()
    predictions = [[claim.as_dict() for claim in extract(document)] for document in documents]
    result.seconds = time.perf_counter() - started
    result.documents = len(items)
    for (path, annotation), predicted in zip(items, predictions, strict=True):
        try:
            gold = json.loads(annotation.read_text(encoding="utf-8"))["claims"]
        except (json.JSONDecodeError, KeyError) as exc:
            raise InputError(f"{annotation}: not an annotation file ({exc})") from exc
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
    for expected, best in pairs_:
        if best is None:
            result.overall.false_negative += 1
            result.by_category[expected["category"]].false_negative += 1
            result.errors.append({"document": path.name, "missed": expected})
            continue
        result.overall.true_positive += 1
        result.by_category[expected["category"]].true_positive += 1
        if best["modality"] == expected["modality"]:
            result.modality_right += 1
        else:
            result.errors.append({"document": path.name, "modality": best["modality"], "expected": expected})
        if sorted(best["provisions"]) == sorted(expected.get("provisions", [])):
            result.provisions_right += 1
    for extra in unmatched:
        result.overall.false_positive += 1
        result.by_category[extra["category"]].false_positive += 1
        result.errors.append(
            {
                "document": path.name,
                "extra": {k: extra[k] for k in ("category", "supplier", "recipient", "modality", "text")},
            }
        )
