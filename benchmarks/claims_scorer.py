"""Claims scorer benchmark: the rules alone against the rules revised by the learned scorer.

Five-fold cross-validation on the training articles that have a stored rules' reading
(corpus/claims/rules_before.jsonl: the rules as they were before each article was written). Each
fold fits the scorer on the other four and scores the rules and the rules plus scorer on the same
articles, matching claims on (category, supplier, recipient) as `eval-claims` does. The held-out
split is not read. Needs the dev extra (scikit-learn):

    python benchmarks/claims_scorer.py [--since 565]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from rich.console import Console
from rich.progress import track
from rich.table import Table

from sanctionwatch.claims.scorer import Scorer
from sanctionwatch.claims.training import FLOOR, THRESHOLD, articles, examples, fit

CORPUS = Path(__file__).parents[1] / "corpus" / "claims"


def f1(tally: list[int]) -> tuple[float, float, float]:
    tp, fp, fn = tally
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    return precision, recall, 2 * precision * recall / (precision + recall)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--since", type=int, default=0, help="score only training articles from this number")
    args = parser.parse_args()
    rows = (CORPUS / "rules_before.jsonl").read_text(encoding="utf-8").count("\n")
    found = articles(CORPUS / "train", CORPUS / "rules_before.jsonl")
    data = list(track(found, total=rows, description="parsing training articles"))
    order = list(range(len(data)))
    random.Random(0).shuffle(order)
    folds = [order[k::5] for k in range(5)]
    tallies = {"rules": [0, 0, 0], "rules + scorer": [0, 0, 0]}
    for fold in track(folds, description="fitting five folds"):
        held = set(fold)
        fitted = fit(*examples(data[i] for i in order if i not in held))
        model = Scorer(fitted["bias"], fitted["weights"], THRESHOLD, FLOOR)
        for article in (data[i] for i in fold):
            if int(article.name.split("-")[1].split(".")[0]) < args.since:
                continue
            decision = model.decide(article.ruled, article.candidates)
            revised = decision.kept | set(decision.added)
            for label, predicted in (("rules", article.ruled), ("rules + scorer", revised)):
                tally = tallies[label]
                tally[0] += len(predicted & article.gold)
                tally[1] += len(predicted - article.gold)
                tally[2] += len(article.gold - predicted)
    table = Table(title=f"claims, 5-fold cross-validation on training articles from {args.since}")
    for column in ("reading", "precision", "recall", "F1"):
        table.add_column(column)
    for label, tally in tallies.items():
        table.add_row(label, *(f"{x:.3f}" for x in f1(tally)))
    rules, both = f1(tallies["rules"])[2], f1(tallies["rules + scorer"])[2]
    Console().print(table)
    Console().print(f"F1 ratio, rules + scorer over rules: {both / rules:.3f}")


if __name__ == "__main__":
    main()
