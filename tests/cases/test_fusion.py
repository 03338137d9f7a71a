"""Fusion rules on hand-made claims and events."""

from __future__ import annotations

from sanctionwatch.cases.fusion import DocumentClaims, fuse
from sanctionwatch.claims.provisions import provisions_for


def claim(
    category: str, supplier: str | None, recipient: str | None, modality: str = "asserted", **extra: object
) -> dict:
    return {
        "category": category,
        "supplier": supplier,
        "recipient": recipient,
        "modality": modality,
        "source": None,
        "provisions": provisions_for(category, supplier, recipient),
        "text": "t",
        "start": 0,
        "end": 1,
        "entities": [],
        **extra,
    }


def doc(name: str, publisher: str, date: str, *claims: dict) -> DocumentClaims:
    return DocumentClaims(name, publisher, date, name, list(claims))


def event(
    kind: str, mmsi: list[int], start: str, sanctioned: list[str] | None = None, **extra: object
) -> dict:
    return {
        "type": kind,
        "mmsi": mmsi,
        "imo": [],
        "names": extra.pop("names", []),
        "start": start,
        "end": start,
        "lat": 42.0,
        "lon": 131.0,
        "port": extra.pop("port", None),
        "sanctioned": sanctioned or [],
        "details": extra.pop("details", {}),
    }


def test_same_transfer_from_two_publishers_is_corroborated_and_denials_are_not_sources() -> None:
    incidents = fuse(
        [
            doc("a", "Paper A", "2025-09-01", claim("arms", "KP", "RU")),
            doc("b", "Paper B", "2025-09-05", claim("arms", "KP", "RU", "assessed")),
            doc("c", "Kremlin", "2025-09-06", claim("arms", "KP", "RU", "denied")),
            doc("d", "Paper A", "2025-12-30", claim("arms", "KP", "RU")),
            doc("e", "Paper C", "2025-09-02", claim("food", "RU", "KP")),
        ],
        [],
    )
    first, late = incidents
    assert first.corroboration() == "corroborated" and first.sources() == ["Paper A", "Paper B"]
    assert len(first.evidence) == 3 and late.corroboration() == "single-source"
    assert first.rules == ["same-transfer"] and first.provisions == ["1718/8(b)", "1874/9"]


def test_denial_alone_builds_nothing() -> None:
    assert fuse([doc("c", "Kremlin", "2025-09-06", claim("arms", "KP", "RU", "denied"))], []) == []


def test_dark_shuttle_joins_arms_and_makes_it_multi_stream() -> None:
    events = [
        event(
            "port_visit",
            [273000001],
            "2025-09-08T00:00:00Z",
            ["OFAC-1"],
            port="Rajin",
            details={"port_country": "KP"},
        ),
        event("gap", [273000001], "2025-09-09T00:00:00Z", ["OFAC-1"]),
        event(
            "port_visit",
            [273000001],
            "2025-09-10T00:00:00Z",
            ["OFAC-1"],
            port="Dunai",
            details={"port_country": "RU"},
        ),
        event("gap", [273000002], "2025-09-09T00:00:00Z"),  # not listed, not named: stays out
    ]
    (incident,) = fuse([doc("a", "Paper A", "2025-09-12", claim("arms", "KP", "RU"))], events)
    assert incident.corroboration() == "multi-stream"
    assert "dark-shuttle" in incident.rules and "list-hit" in incident.rules
    assert list(incident.vessels) == [273000001]
    assert incident.vessels[273000001]["ports"] == ["Rajin", "Dunai"]


def test_encounter_with_dprk_vessel_joins_oil_and_partial_claims_merge() -> None:
    events = [event("encounter", [445000001, 667000001], "2025-09-12T00:00:00Z")]
    documents = [
        doc("a", "Paper A", "2025-09-15", claim("refined_petroleum", None, "KP")),
        doc("b", "Paper B", "2025-09-16", claim("refined_petroleum", "RU", "KP")),
    ]
    (incident,) = fuse(documents, events)
    assert (incident.category, incident.supplier, incident.recipient) == ("refined_petroleum", "RU", "KP")
    assert incident.rules == ["same-transfer", "sts-meeting"] and incident.corroboration() == "multi-stream"


