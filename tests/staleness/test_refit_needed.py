"""Staleness checks: bundled artefacts still equal what their generators give today.

These are not tests of behaviour. They compare a shipped file (fitted weights, the encoder's
training fingerprint, a generated gazetteer) with a fresh run of the code that made it, so they
fail whenever the corpus, the rules or the lists change, whether or not the product got worse.
A failure here says "refit needed" (or "regenerate"), with the command that does it; the behaviour
tests elsewhere say whether the refitted artefact is any good. See docs/testing.md."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sanctionwatch.claims.gazetteer import as_csv, bundled_list_parties
from sanctionwatch.claims.head import meta
from sanctionwatch.claims.lexicon import DATA
from sanctionwatch.claims.scorer import SCORER, scorer
from sanctionwatch.claims.training import examples, examples_fingerprint, training_articles
from sanctionwatch.claims.tuning import Settings, fingerprint, sentences

CORPUS = Path(__file__).parents[2] / "corpus" / "claims"

pytestmark = pytest.mark.staleness


def test_refit_needed_linear_scorer_weights() -> None:
    # a change to the corpus, the rules or the candidate features calls for a refit:
    # python -m sanctionwatch.claims.training. The examples are compared, not refitted weights:
    # the same examples give other weights on another CPU (training.examples_fingerprint).
    bundled = json.loads(SCORER.read_text(encoding="utf-8"))
    features, labels = examples(training_articles(CORPUS.parents[1]))
    assert (len(labels), sum(labels)) == (bundled["examples"], bundled["positives"])
    assert examples_fingerprint(features, labels) == bundled["fingerprint"]
    assert scorer() is not None


def test_refit_needed_encoder_training_fingerprint() -> None:
    # a change to the corpus, the rules or the parse features calls for a refit:
    # python -m sanctionwatch.claims.tuning
    found = sentences(training_articles(CORPUS.parents[1]))
    fitted_on = meta()["fitted_on"]
    assert fitted_on["sentences"] == len(found)
    assert fitted_on["candidates"] == sum(len(s.candidates) for s in found)
    assert fitted_on["fingerprint"] == fingerprint(found)
    model = scorer()
    assert model is not None and model.head is not None and model.mix == Settings().mix


def test_regenerate_needed_list_parties_gazetteer() -> None:
    expected = as_csv(bundled_list_parties())
    assert (DATA / "list_parties.csv").read_text(encoding="utf-8") == expected, (
        "regenerate it: python -m sanctionwatch.claims.gazetteer"
    )
    assert expected.count("\n") > 1000
