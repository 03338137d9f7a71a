from __future__ import annotations

from pathlib import Path

import pytest

from sanctionwatch.errors import FormatError, ParseError
from sanctionwatch.lists.readers import detect_format, read_list
from tests.lists.fixtures import (
    FTM_LINES,
    UK_CSV,
    UN_XML,
    write_au_xlsx,
    write_ofac_set,
)


def by_ref(entities: list) -> dict:
    return {entity.ref: entity for entity in entities}


def test_un_xml_quirks(tmp_path: Path) -> None:
    path = tmp_path / "un.xml"
    path.write_text(UN_XML, encoding="utf-8")
    assert detect_format(path) == "un-xml"
    result = read_list(path)
    assert result.list_date == "2026-01-02"
    people = by_ref(result.entities)
    person = people["KPi.901"]  # trailing space in the reference is gone
    assert person.name == "RI WON HO"  # leading space in FIRST_NAME is gone
    assert person.aliases == ["Jin Tiesan", "金铁三"]
    assert person.weak_aliases == ["Ri Wo’n-ho"]
    assert person.birth_dates == ["1964-07-17", "1950", "1951", "1952"]
    assert person.passports == ["381110042"]
    assert person.nationalities == ["kp"]
    assert person.dprk
    entity = people["KPe.901"]
    assert entity.schema == "Organization"
    assert entity.aliases == ["KTTC", "KTTC-2"]  # acronym split off, literal quotes dropped
    assert entity.imo == []  # an IMO *company* number is not a ship's IMO number
    assert entity.registrations == ["IMO company 5123456"]


def test_un_xml_broken_names_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    text = UN_XML.replace("</ENTITY>", "", 1)
    path.write_text(text, encoding="utf-8")
    mismatched = text.splitlines().index("  </ENTITIES>") + 1
    with pytest.raises(ParseError) as info:
        read_list(path)
    assert f"{path}, line {mismatched}, column 4: broken XML" in str(info.value)


def test_ofac_set_joins_companions(tmp_path: Path) -> None:
    sdn = write_ofac_set(tmp_path / "ofac")
    assert detect_format(sdn) == "ofac-csv"
    result = read_list(sdn)
    people = by_ref(result.entities)
    person = people["OFAC-101"]
    assert person.programs == ["NPWMD", "DPRK2"]
    assert person.birth_dates == ["1964", "1962-08-28"]
    assert person.nationalities == ["kp"]
    assert person.passports == ["290320764"]
    assert person.weak_aliases == ["TESTY"]
    assert person.aliases == ["KIM, TEST SOK"]
    assert person.notes.endswith("Linked To: TEST BANK.")
    vessel = people["OFAC-102"]
    assert (vessel.schema, vessel.imo, vessel.mmsi) == ("Vessel", ["9179842"], ["445123000"])
    assert vessel.call_signs == ["HMXX"] and vessel.flags == ["kp"]
    company = people["OFAC-103"]
    assert company.swift == ["TESTKPPY"] and company.countries == ["kp"]
    assert result.set_aside == {
        # entry 999 is above the last of sdn.csv: the alt.csv is newer (as the bundled one is)
        "alt.csv rows for entries after the last of this sdn.csv (103): alt.csv is newer": 1,
        "'Linked To' names that are not one other record of this sdn.csv (kept in notes)": 1,
    }


def test_ofac_wrong_field_count_names_the_line(tmp_path: Path) -> None:
    sdn = write_ofac_set(tmp_path, '1,"A","individual","DPRK"\r\n')
    with pytest.raises(ParseError, match=r"sdn\.csv, line 1: expected 12 fields, found 4"):
        read_list(sdn, "ofac-csv")


def test_ofac_companion_alone_is_refused(tmp_path: Path) -> None:
    write_ofac_set(tmp_path)
    with pytest.raises(FormatError, match="load sdn.csv instead"):
        read_list(tmp_path / "alt.csv")


def test_uk_csv_windows_1252_and_partial_dates(tmp_path: Path) -> None:
    path = tmp_path / "conlist.csv"
    path.write_bytes(UK_CSV.encode("cp1252"))
    assert detect_format(path) == "uk-csv"
    result = read_list(path)
    assert result.list_date == "2018-04-13"
    entities = by_ref(result.entities)
    person = entities["GB-HMT-901"]
    assert person.birth_dates == ["1964"]
    assert person.xrefs == ["KPi.901"]
    assert "“Test”" in person.notes
    ship = entities["GB-HMT-902"]
    assert (ship.schema, ship.imo, ship.mmsi) == ("Vessel", ["8937675"], ["445539000"])


def test_au_xlsx_rows_grouped_and_serial_dates(tmp_path: Path) -> None:
    path = write_au_xlsx(tmp_path / "dfat.xlsx")
    assert detect_format(path) == "au-xlsx"
    entities = by_ref(read_list(path).entities)
    person = entities["AU-DFAT-3157"]
    assert person.name == "KIM TEST" and person.aliases == ["Kim Tes-t"]
    assert person.birth_dates == ["1943-09-26"]  # Excel serial 15975
    assert person.dprk and entities["AU-DFAT-4000"].dprk
    assert entities["AU-DFAT-4000"].schema == "Organization"


def test_ftm_lines(tmp_path: Path) -> None:
    path = tmp_path / "entities.ftm.json"
    path.write_text(FTM_LINES)
    assert detect_format(path) == "ftm"
    entities = {entity.id: entity for entity in read_list(path).entities}
    # the file's own dataset, whatever its lines say; what they say is kept
    assert entities["t-1"].dataset == "entities" and entities["t-1"].datasets == ["test_ds"]
    assert entities["t-1"].referents == ["T-1"] and entities["t-1"].birth_dates == ["1970-01-01"]
    assert entities["t-2"].imo == ["9179842"]


def test_ftm_bad_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "entities.json"
    path.write_text(FTM_LINES + '{"id": "x", "schema": "NoSuchSchema", "properties": {}}\n')
    with pytest.raises(ParseError, match="line 3"):
        read_list(path, "ftm")


def test_unknown_format(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    with pytest.raises(FormatError, match="pass --format"):
        read_list(path)


def test_compressed_input_is_read_through(tmp_path: Path) -> None:
    import lzma

    path = tmp_path / "un.xml.xz"
    path.write_bytes(lzma.compress(UN_XML.encode()))
    assert len(read_list(path).entities) == 2


def test_the_formats_the_help_names_are_the_registry_in_its_order() -> None:
    from sanctionwatch.lists.formats import FORMATS
    from sanctionwatch.lists.readers import READERS

    assert tuple(READERS) == FORMATS
