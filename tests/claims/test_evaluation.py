"""The annotated corpus: enough articles, a held-out third, and the figures the README reports."""

from __future__ import annotations

from pathlib import Path

from sanctionwatch.claims.evaluate import evaluate

CORPUS = Path(__file__).parents[2] / "corpus" / "claims"


def test_corpus_has_a_held_out_third() -> None:
    train = list((CORPUS / "train").glob("*.txt"))
    test = list((CORPUS / "test").glob("*.txt"))
    assert len(train) + len(test) >= 60
    assert len(test) * 3 >= len(train) + len(test) - 2


def test_training_split_scores() -> None:
    result = evaluate(CORPUS / "train").as_dict()
    assert result["f1"] >= 0.88 and result["modality_accuracy"] >= 0.97
    assert result["provisions_accuracy"] == 1.0


def test_held_out_split_scores_and_speed() -> None:
    # Measured, never tuned on: F1 0.766 and modality accuracy 0.90 on 58 articles, as recorded in
    # the README; the target (F1 0.85) is not met yet, and this floor guards against
    # regressions.
    result = evaluate(CORPUS / "test").as_dict()
    assert result["f1"] >= 0.76 and result["modality_accuracy"] >= 0.88
    assert result["articles_per_second"] >= 50
