"""The learned scorer: its candidates, how it keeps, drops and adds claims, and its fitted weights."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sanctionwatch.claims.documents import Document
from sanctionwatch.claims.extract import _revised, read_by_rules, scorer_readings
from sanctionwatch.claims.parsing import parse
from sanctionwatch.claims.scorer import IMPLICIT, Scorer, candidates

CORPUS = Path(__file__).parents[2] / "corpus" / "claims"
TEXT = (
    "Pyongyang has shipped artillery shells to Moscow, Ukrainian officials said. "
    "North Korean hackers stole $40 million from a bank in Chile, police said."
)


def _candidates(text: str) -> list:
    document = Document("t", text, "text")
    parsed = parse(document)
    return candidates(scorer_readings(document, parsed, []), set(), parsed.counterpart, parsed.has_kp)


def test_candidates_put_the_dprk_on_one_side_and_stolen_money_has_no_supplier() -> None:
    found = _candidates(TEXT)
    keys = {c.key for c in found}
    assert ("arms", "KP", "RU") in keys and ("arms", "RU", "KP") in keys
    assert all("KP" in (s, r) and s != r for _, s, r in keys)
    assert {(s, r) for c, s, r in keys if c == "cyber"} == {(None, "KP")}
    assert all(c.sentence == (0 if c.key[0] == "arms" else 1) for c in found)


def test_weapons_seen_on_the_front_may_have_gone_to_the_other_side() -> None:
    found = _candidates("North Korean rockets struck Kharkiv on Monday, Ukrainian officials said.")
    implied = [c for c in found if c.key == ("arms", "KP", "RU")]
    assert implied and all("front=r" in c.features for c in implied)
    assert all("front=" in c.features for c in found if c.key == ("arms", "KP", "UA"))


def test_a_state_named_only_as_a_flag_is_marked_on_every_reading() -> None:
    found = _candidates("A Togo-flagged tanker transferred diesel to a North Korean ship at sea, Japan said.")
    features = {c.key: c.features for c in found if c.key[0] == "refined_petroleum"}
    assert "s=none|seat=True" in features[("refined_petroleum", None, "KP")]
    assert "s.seat=True" in features[("refined_petroleum", "TG", "KP")]
    assert "s.seat=False" in features[("refined_petroleum", "JP", "KP")]


def test_a_seat_is_marked_but_a_ship_flagged_with_a_demonym_is_that_states() -> None:
    # rules.flag_or_seat decides for the rules (a place, not a party) and for these features alike
    seated = _candidates("A firm registered in Hong Kong sold diesel to North Korea, officials said.")
    assert any("s.seat=True" in c.features for c in seated if c.key == ("refined_petroleum", "HK", "KP"))
    chinese = _candidates("A Chinese-flagged tanker transferred diesel to a North Korean ship, Japan said.")
    readings = [c.features for c in chinese if c.key == ("refined_petroleum", "CN", "KP")]
    assert readings and all("s.seat=False" in f for f in readings)


@pytest.mark.parametrize(
    ("text", "feature"),
    [
        ("North Korean crews are operating rocket launchers for Russia, officials said.", "operated=True"),
        ("North Korea sent rocket launchers to Russia, officials said.", "operated=False"),
    ],
)
def test_weapons_operated_are_told_from_weapons_sent(text: str, feature: str) -> None:
    found = _candidates(text)
    assert found and all(feature in c.features for c in found)


def test_people_taught_are_marked_on_each_direction() -> None:
    found = _candidates("North Korean gunners are being trained by Russian officers, officials said.")
    features = {c.key[1:]: c.features for c in found}
    assert "taught=True|pair=x>kp" in features[("RU", "KP")]
    assert "taught=True|pair=kp>x" in features[("KP", "RU")]
    # whose people are taught, as a side of the candidate: the recipient's when Russia teaches
    assert "pupils=r" in features[("RU", "KP")] and "pupils=s" in features[("KP", "RU")]
    assert "pupils=r" in features[(None, "KP")]


def _revise(text: str, model: Scorer) -> set[tuple]:
    document = Document("t", text, "text")
    parsed = parse(document)
    claims = read_by_rules(document, parsed)
    return {(c.category, c.supplier, c.recipient) for c in _revised(document, parsed, claims, model, None)}


def test_the_scorer_keeps_drops_and_adds_by_its_threshold() -> None:
    ruled = _revise(TEXT, Scorer(bias=0.0, weights={"rule=True": 50.0, "rule=False": -50.0}, threshold=0.5))
    assert ruled == {("arms", "KP", "RU"), ("cyber", None, "KP")}
    assert _revise(TEXT, Scorer(bias=-50.0, weights={}, threshold=0.5)) == set()
    everything = _revise(TEXT, Scorer(bias=50.0, weights={}, threshold=0.5))
    assert ruled < everything and ("arms", "RU", "KP") in everything


def test_a_claim_added_by_the_scorer_reads_modality_and_source_from_its_sentence() -> None:
    document = Document("t", "Russia may send North Korea tanks, a Japanese analyst said.", "text")
    parsed = parse(document)
    added = _revised(document, parsed, [], Scorer(bias=50.0, weights={}, threshold=0.5), None)
    assert {c.modality for c in added} == {"speculated"}
    assert {c.source for c in added} == {"a Japanese analyst"}
    assert all(c.text == document.text and c.start == 0 for c in added)


def test_probability_follows_the_weights() -> None:
    model = Scorer(bias=0.0, weights={"a": 2.0, "b": -2.0}, threshold=0.5)
    assert model.probability(("a",)) > 0.5 > model.probability(("b",))
    assert model.probability(("a", "a")) == model.probability(("a",))  # a feature counts once
    assert model.probability(("a", "b")) == pytest.approx(0.5)


def test_rules_before_covers_only_training_articles() -> None:
    rows = [json.loads(line) for line in (CORPUS / "rules_before.jsonl").read_text().splitlines()]
    assert len(rows) > 600
    assert all((CORPUS / "train" / row["document"]).exists() for row in rows)
    assert not any(row["document"].startswith("test-") for row in rows)
    # every long-form training article, read by the rules before the articles were written
    stored = (CORPUS / "rules_before_longform.jsonl").read_text().splitlines()
    longform = [json.loads(line) for line in stored]
    written = {p.name for p in (CORPUS / "longform" / "train").iterdir() if p.suffix != ".json"}
    assert {row["document"] for row in longform} == written
    assert not any((CORPUS / "longform" / "test" / row["document"]).exists() for row in longform)
    assert {row["commit"] for row in longform} == {"0678115f61807a24bb50ccd88b7f80a911cd9649"}


def test_no_candidates_in_a_document_that_never_names_the_dprk() -> None:
    assert _candidates("China sold oil to Myanmar last year, officials said.") == []


def test_goods_nothing_covers_keep_their_best_reading_down_to_the_floor() -> None:
    model = Scorer(bias=0.0, weights={"r.kp=True": 1.0, "s=none": 0.5}, threshold=0.9, floor=0.6)
    found = _candidates("North Korea received rifles from Russia, officials said.")
    decision = model.decide(set(), found)
    # worked by hand: the candidate with the DPRK receiving and no supplier named carries both
    # features, 1 / (1 + e^-1.5) = 0.818, below the threshold, above the floor; "Russia supplies"
    # carries one (0.731), the two with the DPRK supplying none (0.5)
    assert decision.kept == set() and set(decision.added) == {("arms", None, "KP")}
    assert decision.scores[("arms", None, "KP")] == pytest.approx(0.818, abs=1e-3)
    assert decision.scores[("arms", "RU", "KP")] == pytest.approx(0.731, abs=1e-3)
    stricter = Scorer(bias=0.0, weights=model.weights, threshold=0.9, floor=0.99)
    assert stricter.decide(set(), found).kept == set() and stricter.decide(set(), found).added == {}


def test_a_rules_claim_stands_only_on_a_candidate_the_scorer_accepts() -> None:
    found = _candidates("North Korea received rifles from Russia, officials said.")
    read = ("arms", "RU", "KP")
    unread = ("coal", "KP", "CN")  # no sentence names coal: no candidate
    assert read in {c.key for c in found} and unread not in {c.key for c in found}
    trusting = Scorer(bias=5.0, weights={}, threshold=0.5)
    assert trusting.decide({read, unread}, found).kept == {read}
    assert Scorer(bias=-5.0, weights={}, threshold=0.5).decide({read, unread}, found).kept == set()


def test_each_claim_carries_the_scorers_confidence() -> None:
    document = Document("t", TEXT, "text")
    parsed = parse(document)
    model = Scorer(bias=0.0, weights={"rule=True": 3.0, "rule=False": -3.0}, threshold=0.5)
    revised = _revised(document, parsed, read_by_rules(document, parsed), model, None)
    assert revised and all(c.confidence == pytest.approx(0.953, abs=1e-3) for c in revised)
    assert all(c.as_dict()["confidence"] == c.confidence for c in revised)
    assert all(c.confidence is None for c in read_by_rules(document, parsed))


def test_a_headline_offers_no_candidates() -> None:
    found = _candidates("Coal for China\n\nNorth Korea sold rifles to Russia, officials said.")
    assert found and {c.key[0] for c in found} == {"arms"}


def test_cargo_passed_between_vessels_is_a_ship_to_ship_candidate_read_at_the_cargo() -> None:
    found = _candidates("A Togo-flagged tanker transferred diesel to the North Korean tanker Yu Jong 2.")
    implicit = [c for c in found if c.key[0] == "ship_to_ship"]
    assert implicit and all(IMPLICIT in c.features for c in implicit)
    assert {c.goods for c in implicit} == {c.goods for c in found if c.key[0] == "refined_petroleum"}
    towards = next(c for c in implicit if c.key == ("ship_to_ship", None, "KP"))
    assert {"sts.s.vessel=False", "sts.r.vessel=True"} <= set(towards.features)
    at_sea = _candidates("North Korean fishermen sold their squid to Chinese trawlers at sea.")
    assert any(IMPLICIT in c.features for c in at_sea)


def test_no_ship_to_ship_candidate_without_two_vessels_or_the_open_sea_or_when_it_is_named() -> None:
    assert not any(c.key[0] == "ship_to_ship" for c in _candidates("A tanker delivered diesel to Nampo."))
    named = _candidates("A Chinese tanker made ship-to-ship transfers of diesel to a North Korean ship.")
    assert any(c.key[0] == "ship_to_ship" for c in named)
    assert not any(IMPLICIT in c.features for c in named)


def test_a_ship_to_ship_transfer_read_from_cargo_is_never_a_fallback() -> None:
    found = _candidates("A Togo-flagged tanker transferred diesel to the North Korean tanker Yu Jong 2.")
    model = Scorer(
        bias=0.0, weights={IMPLICIT: -0.2, "cat=refined_petroleum": -5.0}, threshold=0.9, floor=0.3
    )
    decision = model.decide(set(), found)
    assert decision.added == {} and decision.kept == set()
    assert max(model.probability(c.features) for c in found if IMPLICIT in c.features) >= 0.3
