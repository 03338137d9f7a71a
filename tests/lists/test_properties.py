"""Property tests: whatever bytes a list reader is given, it returns entities or an InputError.

Each reader gets arbitrary bytes and mutated copies of a valid file (bytes flipped, cut short,
spliced), plain and compressed; any exception other than ``InputError`` fails the test.
"""

from __future__ import annotations

import gzip
import io
import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sanctionwatch.errors import InputError
from sanctionwatch.lists.readers import ListFile, read_list
from tests.lists.fixtures import FTM_LINES, OFAC_ALT, OFAC_SDN, UK_CSV, UN_XML, write_au_xlsx

BOUNDED = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)


def _xlsx_bytes() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        return write_au_xlsx(Path(folder) / "dfat.xlsx").read_bytes()


VALID = {
    "un-xml": ("consolidated.xml", UN_XML.encode()),
    "ofac-csv": ("sdn.csv", OFAC_SDN.encode()),
    "uk-csv": ("ConList.csv", UK_CSV.encode("cp1252")),
    "au-xlsx": ("regulation8_consolidated.xlsx", _xlsx_bytes()),
    "ftm": ("entities.ftm.json", FTM_LINES.encode()),
}


@st.composite
def mutated(draw: st.DrawFn, valid: bytes) -> bytes:
    """A valid file with a few bytes changed, a piece cut out or repeated, or cut short."""
    data = bytearray(valid)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "cut", "repeat", "truncate", "insert"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif kind == "cut":
            del data[at : at + draw(st.integers(1, 64))]
        elif kind == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 200))]
        elif kind == "truncate":
            del data[at:]
        else:
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
    return bytes(data)


def read_or_refuse(name: str, data: bytes, format: str | None, folder: Path) -> ListFile | None:
    path = folder / name
    path.write_bytes(data)
    try:
        return read_list(path, format)
    except InputError:
        return None


def check(format: str, data: bytes, compress: str = "") -> None:
    name, _ = VALID[format]
    if compress == ".gz":
        data, name = gzip.compress(data), name + ".gz"
    elif compress == ".zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(name, data)
        data, name = buffer.getvalue(), name + ".zip"
    with tempfile.TemporaryDirectory() as folder:
        if format == "ofac-csv":  # a companion beside it, read with it
            (Path(folder) / "alt.csv").write_bytes(OFAC_ALT.encode())
        result = read_or_refuse(name, data, format, Path(folder))
        detected = read_or_refuse(name, data, None, Path(folder))
    for read in (result, detected):
        if read is not None:
            assert all(entity.id and entity.schema for entity in read.entities)


def test_valid_files_read() -> None:
    with tempfile.TemporaryDirectory() as folder:
        for format, (name, data) in VALID.items():
            assert read_or_refuse(name, data, format, Path(folder)), format


@BOUNDED
@given(st.sampled_from(sorted(VALID)), st.binary(max_size=2048))
def test_arbitrary_bytes(format: str, data: bytes) -> None:
    check(format, data)


@BOUNDED
@given(st.data())
def test_mutated_un_xml(data: st.DataObject) -> None:
    check("un-xml", data.draw(mutated(VALID["un-xml"][1])))


@BOUNDED
@given(st.data())
def test_mutated_ofac_csv(data: st.DataObject) -> None:
    check("ofac-csv", data.draw(mutated(VALID["ofac-csv"][1])))


@BOUNDED
@given(st.data())
def test_mutated_uk_csv(data: st.DataObject) -> None:
    check("uk-csv", data.draw(mutated(VALID["uk-csv"][1])))


@BOUNDED
@given(st.data())
def test_mutated_au_xlsx(data: st.DataObject) -> None:
    check("au-xlsx", data.draw(mutated(VALID["au-xlsx"][1])))


@BOUNDED
@given(st.data())
def test_mutated_ftm(data: st.DataObject) -> None:
    check("ftm", data.draw(mutated(VALID["ftm"][1])))


@BOUNDED
@given(st.sampled_from(sorted(VALID)), st.sampled_from([".gz", ".zip"]), st.data())
def test_mutated_compressed(format: str, compress: str, data: st.DataObject) -> None:
    name, valid = VALID[format]
    packed = gzip.compress(valid) if compress == ".gz" else valid
    mutation = data.draw(mutated(packed))
    if compress == ".gz":
        with tempfile.TemporaryDirectory() as folder:
            read_or_refuse(name + ".gz", mutation, format, Path(folder))
    else:
        check(format, mutation, ".zip")
