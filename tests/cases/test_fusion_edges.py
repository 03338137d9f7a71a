"""Fusion's small rules, each on a case written by hand (issue 27: mutants that outlived
``test_fusion.py`` in a sampled mutmut run, docs/testing.md).

Each rule decides who is tied to an incident: which vessels the reporting names, which claim of
goods a ship-to-ship claim belongs to, which name stands for which MMSI of an encounter.
"""

from __future__ import annotations

from typing import Any

from sanctionwatch.cases.fusion import DocumentClaims, Named, _goods_of, _named_vessels, _names


def _claim(category: str, start: int, end: int, provisions: list[str], **more: Any) -> dict[str, Any]:
    return {"category": category, "start": start, "end": end, "provisions": provisions, **more}


def _document(*claims: dict[str, Any]) -> DocumentClaims:
    return DocumentClaims(name="doc.md", publisher=None, date=None, title="t", claims=list(claims))


def test_a_listed_name_alone_is_enough_to_know_a_vessel() -> None:
    named = Named(listed={"KUM UN SAN 3"}, ais={})
    assert named.knows({"names": ["Kum Un San 3"], "mmsi": [445123456]})
    assert Named(listed=set(), ais={445123456: []}).knows({"names": ["Other"], "mmsi": [445123456]})
    assert not named.knows({"names": ["Kum Un San"], "mmsi": [445000001]})


def test_the_vessels_a_claim_names_by_list_entity_are_named_upper_case() -> None:
    claim = _claim(
        "refined_petroleum",
        0,
        40,
        ["2397-5"],
        text="The Chon Ma San took on diesel at sea.",
        entities=[{"name": "Chon Ma San", "caption": "Chon Ma San"}],
    )
    named = _named_vessels([_document(claim)])
    assert named.listed == {"CHON MA SAN"}
    assert named.ais == {}


def test_the_listed_name_is_not_taken_when_the_text_adds_a_numeral_the_listing_lacks() -> None:
    claim = _claim(
        "refined_petroleum",
        0,
        40,
        ["2397-5"],
        text="The Kum Un San 3 took on diesel.",
        entities=[{"name": "Kum Un San", "caption": "Kum Un San"}],
    )
    assert _named_vessels([_document(claim)]).listed == set()


def test_each_vessel_of_an_encounter_keeps_its_own_name_in_mmsi_order() -> None:
    event = {
        "mmsi": [1, 2],
        "names": ["B NAME", "A NAME"],  # the event's names, in no promised order
        "vessels": [{"mmsi": 1, "name": "A NAME"}, {"mmsi": 2, "name": "B NAME"}],
    }
    assert _names(event) == ["A NAME", "B NAME"]
    assert _names({"mmsi": [7], "names": ["ONLY"]}) == ["ONLY"]
    assert _names({"mmsi": [7, 8], "names": ["X", "Y"]}) == [None, None]


def test_a_ship_to_ship_claim_takes_the_goods_claim_of_its_sentence_and_nothing_else() -> None:
    sts = _claim("ship_to_ship", 100, 160, ["2397-5"])
    other_sts = _claim("ship_to_ship", 120, 150, ["2397-5"])  # a method, not goods
    no_provision = _claim("coal", 110, 140, [])  # goods no provision covers
    goods = _claim("refined_petroleum", 130, 170, ["2397-5"])
    elsewhere = _claim("coal", 300, 340, ["2371-8"])
    assert _goods_of(_document(sts, other_sts, no_provision, elsewhere), sts) is None
    assert _goods_of(_document(sts, other_sts, no_provision, goods, elsewhere), sts) is goods
    assert _goods_of(_document(goods, sts), goods) is None  # goods have no goods of their own