def test_encounter_without_dprk_link_builds_nothing() -> None:
    assert fuse([], [event("encounter", [412000001, 667000001], "2025-09-12T00:00:00Z")]) == []


def test_a_claim_with_an_unknown_party_never_corroborates() -> None:
    documents = [
        doc("a", "Paper A", "2025-09-15", claim("refined_petroleum", "RU", "KP")),
        # "a tanker of unknown nationality delivered diesel to North Korea"
        doc("b", "Paper B", "2025-09-16", claim("refined_petroleum", None, "KP")),
    ]
    (incident,) = fuse(documents, [])
    assert (incident.supplier, incident.recipient) == ("RU", "KP") and len(incident.evidence) == 2
    assert incident.sources() == ["Paper A"] and incident.corroboration() == "single-source"
    agrees = {e["document"]: e["agrees"] for e in incident.as_dict()["evidence"]}
    assert agrees == {"a": True, "b": False}


def test_documents_without_a_publisher_count_as_one_source() -> None:
    documents = [
        doc("a", None, "2025-09-15", claim("arms", "KP", "RU")),  # type: ignore[arg-type]
        doc("b", None, "2025-09-16", claim("arms", "KP", "RU")),  # type: ignore[arg-type]
    ]
    (incident,) = fuse(documents, [])
    assert incident.corroboration() == "single-source"


def test_an_encounter_without_attribution_gives_its_references_to_neither_vessel() -> None:
    events = [event("encounter", [445000001, 667000001], "2025-09-12T00:00:00Z", ["OFAC-1"])]
    (incident,) = fuse([doc("a", "Paper A", "2025-09-15", claim("refined_petroleum", "RU", "KP"))], events)
    assert all(v["refs"] == [] for v in incident.vessels.values())
    assert not any(e["kind"] == "screening" for e in incident.evidence)


def test_a_vessel_named_in_a_claim_brings_its_own_events() -> None:
    tie = {"mmsi": 412000001, "name": "HAI STAR 15", "identifier": "name", "value": "Hai Star 15"}
    events = [
        event("loitering", [412000001], "2025-09-12T00:00:00Z"),
        event(
            "port_visit", [412000001], "2025-09-13T00:00:00Z", port="Busan", details={"port_country": "KR"}
        ),
        event("gap", [412000002], "2025-09-12T00:00:00Z"),
    ]
    documents = [doc("a", "Paper A", "2025-09-15", claim("refined_petroleum", "RU", "KP", vessels=[tie]))]
    (incident,) = fuse(documents, events)
    joined = [e for e in incident.evidence if e["kind"] == "ais_event"]
    assert [e["type"] for e in joined] == ["loitering"]  # the port call in Korea is no party's
    assert joined[0]["rule"] == "named-vessel" and joined[0]["tied_by"][0]["value"] == "Hai Star 15"
    assert incident.corroboration() == "multi-stream" and incident.ties()[0]["identifier"] == "name"


# Exact evidence, worked by hand: who is accused, by which identifier, on which list. These kill
# the mutants of fusion.py that the tests above let live (docs/testing.md).

ANGARA = {"entity_id": "e1", "name": "Angara", "caption": "ANGARA", "refs": ["OFAC-37059"], "score": 0.95}


def shuttle_events(mmsi: int, sanctioned: list[str], names: list[str], imo: list[str]) -> list[dict]:
    visit_kp = event(
        "port_visit", [mmsi], "2025-09-01T00:00:00Z", sanctioned, port="Rajin", details={"port_country": "KP"}
    )
    gap = event("gap", [mmsi], "2025-09-03T00:00:00Z", sanctioned)
    visit_ru = event(
        "port_visit", [mmsi], "2025-09-05T00:00:00Z", sanctioned, port="Dunai", details={"port_country": "RU"}
    )
    for item in (visit_kp, gap, visit_ru):
        item["names"], item["imo"] = names, imo
    return [visit_ru, gap, visit_kp]  # out of order: the incident orders them


