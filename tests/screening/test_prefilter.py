"""The bound that spares ``person_score`` (``Matcher._reachable``) drops only names that could not
reach the floor: every listed name that scores at the floor against a query near a listed name
passes it given the difference in length, and given the edit distance itself unless it has the
query's words in another order (which ``_plausible_people`` keeps whatever the distance)."""

from __future__ import annotations

import random

from rapidfuzz.distance import Levenshtein

from sanctionwatch.names.forms import PERSON, name_forms
from sanctionwatch.screening.matcher import DEFAULT_THRESHOLD, MAX_BOOST, Matcher


def _near(text: str) -> list[str]:
    """The name, its words reversed, two words run together, a letter dropped at either end, a
    vowel changed."""
    reversed_words = " ".join(reversed(text.split()))
    return [text, reversed_words, text.replace(" ", "", 1), text[:-1], text[1:], text.replace("o", "u", 1)]


def test_names_the_bound_drops_never_reach_the_floor(matcher: Matcher) -> None:
    index = matcher.index
    people = [n for n in range(len(index.name_text)) if index.name_kind[n] == PERSON]
    floor = DEFAULT_THRESHOLD - MAX_BOOST
    reached = 0
    for name_id in random.Random(20).sample(people, 300):
        for query in _near(index.name_text[name_id]):
            for form in name_forms(query, PERSON, run_together=True):
                for candidate in matcher.candidates(form, PERSON) if form.keys else ():
                    score, _ = matcher.name_score(form, PERSON, candidate)
                    if score < floor:
                        continue
                    reached += 1
                    gap = abs(int(index.name_length[candidate]) - len(form.joined))
                    distance = min(
                        Levenshtein.distance(form.joined, r) for r in index.name_rotations[candidate]
                    )
                    assert matcher._reachable(form, candidate, gap, floor), (
                        query,
                        index.name_text[candidate],
                    )
                    # the same words in another order may be far apart; the caller keeps them
                    same_words = index.name_sorted[candidate] == form.sorted_keys
                    assert same_words or matcher._reachable(form, candidate, distance, floor), (
                        query,
                        index.name_text[candidate],
                    )
    assert reached >= 300  # the queries do find names at the floor: the assertions above ran


def test_a_query_that_leaves_out_a_word_is_still_scored(matcher: Matcher) -> None:
    """``_plausible_people`` cuts candidates at an edit distance set by the query's length, while
    ``person_score`` divides by the longer name: a query that leaves out one word of a longer
    listed name (Abdul Abdallah Ibrahim Al Charekh for ABDUL MOHSEN ABDALLAH IBRAHIM AL CHAREKH)
    can score at the floor and must reach the scorer. Found by mutation testing: 98 of 11,101
    such queries were cut before they were scored."""
    index = matcher.index
    floor = DEFAULT_THRESHOLD - MAX_BOOST
    people = [
        n
        for n in range(len(index.name_text))
        if index.name_kind[n] == PERSON and len(index.name_words[n]) >= 4
    ]
    checked = 0
    for name_id in random.Random(27).sample(people, 400):
        words = index.name_text[name_id].replace(",", " ").split()
        for left_out in range(1, len(words) - 1):
            query = " ".join(words[:left_out] + words[left_out + 1 :])
            for form in name_forms(query, PERSON, run_together=True):
                if not form.keys or name_id not in matcher.candidates(form, PERSON):
                    continue
                score, _ = matcher.name_score(form, PERSON, name_id)
                if score < floor:
                    continue
                checked += 1
                kept = {
                    n for n, _ in matcher._plausible_people(form, matcher.candidates(form, PERSON), floor)
                }
                assert name_id in kept, (query, index.name_text[name_id], score)
    assert checked >= 100  # queries at the floor were found, so the assertion ran
