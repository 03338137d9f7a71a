"""The DPRK-linked people and organisations of the lists, as parties of the claims lexicon."""

from __future__ import annotations

from sanctionwatch.claims.documents import Document
from sanctionwatch.claims.extract import extract
from sanctionwatch.claims.gazetteer import list_parties
from sanctionwatch.claims.lexicon import lexicons
from sanctionwatch.lists.model import ListEntity


def entity(schema: str, name: str, aliases: list[str], dprk: bool = True, **codes: list[str]) -> ListEntity:
    return ListEntity(
        id=name, schema=schema, dataset="t", ref="t", name=name, aliases=aliases, dprk=dprk, **codes
    )


def test_listed_names_as_written_in_text() -> None:
    rows = dict(
        list_parties(
            [
                entity("Person", "YUN HO-JIN", ["KIM, Chol Nam"], nationalities=["kp"]),
                entity("Organization", "KOREA KWANGSON BANKING CORP", ["KKBC"], countries=["kp"]),
                entity(
                    "Organization", "DANDONG HONGXIANG INDUSTRIAL DEVELOPMENT CO., LTD.", [], countries=["cn"]
                ),
                entity("Organization", "MINISTRY OF DEFENCE", [], countries=["kp"]),
                entity("Organization", "SOME IRANIAN FIRM", [], dprk=False, countries=["ir"]),
                entity("Organization", "STATELESS FRONT", []),
                entity("Vessel", "YU JONG 2", [], flags=["kp"]),
                entity("Vessel", "NEW REGENT", [], flags=["sl"]),
            ]
        )
    )
    assert rows["Yu Jong 2"] == "KP"
    assert "New Regent" not in rows  # a listed ship under another flag names no state
    assert rows["Yun Ho-jin"] == rows["Yun Ho Jin"] == rows["Kim Chol Nam"] == "KP"
    assert rows["Korea Kwangson Banking Corp"] == rows["KKBC"] == "KP"
    assert rows["Dandong Hongxiang Industrial Development Co."] == "CN"
    # generic names, other programmes and entities without a state are left out
    assert not {"Ministry of Defence", "Some Iranian Firm", "Stateless Front"} & set(rows)


def test_a_listed_company_is_a_party_of_its_state() -> None:
    claims = extract(
        Document("t", "Dandong Chengtai shipped diesel to Korea Ryonbong General Corporation.", "text")
    )
    assert [(c.category, c.supplier, c.recipient) for c in claims] == [("refined_petroleum", "CN", "KP")]


def test_ports_are_parties_by_every_spelling() -> None:
    lex = lexicons()
    doc = lex.nlp("Coal from Musan left Najin for Pusan, and oil reached Nampho from Nakhodka.")
    found = {doc[start:end].text: lex.nlp.vocab.strings[label] for label, start, end in lex.parties(doc)}
    assert found == {"Musan": "KP", "Najin": "KP", "Pusan": "KR", "Nampho": "KP", "Nakhodka": "RU"}


def test_a_document_naming_the_dprk_only_by_a_place_has_claims() -> None:
    text = "Trucks carried iron ore from the Musan mine across the border into China, a researcher said."
    claims = extract(Document("t", text, "text"))
    assert ("iron_ore_metals", "KP", "CN") in {(c.category, c.supplier, c.recipient) for c in claims}
