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
    # In-sample: the rules were tuned, and the scorer and the encoder fitted, on these articles
    # (F1 0.933, modality 0.971).
    result = evaluate(CORPUS / "train").as_dict()
    assert result["f1"] >= 0.93 and result["modality_accuracy"] >= 0.97
    assert result["provisions_accuracy"] == 1.0


def test_held_out_split_scores_and_speed() -> None:
    # Measured, never tuned on, as recorded in the README: F1 0.824 and modality accuracy 0.901 on
    # all 421 held-out articles with the fine-tuned encoder (0.776 with the rules and the linear
    # scorer alone). Each batch was written before the changes that followed it. The target
    # (F1 0.85) is not met; this floor guards against regressions.
    result = evaluate(CORPUS / "test").as_dict()
    assert result["f1"] >= 0.82 and result["modality_accuracy"] >= 0.9
    assert result["provisions_accuracy"] == 1.0
    assert result["articles_per_second"] >= 50


def test_first_held_out_articles_keep_their_gain(tmp_path: Path) -> None:
    # The first 58 held-out articles scored F1 0.766 before the sessions that added the rest; 0.855
    # with the linear scorer, 0.923 with the encoder.
    for number in range(1, 59):
        for suffix in (".txt", ".json"):
            name = f"test-{number:03d}{suffix}"
            (tmp_path / name).write_bytes((CORPUS / "test" / name).read_bytes())
    assert evaluate(tmp_path).as_dict()["f1"] >= 0.92
