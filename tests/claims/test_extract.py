"""The extractor on the seed case, the annotation guide's examples, and arbitrary text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanctionwatch.claims.documents import Document
from sanctionwatch.claims.extract import extract
from sanctionwatch.claims.lexicon import DATA, other_number
from sanctionwatch.claims.parsing import parse

CORPUS = Path(__file__).parents[2] / "corpus" / "claims"


def read(text: str) -> set[tuple]:
    return {(c.category, c.supplier, c.recipient, c.modality) for c in extract(Document("t", text, "text"))}


def test_seed_case_putin_visit() -> None:
    document = Document("seed", (CORPUS / "train" / "train-001.txt").read_text(), "text")
    claims = {c.category: c for c in extract(document)}
    assert {(c.category, c.supplier, c.recipient, c.modality) for c in claims.values()} == {
        ("wmd_ballistic", "RU", "KP", "assessed"),
        ("military_cooperation", "RU", "KP", "expected"),
        ("petroleum", "RU", "KP", "expected"),
        ("food", "RU", "KP", "expected"),
        ("arms", "KP", "RU", "speculated"),
        ("workers", "KP", "RU", "expected"),
    }
    assert claims["food"].provisions == []
    assert claims["arms"].provisions == ["1718/8(b)", "1874/9"]
    assert claims["petroleum"].provisions == ["2397/4", "2397/5"]
    assert claims["wmd_ballistic"].source == "South Korean intelligence agencies"
    for claim in claims.values():
        assert document.text[claim.start : claim.end] == claim.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Intelligence officials believe that Moscow has supplied engines for the North's "
            "satellite rockets.",
            {("wmd_ballistic", "RU", "KP", "assessed")},
        ),
        (
            "Pyongyang is expected to send thousands of construction workers to the Russian Far East.",
            {("workers", "KP", "RU", "expected")},
        ),
        (
            "Russia's defence ministry dismissed claims that it bought rockets from North Korea.",
            {("arms", "KP", "RU", "denied")},
        ),
        ("Russia will also deliver wheat to North Korea.", {("food", "RU", "KP", "expected")}),
        ("Seoul and Beijing agreed to expand semiconductor trade.", set()),
    ],
)
def test_annotation_guide_examples(text: str, expected: set[tuple]) -> None:
    assert read(text) == expected


def test_repeated_support_is_one_claim_with_spans() -> None:
    text = "North Korea sent shells to Russia. Officials said North Korea sent more shells to Russia in May."
    (claim,) = extract(Document("t", text, "text"))
    assert len(claim.spans) == 2
    assert [text[s.start : s.end] for s in claim.spans] == [s.text for s in claim.spans]


def test_exchange_reverses_direction() -> None:
    assert read("Russia will give North Korea fighter jets in exchange for artillery shells.") == {
        ("arms", "RU", "KP", "expected"),
        ("arms", "KP", "RU", "expected"),
    }


def test_no_claim_without_the_dprk() -> None:
    assert read("China sold oil to Myanmar last year.") == set()


NOISE = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=150)
CLAIMED = [
    "North Korea sent missiles to Russia.",
    "Russia sent drones to North Korea.",
    "North Korea shipped coal to China, officials said.",
    "Mongolia hired North Korean workers on Monday.",
]


@settings(max_examples=60, deadline=None)
@given(NOISE, st.sampled_from(CLAIMED), NOISE)
def test_any_text_gives_claims_that_cite_it(before: str, sentence: str, after: str) -> None:
    # random text around a paragraph that makes a claim, so the loop below always runs (arbitrary
    # text alone almost never names the DPRK, and the assertion then checked nothing)
    document = Document("t", f"{before}\n\n{sentence}\n\n{after}", "text")
    claims = extract(document)
    assert claims
    for claim in claims:
        assert document.text[claim.start : claim.end] == claim.text
        assert claim.start < claim.end


@pytest.mark.parametrize(
    ("phrase", "other"),
    [
        ("assault rifle", "assault rifles"),
        ("military supplies", "military supply"),
        ("sea cucumber", "sea cucumbers"),
        ("oil refinery", "oil refineries"),
        ("missile launch", "missile launches"),
        ("tractor", "tractors"),
        ("arms", None),  # "arm" is another word
        ("watches", None),  # a single plural word keeps its number: "watch" is a verb
        ("open a branch", None),
        ("Mercedes-Benz", None),
    ],
)
def test_lexicon_phrases_in_the_other_number(phrase: str, other: str | None) -> None:
    assert other_number(phrase) == other


@given(st.from_regex(r"[a-z]{4,12}( [a-z]{4,12}){0,2}", fullmatch=True))
@settings(max_examples=200, deadline=None)
def test_the_other_number_differs_only_in_the_last_word(phrase: str) -> None:
    other = other_number(phrase)
    if other is not None:
        assert other != phrase
        assert other.split(" ")[:-1] == phrase.split(" ")[:-1]


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("A Greek tanker sailed.", "GR"),
        ("A Liberian-flagged ship sailed.", "LR"),
        ("Maltese police said nothing.", "MT"),
        ("Bangladeshi customs officers waited.", "BD"),
        ("A Saudi company paid.", "SA"),
    ],
)
def test_the_demonyms_of_small_and_flag_states_name_them(text: str, state: str) -> None:
    document = Document("t", text, "text")
    found = parse(document).sentences[0][1]
    assert {m.label for m in found.parties + found.places + found.speakers} == {state}


def test_no_party_phrase_names_two_states() -> None:
    rows = [line.split(",") for line in (DATA / "parties.csv").read_text(encoding="utf-8").splitlines()[1:]]
    assert len({phrase for phrase, _ in rows}) == len(rows)


def test_a_dprk_named_only_as_uninvolved_makes_no_claim() -> None:
    assert not parse(
        Document("t", "Russia sent rifles to Myanmar. North Korea was not mentioned.", "text")
    ).has_kp
    assert parse(Document("t", "Russia sent rifles to Myanmar. North Korea was mentioned.", "text")).has_kp
    assert parse(
        Document("t", "North Korea was not named, but its rifles were sent to Myanmar.", "text")
    ).has_kp
