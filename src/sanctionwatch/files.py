"""Opening input files, compressed or not (.gz, .xz, .zst, single-member .zip)."""

from __future__ import annotations

import gzip
import hashlib
import io
import lzma
import zipfile
from pathlib import Path
from typing import IO, cast

from sanctionwatch.errors import InputError

COMPRESSED_SUFFIXES = (".gz", ".xz", ".zst", ".zip")


def plain_name(path: Path) -> str:
    """The file name without a compression suffix: ``sdn.csv.xz`` -> ``sdn.csv``."""
    name = path.name
    for suffix in COMPRESSED_SUFFIXES:
        if name.endswith(suffix) and suffix != ".zip":
            return name[: -len(suffix)]
    return name


def open_binary(path: Path) -> IO[bytes]:
    """The decompressed bytes of ``path``; a .zip is read through when it holds one data file."""
    if not path.exists():
        raise InputError(f"{path}: no such file; check the path")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a file")
    name = path.name.lower()
    if name.endswith(".gz"):
        return cast(IO[bytes], gzip.open(path, "rb"))
    if name.endswith(".xz"):
        return cast(IO[bytes], lzma.open(path, "rb"))
    if name.endswith(".zst"):
        import zstandard

        return cast(IO[bytes], zstandard.open(path, "rb"))
    if zipfile.is_zipfile(path) and not _is_office_document(path):
        archive = zipfile.ZipFile(path)
        members = [info for info in archive.infolist() if not info.is_dir()]
        if len(members) != 1:
            raise InputError(
                f"{path}: a zip archive must hold exactly one data file, it holds {len(members)}"
            )
        return archive.open(members[0])
    return path.open("rb")


def read_bytes(path: Path) -> bytes:
    with open_binary(path) as handle:
        return handle.read()


def head(path: Path, size: int = 4096) -> bytes:
    """The first ``size`` decompressed bytes of the file, for format detection."""
    try:
        with open_binary(path) as handle:
            return handle.read(size)
    except (OSError, EOFError, lzma.LZMAError, zipfile.BadZipFile) as exc:
        raise InputError(f"{path}: cannot be read ({exc})") from exc


def sha256(path: Path) -> str:
    """The sha256 of the decompressed content, so a bundled copy hashes like the original."""
    digest = hashlib.sha256()
    with open_binary(path) as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _is_office_document(path: Path) -> bool:
    with zipfile.ZipFile(path) as archive:
        return "[Content_Types].xml" in archive.namelist()


def text_stream(path: Path, encoding: str) -> io.TextIOWrapper:
    return io.TextIOWrapper(open_binary(path), encoding=encoding, newline="")