def test_a_party_hit_is_one_screening_item_per_entity_and_never_a_numbered_namesake() -> None:
    kum = {"entity_id": "e2", "name": "Kum Un San", "caption": "KUM UN SAN", "refs": ["KPe.9"], "score": 0.9}
    first = claim(
        "arms", "KP", "RU", text="The Angara carried shells; the Kum Un San 3 sailed.", entities=[ANGARA, kum]
    )
    second = claim("arms", "KP", "RU", text="Angara again.", entities=[ANGARA])
    (incident,) = fuse(
        [doc("a", "Paper A", "2025-09-02", first), doc("b", "Paper B", "2025-09-03", second)], []
    )
    screening = [e for e in incident.evidence if e["kind"] == "screening"]
    assert screening == [
        {
            "kind": "screening",
            "rule": "list-hit",
            "subject": "party",
            "matched": "Angara",
            "matched_by": [{"identifier": "name", "value": "Angara"}],
            "document": "a",
            **ANGARA,
        }
    ]
    assert incident.rules == ["same-transfer", "list-hit"]
    assert [e["kind"] for e in incident.evidence] == ["claim", "claim", "screening"]


def test_no_hit_no_list_hit_rule() -> None:
    (incident,) = fuse([doc("a", "Paper A", "2025-09-02", claim("arms", "KP", "RU"))], [])
    assert incident.rules == ["same-transfer"] and [e["kind"] for e in incident.evidence] == ["claim"]
    assert incident.id == "INC-001" and incident.vessels == {}


def test_a_lone_listed_vessel_shuttling_is_accused_with_its_own_identifiers() -> None:
    events = shuttle_events(273000001, ["OFAC-37059"], ["ANGARA"], ["9179842"])
    (incident,) = fuse([doc("a", "Paper A", "2025-09-02", claim("arms", "KP", "RU"))], events)
    assert incident.vessels == {
        273000001: {
            "mmsi": 273000001,
            "imo": "9179842",
            "name": "ANGARA",
            "refs": ["OFAC-37059"],
            "hits": [],
            "ports": ["Rajin", "Dunai"],
        }
    }
    assert incident.rules == ["same-transfer", "dark-shuttle", "list-hit"]
    joined = [e for e in incident.evidence if e["kind"] == "ais_event"]
    assert [(e["type"], e["start"][:10], e["rule"], e["tied_by"]) for e in joined] == [
        ("port_visit", "2025-09-01", "dark-shuttle", []),
        ("gap", "2025-09-03", "dark-shuttle", []),
        ("port_visit", "2025-09-05", "dark-shuttle", []),
    ]
    assert incident.evidence[-1] == {
        "kind": "screening",
        "rule": "list-hit",
        "subject": "vessel",
        "matched": "ANGARA",
        "name": "ANGARA",
        "mmsi": 273000001,
        "imo": "9179842",
        "score": 1.0,
        "entity_id": "",
        "refs": ["OFAC-37059"],
    }
    assert incident.provisions == ["1718/8(b)", "1874/9"]


def test_a_shuttle_that_calls_in_russia_first_carries_to_the_dprk() -> None:
    events = shuttle_events(273000001, ["OFAC-1"], ["X"], [])
    for item in events:
        if item["type"] == "port_visit":
            item["details"] = {"port_country": "RU" if item["port"] == "Rajin" else "KP"}
    (incident,) = fuse([], events)
    assert (incident.category, incident.supplier, incident.recipient) == ("other", "RU", "KP")
    assert incident.vessels[273000001]["imo"] is None and incident.rules == ["dark-shuttle", "list-hit"]


