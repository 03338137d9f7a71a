"""Every bad list file is a one-line error naming the file and where, never a traceback (issue 19)."""

from __future__ import annotations

import gzip
import io
import lzma
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import zstandard

from sanctionwatch.errors import InputError, ParseError
from sanctionwatch.lists.loading import load_paths
from sanctionwatch.lists.readers import read_list
from sanctionwatch.lists.store import Store
from tests.helpers import run_cli
from tests.lists.fixtures import FTM_LINES, UK_CSV, UN_XML, write_au_xlsx


def test_uk_csv_saved_as_utf8_reads_like_the_original(tmp_path: Path) -> None:
    # "Á" is C3 81 in UTF-8, and 0x81 is no character in Windows-1252: this used to be a
    # UnicodeDecodeError traceback
    text = UK_CSV.replace("RI,Won Ho", "RÁ,Won Ho")
    saved = tmp_path / "ConList.csv"
    saved.write_bytes(text.encode("utf-8"))
    people = {entity.ref: entity for entity in read_list(saved).entities}
    assert people["GB-HMT-901"].name == "Won Ho RÁ"
    with_bom = tmp_path / "ConList-bom.csv"
    with_bom.write_bytes(text.encode("utf-8-sig"))
    assert read_list(with_bom).entities[0].name == "Won Ho RÁ"


def test_uk_csv_in_no_known_encoding_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "ConList.csv"
    path.write_bytes(UK_CSV.encode("cp1252").replace(b"Won Ho", b"Won \x81Ho"))
    with pytest.raises(ParseError, match=r"ConList\.csv, line 3: not utf-8 or cp1252 text"):
        read_list(path)


def test_uk_csv_without_group_id_is_refused_at_the_header(tmp_path: Path) -> None:
    path = tmp_path / "ConList.csv"
    path.write_bytes(UK_CSV.replace(",Group ID", ",Group").encode("cp1252"))
    with pytest.raises(ParseError, match=r"line 2: the header lacks Group ID"):
        read_list(path)


def test_truncated_xlsx_sheet_names_the_row(tmp_path: Path) -> None:
    whole = write_au_xlsx(tmp_path / "whole.xlsx")
    truncated = tmp_path / "regulation8_consolidated.xlsx"
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(truncated, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) * 2 // 3]
            target.writestr(info, data)
    with pytest.raises(
        ParseError, match=r"regulation8_consolidated\.xlsx, row \d+: the sheet cannot be read"
    ):
        read_list(truncated, "au-xlsx")


def test_impossible_dates_in_the_dfat_workbook(tmp_path: Path) -> None:
    import openpyxl

    path = write_au_xlsx(tmp_path / "dfat.xlsx", serial_dob="31/02/1970")
    assert read_list(path).entities[0].birth_dates == []  # no such day: not a birth date
    workbook = openpyxl.load_workbook(path)
    cell = workbook.active["E3"]
    cell.value, cell.number_format = 10**9, "dd/mm/yyyy"  # a date serial past year 9999
    workbook.save(path)
    assert read_list(path).entities[0].birth_dates == []  # openpyxl's warning is not shown


@pytest.mark.parametrize(
    ("field", "value"),
    [("datasets", "5"), ("referents", "5"), ("properties", '{"name": "x"}'), ("id", "5")],
)
def test_ftm_fields_of_the_wrong_type_name_the_line(tmp_path: Path, field: str, value: str) -> None:
    line = f'{{"id": "t-9", "schema": "Person", "properties": {{"name": ["X"]}}, "{field}": {value}}}\n'
    path = tmp_path / "entities.ftm.json"
    path.write_text(FTM_LINES + line)
    with pytest.raises(ParseError, match="line 3"):
        read_list(path)


def test_ftm_unknown_property_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "entities.ftm.json"
    path.write_text(FTM_LINES + '{"id": "t-9", "schema": "Person", "properties": {"colour": ["red"]}}\n')
    with pytest.raises(ParseError, match=r"line 3: unknown property Person:colour"):
        read_list(path)


def test_ftm_impossible_birth_date_is_counted_not_used(tmp_path: Path) -> None:
    path = tmp_path / "entities.ftm.json"
    path.write_text(FTM_LINES.replace("1970-01-01", "1970-02-31"))
    un = tmp_path / "un.xml"
    un.write_text(UN_XML)
    with Store(tmp_path / "db.duckdb") as store:
        [_, record] = load_paths(store, [un, path])  # linking compares birth dates: no ValueError
        person = next(store.entities("id = 't-1'"))
    assert person.birth_dates == [] and person.properties["birthDate"] == ["1970-02-31"]
    assert sum(record.set_aside.values()) == 1


def big_un_xml() -> bytes:
    """A valid UN file long enough that a cut in its compressed form falls inside the records."""
    start, end = UN_XML.index("<INDIVIDUAL>"), UN_XML.index("</INDIVIDUALS>")
    return UN_XML.replace("</INDIVIDUALS>", UN_XML[start:end] * 300 + "</INDIVIDUALS>").encode()


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data)


def _zstd(data: bytes) -> bytes:
    return zstandard.ZstdCompressor().compress(data)


@pytest.mark.parametrize(
    ("suffix", "compress"),
    [(".gz", _gzip), (".xz", lzma.compress), (".zst", _zstd)],
)
def test_truncated_compressed_files_name_the_file(
    tmp_path: Path, suffix: str, compress: Callable[[bytes], bytes]
) -> None:
    data = compress(big_un_xml())
    path = tmp_path / f"consolidated.xml{suffix}"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match=rf"consolidated\.xml\{suffix}: cannot be read past byte"):
        read_list(path, "un-xml")


def test_truncated_gz_in_the_command_line_is_not_aborted(tmp_path: Path) -> None:
    data = gzip.compress(big_un_xml())
    path = tmp_path / "consolidated.xml.gz"
    path.write_bytes(data[: len(data) // 2])
    result = run_cli(tmp_path / "db.duckdb", "lists", "load", str(path))
    assert result.returncode == 2
    assert "Aborted" not in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"error: {path}") and result.stderr.count("\n") == 1


def test_corrupt_zip_member_names_the_file(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("consolidated.xml", big_un_xml())
    data = bytearray(buffer.getvalue())
    data[200:260] = bytes(60)  # inside the deflated member
    path = tmp_path / "consolidated.zip"
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match=r"consolidated\.zip"):
        read_list(path, "un-xml")
