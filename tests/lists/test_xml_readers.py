"""The readers written for ``lists update``: OFAC's SDN.XML, the EU FSF XML, the FCDO's UK Sanctions
List XML, on fixture files written in those formats (``tests/lists/fixtures``). Expected values
are read off the fixtures by hand."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sanctionwatch.errors import InputError, ParseError
from sanctionwatch.lists.loading import load_paths
from sanctionwatch.lists.readers import ListFile, detect_format, read_list
from sanctionwatch.lists.store import Store
from tests.lists.fixtures import UK_CSV, UN_XML
from tests.lists.test_properties import mutated

FIXTURES = Path(__file__).parent / "fixtures"
OFAC_XML = FIXTURES / "ofac" / "SDN.XML"
EU_XML = FIXTURES / "eu" / "eu_fsf.xml"
UK_XML = FIXTURES / "uk" / "UK-Sanctions-List.xml"
#: What says where and when a record was read; the rest must agree between two formats.
PROVENANCE = ("source_file", "list_date", "canonical_id", "notes")


def by_id(list_file: ListFile) -> dict[str, Any]:
    return {entity.id: entity for entity in list_file.entities}


def test_formats_are_detected_from_content() -> None:
    assert detect_format(OFAC_XML) == "ofac-xml"
    assert detect_format(EU_XML) == "eu-xml"
    assert detect_format(UK_XML) == "uk-fcdo-xml"


def test_ofac_xml() -> None:
    read = read_list(OFAC_XML)
    assert (read.dataset, read.list_date, len(read.entities)) == ("us_ofac_sdn", "2021-07-07", 8)
    found = by_id(read)
    person = found["us-ofac-sdn-18552"]
    assert (person.schema, person.name, person.ref) == ("Person", "HWANG, Su Man", "OFAC-18552")
    assert person.aliases == ["HWANG, Kyong Nam"] and person.birth_dates == ["1955-04-06"]
    assert person.nationalities == ["kp"] and person.passports == ["472220033"]
    komid = found["us-ofac-sdn-9345"]
    assert komid.weak_aliases == ["KOMID"] and komid.programs == ["NPWMD", "DPRK2"]
    assert komid.countries == ["kp", "cn", "ru", "ir", "sy"]
    ship = found["us-ofac-sdn-900001"]
    assert (ship.imo, ship.mmsi, ship.call_signs, ship.flags) == (
        ["9179842"],
        ["445123000"],
        ["HMXX"],
        ["kp"],
    )
    assert found["us-ofac-sdn-22703"].registrations == ["2001/044 (Namibia)"]
    assert found["us-ofac-sdn-12312"].swift == ["KDBKKPPY"]
    assert found["us-ofac-sdn-20540"].schema == "Airplane"
    links = {
        (r["schema"], r["properties"].get("subject", r["properties"].get("owner"))[0])
        for r in read.related
        if r["schema"] != "Sanction"
    }
    assert links == {("UnknownLink", "us-ofac-sdn-18552"), ("Ownership", "us-ofac-sdn-12209")}


def test_ofac_xml_and_csv_of_the_same_records_give_the_same_entities() -> None:
    xml, csv = read_list(OFAC_XML), read_list(FIXTURES / "ofac" / "sdn.csv")
    assert set(by_id(xml)) == set(by_id(csv))
    for entity_id, entity in by_id(xml).items():
        other = by_id(csv)[entity_id]
        for name in entity.__dataclass_fields__:
            if name not in PROVENANCE:
                assert sorted(map(str, [getattr(entity, name)])) == sorted(
                    map(str, [getattr(other, name)])
                ), (
                    entity_id,
                    name,
                )

    def related(list_file: ListFile) -> list[Any]:
        return sorted(
            (r["id"], sorted((k, v) for k, v in r["properties"].items() if k != "sourceUrl"))
            for r in list_file.related
        )

    assert related(xml) == related(csv)
    assert xml.set_aside == csv.set_aside


def test_eu_xml() -> None:
    read = read_list(EU_XML)
    assert (read.dataset, read.list_date, len(read.entities)) == ("eu_fsf", "2026-03-02", 5)
    found = by_id(read)
    kim = found["eu-fsf-13265"]
    assert (kim.ref, kim.schema, kim.name) == ("EU.3815.32", "Person", "Kim Chol")
    assert kim.aliases == ["김철"] and kim.weak_aliases == ["Kim Tchol"]
    assert (kim.birth_dates, kim.nationalities, kim.passports) == (["1966-04-11"], ["kp"], ["472310082"])
    assert kim.xrefs == ["KPi.033"] and kim.dprk and kim.programs == ["PRK"]
    company = found["eu-fsf-13266"]
    assert company.imo == [] and company.registrations == ["IMO company 1790183"]  # never a ship's number
    assert company.countries == ["kp"] and company.aliases == ["TMM"]
    assert found["eu-fsf-13267"].birth_dates == ["1958", "1960", "1961", "1962"]
    ivan = found["eu-fsf-13268"]
    assert (ivan.name, ivan.birth_dates, ivan.dprk) == ("Ivan Petrovich Testov", ["1971-05"], False)
    pyotr = found["eu-fsf-13269"]  # no euReferenceNumber; the English name first though written second
    assert (pyotr.ref, pyotr.name, pyotr.aliases) == (
        "EU-13269",
        "Pyotr Ivanovich TESTOV",
        ["Pjotr Ivanovitj TESTOV"],
    )
    assert pyotr.birth_dates == ["1952-10-07"]
    sanction = next(r for r in read.related if r["properties"]["entity"] == ["eu-fsf-13265"])
    assert sanction["properties"]["listingDate"] == ["2016-03-04"] and sanction["properties"]["unscId"] == [
        "KPi.033"
    ]


def test_uk_sanctions_list_xml() -> None:
    read = read_list(UK_XML)
    assert (read.dataset, read.list_date, len(read.entities)) == ("gb_fcdo", "2026-03-02", 4)
    found = by_id(read)
    ri = found["gb-fcdo-DPR0901"]
    assert (ri.schema, ri.name, ri.weak_aliases) == ("Person", "Won Ho RI", ["Wo'n-ho Ri"])
    assert ri.birth_dates == ["1964-07-17", "1965"] and ri.passports == ["381110042"]
    assert ri.xrefs == ["KPi.901", "GB-HMT-901"] and ri.nationalities == ["kp"] and ri.dprk
    ship = found["gb-fcdo-DPR0902"]
    assert (ship.schema, ship.imo, ship.flags) == ("Vessel", ["8937675"], ["kp"])
    firm = found["gb-fcdo-DPR0903"]
    assert firm.aliases == ["KTTC", "KOREA TEST TRADING CORP", "조선시험무역회사"]
    assert firm.registrations == ["KP-12345"] and firm.countries == ["kp"]
    russian = found["gb-fcdo-RUS9901"]
    assert (russian.name, russian.birth_dates, russian.dprk) == ("Ivan Petrovich TESTOV", ["1971-05"], False)
    sanction = next(r for r in read.related if r["properties"]["entity"] == ["gb-fcdo-DPR0901"])
    assert sanction["properties"]["listingDate"] == ["2017-12-22"] and sanction["properties"]["unscId"] == [
        "KPi.901"
    ]


def test_uk_sanctions_list_links_to_the_un_and_ofsi_records(tmp_path: Path) -> None:
    un, ofsi = tmp_path / "un.xml", tmp_path / "ConList.csv"
    un.write_text(UN_XML)
    ofsi.write_bytes(UK_CSV.encode("cp1252"))
    with Store(tmp_path / "db.duckdb") as store:
        load_paths(store, [un, ofsi, UK_XML])
        assert {record.id for record in store.find("DPR0901")} == {
            "un-sc-KPi.901",
            "gb-hmt-901",
            "gb-fcdo-DPR0901",
        }
        assert {record.id for record in store.find("DPR0902")} == {
            "gb-hmt-902",
            "gb-fcdo-DPR0902",
        }  # same IMO


@pytest.mark.parametrize(
    ("path", "cut", "problem"),
    [
        (OFAC_XML, "<uid>9345</uid>", "uid is not a number"),
        (EU_XML, 'logicalId="13265"', "neither logicalId nor euReferenceNumber"),
        (UK_XML, "<UniqueID>DPR0901</UniqueID>", "UniqueID is missing"),
    ],
)
def test_a_record_without_its_key_is_an_error_naming_it(
    path: Path, cut: str, problem: str, tmp_path: Path
) -> None:
    text = path.read_text(encoding="utf-8")
    if path == EU_XML:
        text = text.replace('euReferenceNumber="EU.3815.32" ', "")
    broken = tmp_path / path.name
    broken.write_text(text.replace(cut, ""), encoding="utf-8")
    with pytest.raises(ParseError, match=problem):
        read_list(broken)


def test_a_root_of_another_list_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.xml"
    other.write_text('<sdnList xmlns="x"><sdnEntry/></sdnList>')
    with pytest.raises(ParseError, match="expected export, found sdnList"):
        read_list(other, "eu-xml")


VALID = {"ofac-xml": OFAC_XML, "eu-xml": EU_XML, "uk-fcdo-xml": UK_XML}
BOUNDED = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)


def read_or_refuse(format: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / VALID[format].name
        path.write_bytes(data)
        for given_format in (format, None):
            try:
                read = read_list(path, given_format)
            except InputError:
                continue
            assert all(entity.id and entity.schema and entity.name for entity in read.entities)


@BOUNDED
@given(st.sampled_from(sorted(VALID)), st.binary(max_size=2048))
def test_arbitrary_bytes(format: str, data: bytes) -> None:
    read_or_refuse(format, data)


@BOUNDED
@given(st.sampled_from(sorted(VALID)), st.data())
def test_mutated_files(format: str, data: st.DataObject) -> None:
    read_or_refuse(format, data.draw(mutated(VALID[format].read_bytes())))