def test_a_shuttle_needs_a_gap_a_listing_and_both_countries() -> None:
    unlisted = shuttle_events(273000001, [], ["X"], [])
    assert fuse([], unlisted) == []
    no_gap = [e for e in shuttle_events(273000001, ["OFAC-1"], ["X"], []) if e["type"] != "gap"]
    assert fuse([], no_gap) == []
    one_country = [e for e in shuttle_events(273000001, ["OFAC-1"], ["X"], []) if e["port"] != "Dunai"]
    assert fuse([], one_country) == []


def test_a_shuttle_named_by_the_documents_is_tied_by_identifier_and_listed_name() -> None:
    tie = {"mmsi": 273000001, "name": "ANGARA", "identifier": "imo", "value": "9179842", "extra": 1}
    text = "The Angara carried shells."
    documents = [
        doc(
            "a",
            "Paper A",
            "2025-09-02",
            claim("arms", "KP", "RU", text=text, entities=[ANGARA], vessels=[tie]),
        )
    ]
    events = shuttle_events(273000001, [], ["ANGARA"], [])  # not listed by its broadcast: named only
    (incident,) = fuse(documents, events)
    gap = next(e for e in incident.evidence if e["kind"] == "ais_event" and e["type"] == "gap")
    assert gap["tied_by"] == [
        {"mmsi": 273000001, "name": "ANGARA", "identifier": "imo", "value": "9179842", "document": "a"},
        {
            "mmsi": 273000001,
            "name": "ANGARA",
            "identifier": "listed name",
            "value": "ANGARA",
            "document": "a",
        },
    ]
    assert incident.vessels[273000001]["refs"] == []  # named, not listed: no vessel hit
    assert [e["subject"] for e in incident.evidence if e["kind"] == "screening"] == ["party"]


def test_each_vessel_of_an_encounter_keeps_its_own_hits() -> None:
    kum = {
        "mmsi": 445000001,
        "imo": "8004567",
        "name": "KUM UN SAN 3",
        "call_sign": "HMAA",
        "hits": [{"entity_id": "e9", "refs": ["KPe.1"]}],
    }
    other = {"mmsi": 371000001, "imo": None, "name": "SEA PIONEER", "call_sign": None, "hits": []}
    meeting = event("encounter", [445000001, 371000001], "2025-09-12T00:00:00Z", ["KPe.1"])
    meeting["vessels"] = [kum, other]
    (incident,) = fuse([], [meeting])
    assert (incident.category, incident.supplier, incident.recipient) == ("ship_to_ship", None, "KP")
    assert incident.vessels == {
        445000001: {
            "mmsi": 445000001,
            "imo": "8004567",
            "name": "KUM UN SAN 3",
            "call_sign": "HMAA",
            "refs": ["KPe.1"],
            "hits": [{"entity_id": "e9", "refs": ["KPe.1"]}],
        },
        371000001: {
            "mmsi": 371000001,
            "imo": None,
            "name": "SEA PIONEER",
            "call_sign": None,
            "refs": [],
            "hits": [],
        },
    }
    assert [e for e in incident.evidence if e["kind"] == "screening"] == [
        {
            "kind": "screening",
            "rule": "list-hit",
            "subject": "vessel",
            "matched": "KUM UN SAN 3",
            "name": "KUM UN SAN 3",
            "mmsi": 445000001,
            "imo": "8004567",
            "score": 1.0,
            "entity_id": "e9",
            "refs": ["KPe.1"],
        }
    ]
    assert incident.rules == ["sts-meeting", "list-hit"]


def test_an_encounter_joins_a_claim_within_45_days_either_side() -> None:
    def incidents_for(start: str) -> list:
        documents = [doc("a", "Paper A", "2025-09-01", claim("refined_petroleum", "CN", "KP"))]
        return fuse(documents, [event("encounter", [445000001, 371000001], start)])

    for start in ("2025-10-16T00:00:00Z", "2025-07-18T00:00:00Z"):  # 45 days after, before
        (joined,) = incidents_for(start)
        assert joined.rules == ["same-transfer", "sts-meeting"] and joined.supplier == "CN"
    for start in ("2025-10-17T00:00:00Z", "2025-07-17T00:00:00Z"):  # 46 days: an incident of its own
        kinds = sorted((i.category, i.rules[0]) for i in incidents_for(start))
        assert kinds == [("refined_petroleum", "same-transfer"), ("ship_to_ship", "sts-meeting")]


