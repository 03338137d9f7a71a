"""Compressed inputs are read by their content as well as by their suffix."""

from __future__ import annotations

import gc
import gzip
import lzma
import os
import shutil
import warnings
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from sanctionwatch.errors import InputError
from sanctionwatch.files import head, open_binary
from tests.helpers import run_cli


@pytest.mark.parametrize("compress", [gzip.compress, lzma.compress])
def test_a_compressed_file_without_its_suffix_is_read_decompressed(tmp_path: Path, compress: object) -> None:
    path = tmp_path / "consolidated.xml"
    path.write_bytes(compress(b"<CONSOLIDATED_LIST/>\n"))  # type: ignore[operator]
    with open_binary(path) as handle:
        assert handle.read() == b"<CONSOLIDATED_LIST/>\n"
    assert head(path, 5) == b"<CONS"


def _zipped(data: bytes) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("queries.csv", data)
    return buffer.getvalue()


@pytest.mark.parametrize("compress", [lambda data: data, gzip.compress, lzma.compress, _zipped])
def test_a_pipe_is_read_whole(compress: object) -> None:
    # `--file <(command)` names a pipe, which gives its bytes once: the first few, read to tell
    # the compression, were gone when it was opened again, and the batch was an "empty file"
    data = b"name\nKim Jong Un\n"
    read, write = os.pipe()
    os.write(write, compress(data))  # type: ignore[operator]
    os.close(write)
    try:
        with open_binary(Path(f"/dev/fd/{read}")) as handle:
            assert handle.read() == data
    finally:
        os.close(read)


def test_a_damaged_archive_is_refused_and_not_left_open(tmp_path: Path) -> None:
    path = tmp_path / "un.zip"
    path.write_bytes(b"XX" + _zipped(b"<CONSOLIDATED_LIST/>")[2:])  # the member's header, not the index
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(InputError, match="un.zip"):
            open_binary(path)
        gc.collect()
    assert not [w for w in caught if issubclass(w.category, ResourceWarning)]


def test_a_plain_file_is_read_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "plain.csv"
    path.write_bytes(b"\x1fnot gzip, one magic byte only\n")
    with open_binary(path) as handle:
        assert handle.read().startswith(b"\x1fnot gzip")


def test_lists_update_from_a_compressed_copy_named_xml(bundled_db: Path, tmp_path: Path) -> None:
    """The bundled UN snapshot, xz-compressed, saved as un.xml: updates the UN list like the
    plain file would (it failed with 'not a list sanctionwatch reads')."""
    from sanctionwatch.lists.bundled import DATA

    db = tmp_path / "db.duckdb"
    shutil.copy(bundled_db, db)
    copy = tmp_path / "un.xml"
    shutil.copy(DATA / "sanctions" / "un_consolidated_2026-02-27.xml.xz", copy)
    result = run_cli(db, "lists", "update", "un", "--from", str(copy), "--json")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "not a list" not in result.stderr
