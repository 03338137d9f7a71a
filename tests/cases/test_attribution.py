"""Attribution: a list hit belongs to the entity that matched and to the vessel whose own
identifier matched it."""

from __future__ import annotations

import json
from pathlib import Path

from sanctionwatch.cases.attribution import Attributor, describe_vessels, numerals_agree, owners
from sanctionwatch.lists.model import ListEntity
from sanctionwatch.lists.store import Store
from sanctionwatch.maritime.vessels import VesselLookup
from sanctionwatch.screening.index import build_index
from tests.cases.test_run import demo_run  # noqa: F401 - the shared fixture


def vessel(ref: str, name: str, imo: str = "", mmsi: str = "") -> ListEntity:
    return ListEntity(
        id=f"t-{ref}",
        schema="Vessel",
        dataset="test",
        ref=ref,
        name=name,
        imo=[imo] if imo else [],
        mmsi=[mmsi] if mmsi else [],
    )


def attributor(*entities: ListEntity) -> Attributor:
    index = build_index(list(entities))
    return Attributor(index, VesselLookup.from_index(index))


def test_an_encounter_gives_each_vessel_its_own_hits_only() -> None:
    found = attributor(vessel("REF-1", "KUM UN SAN 3", imo="8705539"))
    event = {"type": "encounter", "mmsi": [445209000, 667001234], "names": [], "imo": []}
    known = {
        445209000: {"imo": "8705539", "name": "KUM UN SAN 3"},
        667001234: {"imo": "9355147", "name": "SEA PIONEER"},
    }
    describe_vessels([event], known, found)
    listed, partner = event["vessels"]
    assert [hit["refs"] for hit in listed["hits"]] == [["REF-1"]]
    assert {m["identifier"] for m in listed["hits"][0]["matched_by"]} == {"imo", "name"}
    assert partner["hits"] == []


def test_a_name_contradicted_by_the_broadcast_imo_is_no_hit() -> None:
    found = attributor(vessel("REF-2", "ANGARA", imo="9179842"))
    assert found.vessel_hits(273000001, "9355147", "ANGARA") == []
    (hit,) = found.vessel_hits(273000001, None, "ANGARA")
    assert hit["strength"] == "name only"
    (hit,) = found.vessel_hits(273000001, "9179842", "SOMETHING ELSE")
    assert hit["strength"] == "identifier" and hit["matched_by"] == [
        {"identifier": "imo", "value": "9179842"}
    ]


def test_a_vessel_is_matched_by_its_mmsi() -> None:
    found = attributor(vessel("REF-3", "CHON MA SAN", mmsi="445123000"))
    (hit,) = found.vessel_hits(445123000, None, None)
    assert hit["refs"] == ["REF-3"] and hit["matched_by"] == [{"identifier": "mmsi", "value": "445123000"}]


def test_a_numeral_after_the_name_in_the_text_is_another_vessel() -> None:
    entity = {"name": "Kum Un San", "caption": "KUM UN SAN"}
    assert not numerals_agree(entity, "The tanker Kum Un San 3 met a foreign tanker.")
    assert numerals_agree(entity, "The tanker Kum Un San met a foreign tanker.")
    assert numerals_agree({"name": "Kum Un San", "caption": "KUM UN SAN 3"}, "Kum Un San 3 sailed.")


def test_owners_come_from_the_list_remarks() -> None:
    assert owners("Vessel Type Tanker; Registered Owner: Korea Achim Shipping Co; Flag North Korea") == [
        {"role": "registered owner", "name": "Korea Achim Shipping Co"}
    ]
    assert owners(
        "Vessel Registration Identification IMO 8705539; Linked To: DAWN MARINE MANAGEMENT CO LTD."
    ) == [{"role": "linked to", "name": "DAWN MARINE MANAGEMENT CO LTD"}]
    assert owners("Secondary sanctions risk: North Korea Sanctions Regulations") == []


