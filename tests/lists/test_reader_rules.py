"""Rules of the list readers, each shown by the smallest edit of a fixture that flips it (issue 27:
mutants of ``lists/`` that outlived the reader tests in a sampled mutmut run, docs/testing.md)."""

from __future__ import annotations

from pathlib import Path

from sanctionwatch.lists.readers import read_list
from tests.lists.test_xml_readers import EU_XML, by_id


def test_an_eu_record_is_dprk_by_its_citizenship_alone(tmp_path: Path) -> None:
    """Record 13268 is under the Ukraine programme with no UN reference; only its citizenship
    changes here, from Russian to North Korean, and that alone makes it a DPRK record."""
    text = EU_XML.read_text(encoding="utf-8")
    russian = 'countryIso2Code="RU" countryDescription="RUSSIAN FEDERATION" regulationLanguage="en" '
    russian += 'logicalId="20034"'  # the citizenship of 13268 (the same country appears in addresses)
    assert text.count(russian) == 1
    korean = text.replace(russian, russian.replace('"RU"', '"KP"'))
    path = tmp_path / "eu_fsf.xml"
    path.write_text(korean, encoding="utf-8")
    before = by_id(read_list(EU_XML))["eu-fsf-13268"]
    after = by_id(read_list(path))["eu-fsf-13268"]
    assert (before.nationalities, before.programs, before.xrefs, before.dprk) == (["ru"], ["UKR"], [], False)
    assert (after.nationalities, after.programs, after.xrefs, after.dprk) == (["kp"], ["UKR"], [], True)


def test_an_eu_swift_code_is_read_as_swift_not_as_a_registration(tmp_path: Path) -> None:
    """The fixture's one "IMO company number" identification, turned into a SWIFT/BIC code: the
    bank code is what links a bank across lists, so it must land in ``swift``."""
    text = EU_XML.read_text(encoding="utf-8")
    imo = 'number="IMO 1790183"'
    kind = 'identificationTypeCode="other" identificationTypeDescription="IMO company number"'
    assert text.count(imo) == 1 and text.count(kind) == 1
    swift = text.replace(imo, 'number="KBRBKPPY"').replace(
        kind, kind.replace("IMO company number", "SWIFT/BIC")
    )
    path = tmp_path / "eu_fsf.xml"
    path.write_text(swift, encoding="utf-8")
    [before] = [e for e in read_list(EU_XML).entities if "IMO company 1790183" in e.registrations]
    after = by_id(read_list(path))[before.id]
    assert before.swift == []
    assert after.swift == ["KBRBKPPY"]
    assert "IMO company 1790183" not in after.registrations
