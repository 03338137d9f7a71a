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
    # (F1 0.957, modality 0.970 on 954 articles).
    result = evaluate(CORPUS / "train").as_dict()
    assert result["f1"] >= 0.94 and result["modality_accuracy"] >= 0.96
    assert result["provisions_accuracy"] == 1.0


def test_held_out_split_scores_and_speed() -> None:
    # Measured, never tuned on, as recorded in the README: F1 0.815 and modality accuracy 0.908 on
    # all 481 held-out articles (0.815 and 0.909 before the last changes, which raised recall and
    # lowered precision). Each batch was written before the changes that followed it. The issue's
    # target (F1 0.85) is not met; this floor guards against regressions.
    result = evaluate(CORPUS / "test").as_dict()
    assert result["f1"] >= 0.81 and result["modality_accuracy"] >= 0.9
    assert result["provisions_accuracy"] == 1.0
    assert result["articles_per_second"] >= 50


def _held_out_range(first: int, last: int, folder: Path) -> Path:
    for number in range(first, last + 1):
        for suffix in (".txt", ".json"):
            name = f"test-{number:03d}{suffix}"
            (folder / name).write_bytes((CORPUS / "test" / name).read_bytes())
    return folder


def _first_held_out(count: int, folder: Path) -> Path:
    return _held_out_range(1, count, folder)


def test_first_held_out_articles_keep_their_gain(tmp_path: Path) -> None:
    # The first 58 held-out articles scored F1 0.766 before the sessions that added the rest; 0.855
    # with the linear scorer, 0.923 with the encoder as first fitted; refitted since on more
    # training articles, 0.916, 0.896 and 0.894 (one claim in 58 articles moves it by 0.015); 0.874
    # after the changes that raised cross-validation from 0.812 to 0.849, which lost it one claim
    # and added one wrong one.
    assert evaluate(_first_held_out(58, tmp_path)).as_dict()["f1"] >= 0.87


def test_held_out_articles_before_the_encoder_keep_its_gain(tmp_path: Path) -> None:
    # The 421 held-out articles written before the encoder landed: F1 0.776 with the rules and the
    # linear scorer alone, 0.824 with the encoder as fitted then, 0.825 and 0.821 refitted on 120
    # more training articles since, 0.816 after the changes that raised cross-validation to 0.849.
    assert evaluate(_first_held_out(421, tmp_path)).as_dict()["f1"] >= 0.81


def test_held_out_articles_after_the_encoder_keep_their_gain(tmp_path: Path) -> None:
    # The 60 held-out articles written after the encoder landed (422-481): F1 0.790 at their
    # first reading, 0.774 after the changes of that session, 0.810 after this one's.
    assert evaluate(_held_out_range(422, 481, tmp_path)).as_dict()["f1"] >= 0.80
