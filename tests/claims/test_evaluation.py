"""The annotated corpus: enough articles, a held-out third, and the figures the README reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sanctionwatch.claims.evaluate import evaluate, same_source

CORPUS = Path(__file__).parents[2] / "corpus" / "claims"

#: F1 floors: the lower bound of each set's 95% bootstrap interval over its articles (2,000
#: resamples, seed 27), from `python benchmarks/claims_floor.py --range 1-58 --range 1-421
#: --range 422-481 --range 482-790 --range 791-910` on 7 December 2026. Recompute them when the
#: corpus grows; never set one under its interval's lower bound to let a change land (report the
#: drop instead). How and why: docs/testing.md.
FLOORS = {
    "train": 0.929,
    # modality accuracy on the training split: 0.949, bootstrap interval [0.938, 0.960] after the
    # refit of 7 December (`python benchmarks/claims_floor.py --split train`); it was 0.952 before
    "train_modality": 0.938,
    "test": 0.837,
    # modality accuracy on the held-out split: 0.927, bootstrap interval [0.908, 0.945] (session 8,
    # `python benchmarks/claims_floor.py`); it was a hand-set 0.9
    "test_modality": 0.908,
    "1-58": 0.857,
    "1-421": 0.826,
    "422-481": 0.708,
    "482-790": 0.831,
    "791-910": 0.818,
}


def test_corpus_has_a_held_out_third() -> None:
    train = list((CORPUS / "train").glob("*.txt"))
    test = list((CORPUS / "test").glob("*.txt"))
    assert len(train) + len(test) >= 60
    assert len(test) * 3 >= len(train) + len(test) - 2


def test_training_split_scores() -> None:
    # In-sample: the scorer and the encoder were fitted on all 1,817 articles (F1 0.939, modality
    # 0.952), the rules tuned on the first 954 (0.955 there). The 863 written since only widened the
    # lexicons and the gazetteer where no candidate named their goods or places, so fewer of their
    # claims are read at all (0.935 on 955-1578, 0.876 on the last 239).
    # floor: the lower bound of the bootstrap interval over the 1,817 articles (F1 0.938,
    # [0.929, 0.947]; `python benchmarks/claims_floor.py --split train`)
    result = evaluate(CORPUS / "train").as_dict()
    assert result["f1"] >= FLOORS["train"] and result["modality_accuracy"] >= FLOORS["train_modality"]


def test_held_out_split_scores() -> None:
    # Measured, never tuned on, as recorded in the README: F1 0.855 and modality accuracy 0.923 on
    # all 910 held-out articles, the target (0.845 with the 11 labels the audit in
    # corpus/claims/CONVENTIONS.md changed as first written). Each batch was written before the
    # changes that followed it.
    # The floor is the lower bound of the 95% bootstrap interval over the 910 articles (F1 0.856,
    # [0.837, 0.875]; benchmarks/claims_floor.py, docs/testing.md), not today's score: a score
    # below it is worse than a different draw of the same kind of articles would explain.
    result = evaluate(CORPUS / "test").as_dict()
    assert result["f1"] >= FLOORS["test"] and result["modality_accuracy"] >= FLOORS["test_modality"]


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
    # and added one wrong one; 0.885 with 624 more training articles; 0.908 with the conventions
    # applied to both splits and 239 more.
    assert evaluate(_first_held_out(58, tmp_path)).as_dict()["f1"] >= FLOORS["1-58"]


def test_held_out_articles_before_the_encoder_keep_its_gain(tmp_path: Path) -> None:
    # The 421 held-out articles written before the encoder landed: F1 0.776 with the rules and the
    # linear scorer alone, 0.824 with the encoder as fitted then, 0.825 and 0.821 refitted on 120
    # more training articles since, 0.816 after the changes that raised cross-validation to 0.849,
    # 0.844 with 624 more training articles, 0.848 with the conventions applied to both splits and
    # 239 more.
    assert evaluate(_first_held_out(421, tmp_path)).as_dict()["f1"] >= FLOORS["1-421"]


def test_held_out_articles_after_the_encoder_keep_their_gain(tmp_path: Path) -> None:
    # The 60 held-out articles written after the encoder landed (422-481): F1 0.790 at their
    # first reading, 0.774 after the changes of that session, 0.810 after the next one's, 0.809 with
    # 624 more training articles; 0.773 and 0.788 as the conventions were applied to the training
    # split and then to the held-out one, 0.806 with 239 more training articles.
    # 0.791 on the main of 7 December 2026 (the bundled models are stale: tests/staleness), under
    # the old floor of 0.80 set at the score; inside the interval [0.708, 0.870] of 60 articles;
    # 0.785 in session 8 (interval [0.704, 0.864]), a drop reported in docs/testing.md
    assert evaluate(_held_out_range(422, 481, tmp_path)).as_dict()["f1"] >= FLOORS["422-481"]


def test_held_out_articles_written_with_the_last_training_articles(tmp_path: Path) -> None:
    # Four batches (482-580, 581-634, 635-713, 714-790) written alongside four batches of training
    # articles, each scored once before the training batch beside it was fitted: F1 0.824, 0.811,
    # 0.828 and 0.817; all 309 score 0.841 with every batch fitted, 0.866 in session 8.
    assert evaluate(_held_out_range(482, 790, tmp_path)).as_dict()["f1"] >= FLOORS["482-790"]


def test_held_out_articles_written_to_the_conventions(tmp_path: Path) -> None:
    # Two batches (791-850, 851-910) written under corpus/claims/CONVENTIONS.md, each scored once
    # before the training batch beside it was fitted: F1 0.862 and 0.875 (the model on main then
    # read the first at 0.800); all 120 score 0.885 in session 8.
    assert evaluate(_held_out_range(791, 910, tmp_path)).as_dict()["f1"] >= FLOORS["791-910"]


@pytest.mark.parametrize(
    ("predicted", "expected", "same"),
    [
        ("Dmitry Peskov", "Kremlin spokesman Dmitry Peskov", True),
        ("the Kremlin", "Kremlin", True),
        ("South Korea’s National Intelligence Service", "South Korea's National Intelligence Service", True),
        ("officials", "US officials", False),
        ("the National Intelligence Service", "the National Intelligence Service (NIS)", True),
        ("the NIS", "the National Intelligence Service (NIS)", False),
        ("Shin Won-sik, the national security adviser", "Shin Won-sik", True),
        ("Shin Won-sik, the national security adviser", "the national security adviser", True),
        ("Russia", "Russia's defence ministry", False),
        ("While Russia", "Russia's defence ministry", False),
        (None, None, True),
        ("Seoul", None, False),
        (None, "Seoul", False),
    ],
)
def test_same_source_is_the_same_speaker_after_normalisation(
    predicted: str | None, expected: str | None, same: bool
) -> None:
    assert same_source(predicted, expected) is same


def _annotated(folder: Path, name: str, text: str, claims: list[dict]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.txt").write_text(text)
    (folder / f"{name}.json").write_text(json.dumps({"claims": claims}))


def test_long_form_and_snippets_are_scored_apart_with_their_sources(tmp_path: Path) -> None:
    claim = {
        "category": "arms",
        "supplier": "KP",
        "recipient": "RU",
        "modality": "asserted",
        "provisions": [],
    }
    _annotated(
        tmp_path / "longform",
        "a",
        "North Korea sent artillery shells to Russia, South Korea's defence ministry said.",
        [{**claim, "source": "South Korea's defence ministry"}],
    )
    _annotated(
        tmp_path / "snippets",
        "b",
        "North Korea sent artillery shells to Russia, Seoul said.",
        [{**claim, "source": "a Japanese official"}, {**claim, "category": "coal", "source": None}],
    )
    result = evaluate(tmp_path).as_dict()
    assert set(result["sets"]) == {"longform", "snippet"}
    long, short = result["sets"]["longform"], result["sets"]["snippet"]
    assert (long["documents"], short["documents"]) == (1, 1)
    assert long["recall"] == 1.0 and short["recall"] == 0.5
    assert long["source_accuracy"] == 1.0 and short["source_accuracy"] == 0.0
    assert (
        result["source_accuracy"] == 0.5 and result["characters"] == long["characters"] + short["characters"]
    )
