"""The encoder's head: where a candidate's parts lie among the pieces, how its logit mixes with
the linear scorer's, that fine-tuning and the run time read candidates alike, and that the bundled
weights were fitted on the training split as it is."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import numpy as np
import pytest

from sanctionwatch.claims.documents import Document
from sanctionwatch.claims.encoder import Encoded, tokenize
from sanctionwatch.claims.extract import scorer_readings
from sanctionwatch.claims.head import NO_STATE, NOT_NAMED, load, positions
from sanctionwatch.claims.parsing import parse
from sanctionwatch.claims.scorer import Candidate, Scorer, candidates
from sanctionwatch.claims.training import articles
from sanctionwatch.claims.tuning import Settings, fit, logits, sentences

CORPUS = Path(__file__).parents[2] / "corpus" / "claims"


def _candidates(text: str) -> list[Candidate]:
    document = Document("t", text, "text")
    parsed = parse(document)
    return candidates(scorer_readings(document, parsed, []), set(), parsed.counterpart, parsed.has_kp)


def test_candidates_carry_their_sentence_context_and_spans() -> None:
    found = _candidates("Putin visited Pyongyang. Russia sent rifles to North Korea, officials said.")
    candidate = next(c for c in found if c.key == ("arms", "RU", "KP"))
    assert candidate.text == "Russia sent rifles to North Korea, officials said."
    assert candidate.context == "Putin visited Pyongyang."
    assert candidate.text[slice(*candidate.goods)] == "rifles"
    assert [candidate.text[slice(*s)] for s in candidate.supplier_at] == ["Russia"]
    assert [candidate.text[slice(*s)] for s in candidate.recipient_at] == ["North Korea"]


def test_positions_name_the_pieces_of_each_side_or_say_why_there_are_none() -> None:
    found = _candidates("North Korea sold rifles to Russia, officials said.")
    ids, offsets = tokenize(found[0].text, found[0].context)
    encoded = Encoded(np.zeros((len(ids), 384), dtype=np.float32), offsets)
    by_key = {c.key: positions(encoded, c) for c in found}
    sold = by_key[("arms", "KP", "RU")]
    assert [offsets[n] for n in sold.goods] == [(17, 23)]
    assert isinstance(sold.supplier, tuple) and len(sold.supplier) == 2  # "north", "korea"
    assert by_key[("arms", "KP", None)].recipient == NO_STATE
    nobody = _candidates("Officials said rifles were sent to Russia. North Korea denied it.")
    unnamed = next(c for c in nobody if c.key == ("arms", "KP", "RU"))
    ids, offsets = tokenize(unnamed.text, unnamed.context)
    assert (
        positions(Encoded(np.zeros((len(ids), 384), dtype=np.float32), offsets), unnamed).supplier
        == NOT_NAMED
    )


class FixedHead:
    """A head that reads every candidate the same."""

    def __init__(self, logit: float) -> None:
        self.logit = logit

    def logits(self, found: list[Candidate]) -> list[float]:
        return [self.logit] * len(found)


def test_the_heads_logit_is_mixed_with_the_linear_one() -> None:
    found = _candidates("North Korea sold rifles to Russia, officials said.")
    model = Scorer(bias=1.0, weights={}, threshold=0.5, head=FixedHead(-4.0), mix=0.25)  # type: ignore[arg-type]
    assert model.probabilities(found) == [
        pytest.approx(1 / (1 + math.exp(-(0.75 * 1.0 - 0.25 * 4.0))))
    ] * len(found)
    assert model.probability(found[0].features) == pytest.approx(1 / (1 + math.exp(-1.0)))
    assert model.decide(set(), found).added == {}
    assert Scorer(bias=1.0, weights={}, threshold=0.5).decide(set(), found).added


def test_fine_tuning_and_the_run_time_read_candidates_alike() -> None:
    found = sentences(itertools.islice(articles(CORPUS / "train", CORPUS / "rules_before.jsonl"), 24))
    fitted = fit(found, Settings(epochs=1))
    trained = np.array(logits(fitted.model, found))
    flat = [c for s in found for c in s.candidates]
    exact = np.array(load(fitted.tensors, fitted.meta, quantized=False).logits(flat))
    fast = np.array(load(fitted.tensors, fitted.meta).logits(flat))
    assert len(trained) == len(exact) == len(fast) > 50
    assert np.abs(trained - exact).max() < 5e-3  # the weights are shipped in half precision
    # and run with int8 weights, activations quantized per tensor: most candidates move by a few
    # hundredths, an outlier by up to 0.14 in this one-epoch fit
    error = np.abs(trained - fast)
    assert error.mean() < 0.05 and error.max() < 0.2
    assert len(set(np.round(exact, 3))) > 10  # the candidates are told apart
