"""Fits the scorer (claims/scorer.py) on the training split and writes its weights.

    python -m sanctionwatch.claims.training [TRAIN_DIR RULES_BEFORE]

Without arguments it reads both training splits: the snippets (``corpus/claims/train``) and the
long-form articles (``corpus/claims/longform/train``), each with its rules' reading.

Each training article gives one example per candidate claim, labelled by whether its annotation
has that claim. The rules' reading of each article is the one stored in RULES_BEFORE, made by the
rules as they were before the article was written (its ``commit``), so the scorer learns how far to
trust the rules on text they were not tuned on. scikit-learn (a development dependency) fits a
logistic regression; the package needs only the weights.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sanctionwatch.claims.documents import read_document
from sanctionwatch.claims.extract import scorer_readings
from sanctionwatch.claims.parsing import parse
from sanctionwatch.claims.scorer import SCORER, Candidate, Key, candidates
from sanctionwatch.errors import InputError

TRAIN = Path("corpus/claims/train")
RULES_BEFORE = Path("corpus/claims/rules_before.jsonl")
#: The long-form articles, read by the rules as they were before the articles were written
#: (commit 0678115, the main branch the writers started from).
LONGFORM_TRAIN = Path("corpus/claims/longform/train")
RULES_BEFORE_LONGFORM = Path("corpus/claims/rules_before_longform.jsonl")
SPLITS = ((TRAIN, RULES_BEFORE), (LONGFORM_TRAIN, RULES_BEFORE_LONGFORM))
#: Inverse regularisation strength, decision threshold and the floor for goods nothing else
#: covers, chosen by 5-fold cross-validation on the training split (see the README).
STRENGTH = 1.0
THRESHOLD = 0.5
FLOOR = 0.4


@dataclass(frozen=True)
class Article:
    """A training article: its annotated claims, the rules' reading of it, and its candidates."""

    name: str
    gold: set[Key]
    ruled: set[Key]
    candidates: list[Candidate]


def articles(folder: Path, before: Path) -> Iterator[Article]:
    """Every training article that has a stored rules' reading, parsed into candidates."""
    for line in before.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        path = folder / row["document"]
        if not path.exists():
            raise InputError(f"{before}: {row['document']} is not in {folder}")
        gold = {
            (c["category"], c["supplier"], c["recipient"])
            for c in json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))["claims"]
        }
        document = read_document(str(path))
        parsed = parse(document)
        read = [
            ((c["category"], c["supplier"], c["recipient"]), _starts(document.text, c)) for c in row["claims"]
        ]
        ruled = {key for key, _ in read}
        readings = scorer_readings(document, parsed, read)
        yield Article(
            row["document"], gold, ruled, candidates(readings, ruled, parsed.counterpart, parsed.has_kp)
        )


def training_articles(root: Path = Path()) -> Iterator[Article]:
    """The articles of both training splits (``SPLITS``), under ``root``."""
    for folder, before in SPLITS:
        yield from articles(root / folder, root / before)


def _starts(text: str, claim: dict[str, Any]) -> list[int]:
    """Where the rules read a claim: its sentences' offsets, or for a web page the rules of the day
    read into another text, where its sentences' texts are found in today's."""
    starts = list(claim["starts"])
    for number, quoted in enumerate(claim.get("texts", [])):
        at = text.find(quoted)
        if at >= 0:
            starts[number] = at
    return starts


def examples(found: Iterable[Article]) -> tuple[list[tuple[str, ...]], list[int]]:
    """Each candidate's features, labelled by whether its article's annotation has that claim."""
    features: list[tuple[str, ...]] = []
    labels: list[int] = []
    for article in found:
        for candidate in article.candidates:
            features.append(candidate.features)
            labels.append(int(candidate.key in article.gold))
    return features, labels


def examples_fingerprint(features: list[tuple[str, ...]], labels: list[int]) -> str:
    """A digest of every example, in order: the staleness check compares it, not the weights.
    Refitted on another CPU, the same examples give other weights (L-BFGS stops at another point
    of a nearly flat optimum: on an Intel Xeon, 397 of 8,782 weights moved by more than 1e-3 from
    those fitted on an AMD EPYC), so weights can only say "refit needed" falsely."""
    digest = hashlib.sha256()
    for row, label in zip(features, labels, strict=True):
        digest.update(json.dumps([label, *row], ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()


def fit(features: list[tuple[str, ...]], labels: list[int], strength: float = STRENGTH) -> dict[str, Any]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform([dict.fromkeys(f, 1) for f in features])
    model = LogisticRegression(C=strength, max_iter=5000)
    model.fit(matrix, labels)
    names = vectorizer.get_feature_names_out()
    weights = {
        str(n): round(float(w), 6) for n, w in zip(names, model.coef_[0], strict=True) if abs(w) >= 1e-6
    }
    return {
        "bias": round(float(model.intercept_[0]), 6),
        "threshold": THRESHOLD,
        "floor": FLOOR,
        "examples": len(labels),
        "positives": sum(labels),
        "fingerprint": examples_fingerprint(features, labels),
        "weights": dict(sorted(weights.items())),
    }


def main(argv: list[str] | None = None) -> int:
    """Fit and write the weights; an article or file that cannot be read is one line on stderr
    and status 2, with the weights left as they were (the house rule, for a developer too)."""
    args = sys.argv[1:] if argv is None else argv
    try:
        found = articles(Path(args[0]), Path(args[1])) if len(args) > 1 else training_articles()
        fitted = fit(*examples(found))
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    SCORER.write_text(json.dumps(fitted, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{SCORER}: {len(fitted['weights'])} weights from {fitted['examples']} candidates")
    return 0


if __name__ == "__main__":
    sys.exit(main())
