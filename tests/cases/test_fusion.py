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
