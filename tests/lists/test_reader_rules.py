"""Rules of the list readers, each shown by the smallest edit of a fixture that flips it (issue 27:
mutants of ``lists/`` that outlived the reader tests in a sampled mutmut run, docs/testing.md)."""

from __future__ import annotations

from pathlib import Path

from sanctionwatch.lists.readers import read_list
from tests.lists.fixtures import UN_XML, write_au_xlsx
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


def test_an_eu_record_is_dprk_by_its_un_reference_alone(tmp_path: Path) -> None:
    """Record 13268 (Ukraine programme, Russian citizenship) given a UN reference of the DPRK
    regime (``KPi.``) is a DPRK record; given one of another regime (``CDi.``, Congo) it is not."""
    text = EU_XML.read_text(encoding="utf-8")
    blank = 'unitedNationId="" euReferenceNumber="EU.9001.77"'
    assert text.count(blank) == 1

    def read_with(reference: str) -> tuple[list[str], list[str], list[str], bool]:
        path = tmp_path / f"eu_{reference[:2]}.xml"
        path.write_text(text.replace(blank, blank.replace('""', f'"{reference}"', 1)), encoding="utf-8")
        record = by_id(read_list(path))["eu-fsf-13268"]
        return record.nationalities, record.programs, record.xrefs, record.dprk

    assert read_with("KPI.099") == (["ru"], ["UKR"], ["KPi.099"], True)
    assert read_with("CDI.001") == (["ru"], ["UKR"], ["CDi.001"], False)


def test_a_dfat_primary_name_is_the_name_whatever_its_row(tmp_path: Path) -> None:
    """DFAT's "Name Type" column, not the row order, says which row of a group holds the name:
    the fixture's group 3157 with its "aka" row moved above its "Primary Name" row."""
    import openpyxl

    sheet = openpyxl.load_workbook(write_au_xlsx(tmp_path / "dfat.xlsx")).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [row[:4] for row in rows[1:3]] == [
        ("3157", "KIM TEST", "Individual ", "Primary Name"),
        ("3157a", "Kim Tes-t", "Individual", "aka"),
    ]
    workbook = openpyxl.Workbook()
    for row in [rows[0], rows[2], rows[1], *rows[3:]]:
        workbook.active.append(list(row))
    workbook.save(tmp_path / "swapped.xlsx")
    person = by_id(read_list(tmp_path / "swapped.xlsx"))["au-dfat-3157"]
    assert (person.name, person.aliases) == ("KIM TEST", ["Kim Tes-t"])


def test_an_eu_identity_card_is_a_registration_not_a_swift_code(tmp_path: Path) -> None:
    """The fixture's one passport turned into a national identity card: a document that is neither
    a passport, an IMO number nor a SWIFT/BIC code is kept as a registration, and only there."""
    text = EU_XML.read_text(encoding="utf-8")
    passport = 'identificationTypeCode="passport" identificationTypeDescription="National passport"'
    assert text.count(passport) == 1
    card = 'identificationTypeCode="id" identificationTypeDescription="National identification card"'
    path = tmp_path / "eu_fsf.xml"
    path.write_text(text.replace(passport, card), encoding="utf-8")
    [before] = [e for e in read_list(EU_XML).entities if e.passports == ["472310082"]]
    after = by_id(read_list(path))[before.id]
    assert (after.passports, after.swift, after.registrations) == ([], [], ["472310082"])


def test_a_un_name_is_its_four_parts_in_the_lists_order(tmp_path: Path) -> None:
    """The UN writes a name in up to four parts (166 individuals of the bundled list have a
    FOURTH_NAME, KANONGA among them); all four are the name, in the order given."""
    second = "<SECOND_NAME>WON HO</SECOND_NAME>"
    assert UN_XML.count(second) == 1
    path = tmp_path / "un.xml"
    path.write_text(
        UN_XML.replace(second, f"{second}<THIRD_NAME>TEST</THIRD_NAME><FOURTH_NAME>KANONGA</FOURTH_NAME>"),
        encoding="utf-8",
    )
    [person] = [e for e in read_list(path).entities if e.schema == "Person"]
    assert person.name == "RI WON HO TEST KANONGA"