def test_every_list_hit_in_the_demo_belongs_to_the_entity_that_matched(
    demo_run: Path,  # noqa: F811
    bundled_db: Path,
) -> None:
    incidents = json.loads((demo_run / "report" / "incidents.json").read_text())["incidents"]
    store = Store(bundled_db, read_only=True)
    try:
        records = {entity.ref: entity for entity in store.entities()}
    finally:
        store.close()
    walked = 0
    for incident in incidents:
        vessels = {v["mmsi"]: v for v in incident["vessels"]}
        for item in incident["evidence"]:
            if item["kind"] != "screening":
                continue
            walked += 1
            listed = [records[ref] for ref in item["refs"]]
            assert len({entity.canonical_id for entity in listed}) == 1, item  # one entity per hit
            assert [listing["ref"] for listing in item["listings"]] == item["refs"]
            if item["subject"] == "vessel":
                own = vessels[item["mmsi"]]
                identifiers = {
                    "imo": {i for e in listed for i in e.imo},
                    "mmsi": {m for e in listed for m in e.mmsi},
                    "name": {n.upper() for e in listed for n in e.names()},
                }
                # the hit matches this vessel's own identifier, read from the store independently
                assert any(
                    str(own[m["identifier"]]).upper() in identifiers[m["identifier"]]
                    for m in item["matched_by"]
                ), item
            else:  # a party named in a claim: the text must not name a numbered vessel the list lacks
                claims = [
                    e
                    for e in incident["evidence"]
                    if e["kind"] == "claim" and e["document"] == item["document"]
                ]
                for claim in claims:
                    at = claim["text"].lower().find(item["name"].lower())
                    if at < 0:
                        continue
                    after = claim["text"][at + len(item["name"]) :].split()[:1]
                    assert (
                        not (after and after[0].strip(".,").isdigit())
                        or after[0].strip(".,") in item["caption"]
                    )
        for own in incident["vessels"]:
            for ref in own["refs"]:
                entity = records[ref]
                assert (
                    (own["imo"] and own["imo"] in entity.imo)
                    or str(own["mmsi"]) in entity.mmsi
                    or (own["name"] or "").upper() in {n.upper() for n in entity.names()}
                ), (own, ref)
    assert walked >= 2
    meeting = next(i for i in incidents if "sts-meeting" in i["rules"])
    pioneer = next(v for v in meeting["vessels"] if v["name"] == "SEA PIONEER")
    assert pioneer["refs"] == [] and pioneer["hits"] == []
    assert not any(e.get("mmsi") == pioneer["mmsi"] for e in meeting["evidence"] if e["kind"] == "screening")


def test_listings_carry_the_designation_date_the_un_file_states(bundled_db: Path) -> None:
    """The report's 'designated on' comes from the list file: read the UN snapshot's own
    LISTED_ON for a few vessels and entities and compare (the file read here with ElementTree,
    not with the reader under test)."""
    import lzma
    import xml.etree.ElementTree as ET

    from sanctionwatch.cases.attribution import listing_dates
    from sanctionwatch.lists.bundled import DATA
    from sanctionwatch.lists.ids import record_id

    root = ET.fromstring(
        lzma.decompress((DATA / "sanctions" / "un_consolidated_2026-02-27.xml.xz").read_bytes())
    )
    stated = {
        node.findtext("REFERENCE_NUMBER", "").strip(): node.findtext("LISTED_ON", "").strip()[:10]
        for node in root.iter("ENTITY")
    }
    sample = sorted(ref for ref, day in stated.items() if ref.startswith("KPe.") and day)[:12]
    assert len(sample) == 12
    store = Store(bundled_db, read_only=True)
    try:
        dates = listing_dates(store, [record_id("un_sc", ref) for ref in sample])
    finally:
        store.close()
    assert {ref: dates.get(record_id("un_sc", ref)) for ref in sample} == {ref: stated[ref] for ref in sample}
