"""The error classes issue 23 found on real reporting, each on sentences written for these tests:
modality, false claims from background, direction and parties, category and missed goods. The
rules' reading is tested where a rule decides; the scorer's features where the models weigh."""

from __future__ import annotations

from sanctionwatch.claims.documents import Document
from sanctionwatch.claims.extract import read_by_rules, scorer_readings
from sanctionwatch.claims.parsing import parse
from sanctionwatch.claims.scorer import Candidate, candidates

Key = tuple[str, str | None, str | None, str]


def _rules(text: str) -> dict[Key, str | None]:
    """The rules' claims, each with its source."""
    document = Document("t", text, "text")
    return {c.key: c.source for c in read_by_rules(document, parse(document))}


def _candidates(text: str) -> list[Candidate]:
    document = Document("t", text, "text")
    parsed = parse(document)
    return candidates(scorer_readings(document, parsed, []), set(), parsed.counterpart, parsed.has_kp)


# --- modality ---------------------------------------------------------------------------------


def test_modality_a_denial_in_another_clause_is_no_denial_of_the_goods() -> None:
    found = _rules(
        "While Russia has denied receiving weapons from North Korea, Japan's Defense Ministry said a "
        "Russian tanker transferred diesel to a North Korean ship."
    )
    assert ("refined_petroleum", "RU", "KP", "asserted") in found
    assert ("refined_petroleum", "RU", "KP", "denied") not in found
    assert ("arms", "KP", "RU", "denied") in found


def test_modality_a_denial_reaches_the_claims_its_denier_is_party_to_wherever_they_stand() -> None:
    text = (
        "The Kremlin on Monday dismissed the reports as a fabrication.\n\n"
        "North Korea has shipped millions of artillery shells to Russia, South Korea's National "
        "Intelligence Service said.\n\n"
        "China sold fishing nets to a Thai company last year.\n\n"
        "Officials in Seoul said the shipments went by rail through Khasan."
    )
    found = _rules(text)
    assert ("arms", "KP", "RU", "denied") in found
    assert found[("arms", "KP", "RU", "denied")] == "The Kremlin"
    assert ("arms", "KP", "RU", "assessed") in found  # the intelligence service's judgement stands


def test_modality_denial_cues_of_real_reporting() -> None:
    for text in (
        "There is no proof that Russia delivered fighter jets to North Korea, the ministry said.",
        "The ministry called reports that Russia delivered fighter jets to North Korea fake.",
    ):
        found = _rules(text)
        assert ("arms", "RU", "KP", "denied") in found, text


def test_modality_a_conceded_denial_leaves_the_claim_made_and_denied() -> None:
    found = _rules(
        "Despite official denials, Russia has bought artillery shells from North Korea, officials said."
    )
    assert {key[3] for key in found if key[:3] == ("arms", "KP", "RU")} == {"asserted", "denied"}


def test_modality_intelligence_judgements_are_assessed() -> None:
    found = _rules("North Korea is believed to have sent ballistic missiles to Russia, officials said.")
    assert {key[3] for key in found} == {"assessed"}


def test_modality_a_hedge_on_the_goods_counts_and_one_on_something_else_does_not() -> None:
    assert {k[3] for k in _rules("Russia may send fighter jets to North Korea, analysts said.")} == {
        "speculated"
    }
    found = _rules(
        "North Korea sent artillery shells to Russia, which may face new sanctions, officials said."
    )
    assert {k[3] for k in found if k[0] == "arms"} == {"asserted"}


# --- false claims from background -------------------------------------------------------------


def test_background_goods_under_the_law_are_marked_for_the_scorer() -> None:
    legal = _candidates(
        "UN resolutions ban North Korea from exporting coal and cap its imports of refined petroleum."
    )
    assert legal and all("legal=True" in c.features for c in legal)
    news = _candidates("North Korea exported coal to China last year, customs data show.")
    assert news and all("legal=False" in c.features for c in news)


def test_background_the_rules_read_no_claim_from_what_the_resolutions_ban_or_cap() -> None:
    # the class: a sentence of legal background, whose goods stand under a word of the law
    for text in (
        "Resolution 2371 bars member states from buying iron ore from North Korea.",
        "Deliveries of jet fuel to North Korea are prohibited by Security Council resolutions.",
        "UN measures cap the refined petroleum that Pyongyang may import at 500,000 barrels a year.",
    ):
        assert not _rules(text), text
    # the same goods in a transfer the text reports are read
    assert _rules("Russia sold jet fuel to North Korea in May, in breach of the resolutions.")


def test_background_a_partys_past_is_marked_for_the_scorer() -> None:
    past = _candidates("North Korea has long sold ballistic missiles to Iran and Syria.")
    assert past and all("past=True" in c.features for c in past)
    now = _candidates("North Korea sold ballistic missiles to Iran last month, officials said.")
    assert now and all("past=False" in c.features for c in now)


def test_background_a_heading_gives_no_claim() -> None:
    text = "Shells for oil\n\nBackground\n\nNorth Korea sent artillery shells to Russia, officials said.\n"
    document = Document("t", text, "text")
    parsed = parse(document)
    assert parsed.headlines[:2] == [True, True] and not parsed.headlines[2]


# --- direction and parties --------------------------------------------------------------------


def test_direction_parties_carry_only_by_a_reference() -> None:
    text = (
        "North Korea has sent artillery shells to Russia by rail, officials said.\n\n"
        "Separately, thousands of tonnes of coal were seen at a port this month."
    )
    assert not any(key[0] == "coal" for key in _rules(text))  # named near, never referred to
    referred = (
        "North Korea has sent artillery shells to Russia, officials said.\n\n"
        "The shipments of shells continued through March, they said."
    )
    assert ("arms", "KP", "RU", "asserted") in _rules(referred)


def test_direction_goods_in_return_go_the_other_way() -> None:
    found = _rules("Russia supplied oil to North Korea in return for artillery shells, officials said.")
    assert ("petroleum", "RU", "KP", "asserted") in found
    assert ("arms", "KP", "RU", "asserted") in found


def test_direction_a_transit_state_or_a_flag_is_no_party() -> None:
    found = _rules("A Panama-flagged tanker delivered diesel to North Korea via Singapore, officials said.")
    assert not any({"PA", "SG"} & {key[1], key[2]} for key in found)


# --- category and missed goods ----------------------------------------------------------------


def test_category_economic_aid_and_air_defence_systems() -> None:
    found = _rules("Russia has given North Korea air-defence systems and economic aid, Kyiv said.")
    assert ("arms", "RU", "KP", "asserted") in found
    assert ("other", "RU", "KP", "asserted") in found


def test_category_imports_of_petroleum_products_are_refined_petroleum() -> None:
    found = _rules("North Korea's imports of petroleum products from Russia rose sharply, analysts said.")
    assert any(key[0] == "refined_petroleum" for key in found)


def test_background_a_title_asked_as_a_question_is_a_headline() -> None:
    text = "Sinpo's New Submarine: How Much Help From Moscow?\n\nRussia sent missiles to North Korea.\n"
    parsed = parse(Document("t", text, "text"))
    assert parsed.headlines == [True, False]


def test_modality_a_negated_verb_with_nothing_claimed_denies_nothing() -> None:
    text = (
        "Russia has supplied oil to North Korea, officials said.\n\n"
        '"The North is being paid in things it cannot buy elsewhere," an analyst said.'
    )
    assert not any(key[3] == "denied" for key in _rules(text))
