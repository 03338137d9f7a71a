"""Who says so: speakers read from the parse and the named-entity recogniser, as clean names."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from sanctionwatch.claims.documents import Document
from sanctionwatch.claims.extract import extract
from sanctionwatch.claims.lexicon import lexicons
from sanctionwatch.claims.sources import speaker


def _sources(text: str) -> dict[str, str | None]:
    return {c.category: c.source for c in extract(Document("t", text, "text"))}


@pytest.mark.parametrize(
    ("text", "category", "source"),
    [
        (
            "North Korea has shipped artillery shells to Russia since August, South Korea's National "
            "Intelligence Service said on Tuesday.",
            "arms",
            "South Korea's National Intelligence Service",
        ),
        (
            "Kremlin spokesman Dmitry Peskov dismissed reports that Russia had bought rockets from "
            "North Korea.",
            "arms",
            "Kremlin spokesman Dmitry Peskov",
        ),
        (
            '" The shipments continued," Shin Won-sik told reporters, adding that North Korea had sent '
            "missiles to Russia.",
            "arms",
            "Shin Won-sik",
        ),
        (
            "According to Japan's Defense Ministry, a Russian tanker transferred diesel to a North "
            "Korean ship.",
            "refined_petroleum",
            "Japan's Defense Ministry",
        ),
        ("North Korea sent 20,000 tonnes of coal to China last year.", "coal", None),
        (
            "Police in Busan arrested three men accused of selling diesel to North Korea.",
            "refined_petroleum",
            "Police in Busan",
        ),
        (
            "North Korea sold artillery shells to Russia, the head of Ukraine's military intelligence said.",
            "arms",
            "the head of Ukraine's military intelligence",
        ),
        (
            "The report by the Multilateral Sanctions Monitoring Team found that North Korea had sent "
            "rockets to Russia.",
            "arms",
            "the Multilateral Sanctions Monitoring Team",
        ),
    ],
)
def test_the_speaker_is_a_clean_name_with_its_role(text: str, category: str, source: str | None) -> None:
    assert _sources(text)[category] == source


def test_each_claim_has_the_speaker_of_its_own_clause() -> None:
    found = _sources(
        "While Russia has denied receiving weapons from North Korea, Japan's Defense Ministry said a "
        "Russian tanker transferred diesel to a North Korean ship."
    )
    assert found["arms"] == "Russia"
    assert found["refined_petroleum"] == "Japan's Defense Ministry"


def test_a_pronoun_or_a_definite_description_refers_back_to_the_speaker_named_before() -> None:
    found = _sources(
        "South Korea's National Intelligence Service briefed lawmakers on Tuesday. It said North Korea "
        "had sent artillery shells to Russia. The service added that Moscow had supplied oil in return."
    )
    assert found["arms"] == "South Korea's National Intelligence Service"
    assert found["petroleum"] == "South Korea's National Intelligence Service"


def test_a_fragment_is_no_speaker() -> None:
    # the words before a verb of saying that name no one are not a source ("It is the first time")
    found = _sources("Satellite images suggest that North Korea shipped coal to China in May.")
    assert found["coal"] is None


def test_a_verb_of_saying_with_no_subject_and_no_comma_before_it_names_no_one() -> None:
    found = _sources("North Korea sent artillery shells to Russia; so said.")
    assert found["arms"] is None


def test_a_dateline_is_no_speaker_and_hides_none() -> None:
    # the parser sometimes makes a wire story's dateline the subject and the speaker its
    # apposition; the parse is given here so that the test does not hang on the parser's mood
    words = ["LISBON", "—", "The", "Foreign", "Office", "today", "sanctioned", "two", "firms", "."]
    heads = [6, 0, 4, 4, 0, 6, 6, 8, 6, 6]
    deps = ["nsubj", "punct", "det", "compound", "appos", "npadvmod", "ROOT", "nummod", "dobj", "punct"]
    pos = ["PROPN", "PUNCT", "DET", "PROPN", "PROPN", "NOUN", "VERB", "NUM", "NOUN", "PUNCT"]
    doc = Doc(lexicons().nlp.vocab, words=words, heads=heads, deps=deps, pos=pos)
    found = speaker(doc, 8)
    assert found is not None and found.text == "The Foreign Office"


def test_a_name_is_given_without_its_acronym_in_brackets() -> None:
    found = _sources(
        "The Australian Signals Directorate (ASD) said North Korea had sent artillery shells to Russia."
    )
    assert found["arms"] == "The Australian Signals Directorate"


def test_an_acronym_refers_back_to_the_name_it_stands_for() -> None:
    found = _sources(
        "Canada's Communications Security Establishment briefed allies on Monday. North Korea sent "
        "artillery shells to Russia in March, the CSE said. Moscow supplied diesel to Pyongyang in "
        "return, the Canadian Security Intelligence Service (CSIS) added. The CSIS said North Korea "
        "also sent workers to Russia."
    )
    assert found["arms"] == "Canada's Communications Security Establishment"
    assert found["workers"] == "the Canadian Security Intelligence Service"


def test_a_surname_alone_is_the_person_named_before_in_full() -> None:
    found = _sources(
        "North Korea sent artillery shells to Russia, Admiral Ingrid Solberg of the Norwegian navy "
        "said. Solberg said Moscow had supplied diesel to Pyongyang in return."
    )
    assert found["refined_petroleum"] == "Admiral Ingrid Solberg of the Norwegian navy"


def test_an_investigating_body_that_finds_or_is_informed_is_the_speaker() -> None:
    # the verbs of a panel's report: investigated, traced, received information, concludes
    assert _sources("The Panel traced three tankers of Russian diesel to Nampo.")["refined_petroleum"] == (
        "The Panel"
    )
    found = _sources(
        "A Member State informed the Committee that its coast guard had seized 400 tonnes of coal "
        "exported by North Korea to Vietnam."
    )
    assert found["coal"] == "A Member State"  # who reports the seizure, not who seized


def test_pictures_and_the_writers_we_name_no_speaker() -> None:
    found = _sources(
        "Satellite imagery shows a North Korean tanker taking on diesel from a Chinese ship. "
        "We assess that North Korea sold coal to China in the same week."
    )
    assert found["refined_petroleum"] is None and found["coal"] is None


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "Norway's Foreign Ministry said on Friday that the government suspects Russia sold diesel "
            "to North Korea.",
            "Norway's Foreign Ministry",
        ),
        (
            "Canada's Foreign Ministry said that it believes Russia sold diesel to North Korea.",
            "Canada's Foreign Ministry",
        ),
    ],
)
def test_a_description_or_pronoun_gives_way_to_the_speaker_named_above_it(text: str, source: str) -> None:
    assert _sources(text)["refined_petroleum"] == source


def test_another_body_named_by_a_description_keeps_its_own_finding() -> None:
    # as the snippet corpus labels it: the coast guard's finding, relayed by its state
    found = _sources(
        "Sweden said the coast guard had found that a Chinese firm shipped diesel to North Korea."
    )
    assert found["refined_petroleum"] == "the coast guard"


def test_a_transcripts_turn_speaks_for_its_paragraph() -> None:
    text = (
        "Q: A newspaper says Chinese firms bought coal from North Korea. Is that true?\n\n"
        "Zhou Ming: I have seen the report. China does not import coal from North Korea.\n"
    )
    found = {(c.category, c.modality): c.source for c in extract(Document("t", text, "text"))}
    assert found[("coal", "denied")] == "Zhou Ming"