def test_claims_60_days_apart_are_one_incident_61_are_two() -> None:
    def count(second: str) -> int:
        documents = [
            doc("a", "Paper A", "2025-09-01", claim("arms", "KP", "RU")),
            doc("b", "Paper B", second, claim("arms", "KP", "RU")),
        ]
        return len(fuse(documents, []))

    assert count("2025-10-31") == 1 and count("2025-11-01") == 2


def test_incidents_are_numbered_in_date_order() -> None:
    documents = [
        doc("late", "Paper A", "2025-12-01", claim("coal", "KP", "CN")),
        doc("early", "Paper B", "2025-03-01", claim("arms", "KP", "RU")),
    ]
    assert [(i.id, i.category) for i in fuse(documents, [])] == [("INC-001", "arms"), ("INC-002", "coal")]


def test_the_claim_evidence_carries_its_document() -> None:
    document = DocumentClaims(
        "a.md", "Paper A", "2025-09-02", "Title", [claim("arms", "KP", "RU")], "https://x", "en"
    )
    (incident,) = fuse([document], [])
    item = incident.evidence[0]
    assert {k: item[k] for k in ("kind", "document", "publisher", "date", "title", "url")} == {
        "kind": "claim",
        "document": "a.md",
        "publisher": "Paper A",
        "date": "2025-09-02",
        "title": "Title",
        "url": "https://x",
    }


def test_named_vessel_events_join_within_the_period_at_the_parties_ports_once() -> None:
    tie = {"mmsi": 412000001, "name": "HAI STAR 15", "identifier": "imo", "value": "9000001"}
    events = [
        event("loitering", [412000001], "2025-09-12T00:00:00Z", names=["HAI STAR 15"]),
        event("loitering", [412000001], "2025-11-01T00:00:00Z"),  # 47 days after the claim: out
        event(
            "port_visit", [412000001], "2025-09-13T00:00:00Z", port="Nakhodka", details={"port_country": "RU"}
        ),
        event(
            "port_visit", [412000001], "2025-09-14T00:00:00Z", port="Busan", details={"port_country": "KR"}
        ),
        event("loitering", [412000009], "2025-09-12T00:00:00Z"),  # another vessel
    ]
    documents = [
        doc("a", "Paper A", "2025-09-15", claim("refined_petroleum", "RU", "KP", vessels=[tie])),
        doc("b", "Paper B", "2025-09-16", claim("refined_petroleum", "RU", "KP", vessels=[tie])),
    ]
    (incident,) = fuse(documents, events)
    joined = [(e["type"], e["start"][:10], e["rule"]) for e in incident.evidence if e["kind"] == "ais_event"]
    assert joined == [
        ("loitering", "2025-09-12", "named-vessel"),
        ("port_visit", "2025-09-13", "named-vessel"),
    ]
    first = next(e for e in incident.evidence if e["kind"] == "ais_event")
    assert first["tied_by"] == [{**tie, "document": "a"}, {**tie, "document": "b"}]
    assert incident.rules == ["same-transfer", "named-vessel"]
    assert incident.vessels == {
        412000001: {"mmsi": 412000001, "imo": None, "name": "HAI STAR 15", "refs": [], "hits": []}
    }


