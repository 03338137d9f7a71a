"""What a match tells its reader: the JSON fields of a match and its evidence, scores below 1
as they are, a slip in one word of an organisation's name, and the same answers from a matcher
that has run long enough to decode its whole index.

A sampled mutmut run over ``screening/`` (issue 27, docs/testing.md) found these alive: a renamed
``effect`` or ``evidence`` field, a score rounded to a whole number, a word matched with a typo
counted at almost nothing, the word score switched off altogether, and the decoding a service does
after ``MATERIALISE_AFTER`` queries, which no test reached. The ``--json`` output and the API
return these fields; an analyst reads the evidence to see why a name was flagged.
"""

from __future__ import annotations

import pytest

from sanctionwatch.names.forms import ORGANIZATION, name_forms
from sanctionwatch.screening.matcher import MATERIALISE_AFTER, Matcher, slip_of_the_pen
from sanctionwatch.screening.query import make_query

KOMID = "KPe.001"  # Korea Mining Development Trading Corporation, UN-listed


def _komid(matcher: Matcher, name: str) -> dict:
    found = [m for m in matcher.screen(make_query(name, type="organization")) if KOMID in m.subject.refs]
    assert found, name
    return found[0].as_dict()


def test_the_evidence_of_a_match_adds_up_to_its_score(matcher: Matcher) -> None:
    match = matcher.screen(make_query("Kim Yong Chol", type="person", dob="1962-02-18"))[0].as_dict()
    explanation = match["explanation"]
    evidence = explanation["evidence"]
    assert evidence and all(set(item) == {"feature", "effect", "text"} for item in evidence)
    assert "dob_matches" in [item["feature"] for item in evidence]
    total = explanation["name_score"] + sum(item["effect"] for item in evidence)
    assert match["score"] == pytest.approx(max(0.0, min(1.0, total)), abs=2e-3)


def test_an_imo_match_shows_its_evidence(matcher: Matcher) -> None:
    match = matcher.screen(make_query(imo="7937317"))[0].as_dict()
    assert match["score"] == 1.0 and match["matched_name"] == "IMO 7937317"
    [evidence] = match["explanation"]["evidence"]
    assert (evidence["feature"], evidence["effect"]) == ("imo_matches", 1.0)
    assert evidence["text"]


def test_a_slip_in_one_word_of_an_organisation_still_matches_a_little_below_one(matcher: Matcher) -> None:
    # "Developement": one letter too many in one word. The three words spelled right and the one
    # matched with its slip score higher than the joined names one edit apart, so the word score
    # is what finds KOMID
    exact = _komid(matcher, "Korea Mining Development Trading")
    slipped = _komid(matcher, "Korea Mining Developement Trading")
    assert exact["score"] == 1.0
    assert slipped["explanation"]["name_comparison"] == "rarity-weighted words in common"
    assert 0.9 <= slipped["score"] < 1.0
    assert slipped["score"] == round(slipped["score"], 3) != round(slipped["score"])


def test_organisation_words_in_common_count_by_their_weight(matcher: Matcher) -> None:
    # two of KOMID's four words: far from the same organisation, yet not nothing
    index = matcher.index
    name_id = next(
        n for n, text in enumerate(index.name_text) if text == "KOREA MINING DEVELOPMENT TRADING CORPORATION"
    )
    half = matcher.token_score(name_forms("Korea Mining", ORGANIZATION)[0], name_id)
    whole = matcher.token_score(name_forms("Korea Mining Development Trading", ORGANIZATION)[0], name_id)
    assert 0.0 < half < 0.8 <= whole == 1.0


def test_a_seven_letter_word_one_letter_off_counts_as_the_listed_word(matcher: Matcher) -> None:
    # "Generel" for General: phonetic keys generer and generar, seven letters, one apart. The word
    # counts as the listed one, a little less; a different word of seven letters counts as a
    # word the name lacks, and costs the score a third
    index = matcher.index
    name_id = next(
        n for n, text in enumerate(index.name_text) if text == "KOREA RYONBONG GENERAL CORPORATION"
    )

    def score(query: str) -> float:
        form = name_forms(query, ORGANIZATION)[0]
        return matcher.token_score(form, name_id)

    assert len(name_forms("Korea Ryonbong Generel", ORGANIZATION)[0].keys[-1]) == 7
    assert score("Korea Ryonbong General") == 1.0
    assert 0.9 < score("Korea Ryonbong Generel") < 1.0
    assert score("Korea Ryonbong Regional") < 0.8


def test_one_wrong_letter_is_a_slip_in_a_word_of_eight_sounds_and_not_in_a_shorter_one() -> None:
    # phonetic keys: petrenko -> bedrengo, petrinko -> bedringo (8 letters, one apart);
    # mohammad -> mohamad, mohammed -> mohamed (7 letters): a different name, not a slip
    assert slip_of_the_pen("petrinko", "petrenko", "bedringo", "bedrengo")
    assert not slip_of_the_pen("mohammed", "mohammad", "mohamed", "mohamad")


def test_a_long_running_matcher_gives_the_same_answers_after_decoding_its_index(matcher: Matcher) -> None:
    fresh = Matcher(matcher.index)  # its own query count: it decodes the index at its 200th query
    queries = [make_query("Korea Mining Developement Trading"), make_query("Kim Yong Chol", dob="1962")]
    before = [[m.as_dict() for m in fresh.screen(query)] for query in queries]
    for n in range(MATERIALISE_AFTER):
        fresh.screen(make_query(f"Ocean {n}"))
    assert fresh.queries > MATERIALISE_AFTER
    assert [[m.as_dict() for m in fresh.screen(query)] for query in queries] == before
    assert before[0] and before[1]
