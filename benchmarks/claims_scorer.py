"""Claims scorer benchmark: the rules alone, the rules revised by the linear scorer, and the rules
revised by the linear scorer and the fine-tuned encoder's head together (the shipped reading).

Five-fold cross-validation on the training articles that have a stored rules' reading
(corpus/claims/rules_before.jsonl: the rules as they were before each article was written). Each
fold fits the linear scorer and fine-tunes the encoder on the other four folds, exactly as
``python -m sanctionwatch.claims.training`` and ``python -m sanctionwatch.claims.tuning`` do on the
whole split, and scores the same articles, matching claims on (category, supplier, recipient) as
`eval-claims` does. The held-out split is not read. Needs the dev extra (scikit-learn, torch,
transformers, peft); the encoder takes about four minutes a fold on two cores:

    python benchmarks/claims_scorer.py [--since 565] [--linear-only] [--sweep]

With ``--sweep`` it also scores the last reading at other decision thresholds and floors, from
the same folds' probabilities (the models are not refitted), to check the values in training.py.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import pickle
import random
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.progress import track
from rich.table import Table

from sanctionwatch.claims.head import load
from sanctionwatch.claims.scorer import Scorer
from sanctionwatch.claims.training import FLOOR, THRESHOLD, Article, articles, examples, fit
from sanctionwatch.claims.tuning import Settings, sentences
from sanctionwatch.claims.tuning import fit as tune

CORPUS = Path(__file__).parents[1] / "corpus" / "claims"


def f1(tally: list[int]) -> tuple[float, float, float]:
    tp, fp, fn = tally
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    return precision, recall, 2 * precision * recall / (precision + recall)


def tally(predicted: set, gold: set, into: list[int]) -> None:
    into[0] += len(predicted & gold)
    into[1] += len(predicted - gold)
    into[2] += len(gold - predicted)


def sweep(label: str, scored: Sequence[tuple[Article, Scorer, list[float]]]) -> Table:
    """F1 of a reading at each threshold and floor, from the folds' probabilities."""
    table = Table(title=f"{label} at other thresholds and floors")
    for column in ("threshold", "floor", "precision", "recall", "F1"):
        table.add_column(column)
    for threshold in (0.4, 0.45, 0.5, 0.55, 0.6):
        for floor in (0.3, 0.4, 0.5, 1.0):
            if floor > threshold and floor != 1.0:
                continue
            counts = [0, 0, 0]
            for article, model, probabilities in scored:
                moved = dataclasses.replace(model, threshold=threshold, floor=floor)
                decision = moved.decide(article.ruled, article.candidates, probabilities)
                tally(decision.kept | set(decision.added), article.gold, counts)
            table.add_row(f"{threshold}", f"{floor}", *(f"{x:.3f}" for x in f1(counts)))
    return table


def write_errors(path: Path, scored: Sequence[tuple[Article, Scorer, list[float]]]) -> None:
    """Each article's missed and wrong claims in the last reading, and whether a missed claim had
    a candidate at all (with its best probability) or never reached the scorer."""
    with path.open("w", encoding="utf-8") as out:
        for article, model, probabilities in scored:
            decision = model.decide(article.ruled, article.candidates, probabilities)
            predicted = decision.kept | set(decision.added)
            best: dict[tuple, float] = {}
            for candidate, probability in zip(article.candidates, probabilities, strict=True):
                best[candidate.key] = max(best.get(candidate.key, 0.0), probability)
            missed = [
                [*key, round(best[key], 2) if key in best else None] for key in article.gold - predicted
            ]
            wrong = [[*key, round(best.get(key, -1.0), 2)] for key in predicted - article.gold]
            if missed or wrong:
                row = {"document": article.name, "missed": missed, "wrong": wrong}
                out.write(json.dumps(row) + "\n")


def dump(path: Path, scored: Sequence[tuple[Article, Scorer, list[float]]]) -> None:
    """The last reading's articles with each candidate's logits from the linear scorer and from the
    head (none without the encoder), to try other decision rules without refitting."""
    rows = []
    for article, model, _ in scored:
        linear = [model.logit(c.features) for c in article.candidates]
        read = model.head.logits(article.candidates) if model.head is not None else None
        rows.append((article, linear, read))
    path.write_bytes(pickle.dumps(rows))


def number(article: Article) -> int:
    return int(article.name.split("-")[1].split(".")[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--since", type=int, default=0, help="score only training articles from this number")
    parser.add_argument(
        "--linear-only", action="store_true", help="leave the encoder out (seconds, not minutes)"
    )
    parser.add_argument("--sweep", action="store_true", help="also score other thresholds and floors")
    parser.add_argument(
        "--errors", type=Path, help="write each article's missed and wrong claims (JSON Lines) here"
    )
    parser.add_argument(
        "--dump", type=Path, help="pickle each article with its candidates' linear and head logits here"
    )
    args = parser.parse_args()
    rows = (CORPUS / "rules_before.jsonl").read_text(encoding="utf-8").count("\n")
    found = articles(CORPUS / "train", CORPUS / "rules_before.jsonl")
    data = list(track(found, total=rows, description="parsing training articles"))
    order = list(range(len(data)))
    random.Random(0).shuffle(order)
    folds = [order[k::5] for k in range(5)]
    readings = ["rules", "rules + linear"] + ([] if args.linear_only else ["rules + linear + encoder"])
    tallies = {label: [0, 0, 0] for label in readings}
    scored: list[tuple[Article, Scorer, list[float]]] = []
    for fold in track(folds, description="fitting five folds"):
        held = set(fold)
        training = [data[i] for i in order if i not in held]
        fitted = fit(*examples(training))
        linear = Scorer(fitted["bias"], fitted["weights"], THRESHOLD, FLOOR)
        models = {"rules + linear": linear}
        if not args.linear_only:
            tuned = tune(sentences(training))
            head = load(tuned.tensors, tuned.meta)
            models["rules + linear + encoder"] = Scorer(
                linear.bias, linear.weights, THRESHOLD, FLOOR, head=head, mix=Settings().mix
            )
        for article in (data[i] for i in fold):
            if number(article) < args.since:
                continue
            tally(article.ruled, article.gold, tallies["rules"])
            for label, model in models.items():
                probabilities = model.probabilities(article.candidates)
                decision = model.decide(article.ruled, article.candidates, probabilities)
                tally(decision.kept | set(decision.added), article.gold, tallies[label])
                if label == readings[-1]:
                    scored.append((article, model, probabilities))
    table = Table(title=f"claims, 5-fold cross-validation on training articles from {args.since}")
    for column in ("reading", "precision", "recall", "F1"):
        table.add_column(column)
    for label, counts in tallies.items():
        table.add_row(label, *(f"{x:.3f}" for x in f1(counts)))
    Console().print(table)
    if args.sweep:
        Console().print(sweep(readings[-1], scored))
    if args.errors:
        write_errors(args.errors, scored)
    if args.dump:
        dump(args.dump, scored)
    rules = f1(tallies["rules"])[2]
    for label in readings[1:]:
        Console().print(f"F1 ratio, {label} over rules: {f1(tallies[label])[2] / rules:.3f}")


if __name__ == "__main__":
    main()