def test_an_event_a_rule_placed_is_not_joined_again_by_name() -> None:
    tie = {"mmsi": 445000001, "name": "KUM UN SAN 3", "identifier": "mmsi", "value": "445000001"}
    meeting = event("encounter", [445000001, 371000001], "2025-09-12T00:00:00Z")
    documents = [doc("a", "Paper A", "2025-09-15", claim("refined_petroleum", "RU", "KP", vessels=[tie]))]
    (incident,) = fuse(documents, [meeting])
    rules = [e["rule"] for e in incident.evidence if e["kind"] == "ais_event"]
    assert rules == ["sts-meeting"] and incident.rules == ["same-transfer", "sts-meeting"]
    assert incident.evidence[-1]["tied_by"] == [{**tie, "document": "a"}]


def test_an_encounter_of_unnamed_ships_stays_out_of_a_transfer_whose_documents_name_the_ships() -> None:
    """Articles name the two tankers of a transfer (tied to AIS by IMO); a DPRK-flagged ship meets
    another ship elsewhere that week. The named ships' encounter joins the transfer; the other
    encounter is its own finding, not evidence that those ships took part."""
    named = {"mmsi": 111000001, "name": "NORTH PEARL 15", "identifier": "imo", "value": "8000159"}
    articles = [
        doc("a", "Paper A", "2025-09-02", claim("ship_to_ship", "RU", "KP", vessels=[named])),
        doc("b", "Paper B", "2025-09-03", claim("ship_to_ship", "RU", "KP", vessels=[named])),
    ]
    theirs = event("encounter", [111000001, 445000001], "2025-09-02T10:00:00")
    other = event("encounter", [445000002, 477000003], "2025-09-05T10:00:00")
    incidents = fuse(articles, [theirs, other])
    transfer = next(i for i in incidents if i.supplier == "RU")
    assert set(transfer.vessels) == {111000001, 445000001}
    apart = [i for i in incidents if 477000003 in i.vessels]
    assert len(apart) == 1 and apart[0] is not transfer and apart[0].supplier is None


def test_an_encounter_joins_by_kind_and_time_when_the_documents_name_no_ship() -> None:
    articles = [doc("a", "Paper A", "2025-09-02", claim("ship_to_ship", "RU", "KP"))]
    incidents = fuse(articles, [event("encounter", [445000002, 477000003], "2025-09-05T10:00:00")])
    assert len(incidents) == 1 and set(incidents[0].vessels) == {445000002, 477000003}


def test_a_ship_to_ship_claim_sharing_its_sentence_with_the_goods_is_evidence_of_that_transfer() -> None:
    """ "A ship-to-ship transfer of refined petroleum" gives two claims (how, and what); the demo
    showed the sentence in two incidents (refined petroleum, and ship-to-ship transfers), one event
    counted twice. A method claim in another sentence, or whose goods built nothing, stands alone."""
    sentence = {"start": 100, "end": 180, "spans": [{"text": "t", "start": 100, "end": 180}]}
    elsewhere = {"start": 300, "end": 350, "spans": [{"text": "t", "start": 300, "end": 350}]}
    shared = doc(
        "a",
        "Paper A",
        "2025-09-01",
        claim("refined_petroleum", "RU", "KP", **sentence),
        claim("ship_to_ship", None, "KP", **sentence),
    )
    (incident,) = fuse([shared], [])
    assert incident.category == "refined_petroleum"
    assert sorted(e["category"] for e in incident.evidence) == ["refined_petroleum", "ship_to_ship"]

    apart = doc(
        "b",
        "Paper B",
        "2025-09-01",
        claim("refined_petroleum", "RU", "KP", **sentence),
        claim("ship_to_ship", "RU", "KP", **elsewhere),
    )
    assert sorted(i.category for i in fuse([apart], [])) == ["refined_petroleum", "ship_to_ship"]

    denied = doc(
        "c",
        "Kremlin",
        "2025-09-01",
        claim("refined_petroleum", "RU", "KP", "denied", **sentence),
        claim("ship_to_ship", "RU", "KP", **sentence),
    )
    (alone,) = fuse([denied], [])
    assert alone.category == "ship_to_ship" and [e["category"] for e in alone.evidence] == ["ship_to_ship"]
