"""List readers and the registry that picks one by name or by the file's content."""

from __future__ import annotations

from pathlib import Path

from sanctionwatch.errors import FormatError, ParseError
from sanctionwatch.files import head
from sanctionwatch.lists.formats import FORMATS
from sanctionwatch.lists.model import many_objects
from sanctionwatch.lists.readers.au_xlsx import AuXlsxReader
from sanctionwatch.lists.readers.base import ListFile, ListReader
from sanctionwatch.lists.readers.eu_xml import EuXmlReader
from sanctionwatch.lists.readers.ftm import FtmReader
from sanctionwatch.lists.readers.ofac_csv import OfacCsvReader
from sanctionwatch.lists.readers.ofac_xml import OfacXmlReader
from sanctionwatch.lists.readers.uk_csv import UkCsvReader
from sanctionwatch.lists.readers.uk_fcdo import UkFcdoReader
from sanctionwatch.lists.readers.un_xml import UnXmlReader

READERS: dict[str, ListReader] = {
    reader.format: reader
    for reader in (
        UnXmlReader(),
        OfacCsvReader(),
        UkCsvReader(),
        AuXlsxReader(),
        FtmReader(),
        OfacXmlReader(),
        EuXmlReader(),
        UkFcdoReader(),
    )
}

__all__ = [
    "FORMATS",
    "READERS",
    "ListFile",
    "ListReader",
    "detect_format",
    "get_reader",
    "read_list",
]


def get_reader(name: str) -> ListReader:
    try:
        return READERS[name]
    except KeyError:
        raise FormatError(f"unknown list format {name!r}; use one of {', '.join(FORMATS)}") from None


def detect_format(path: Path, first: bytes | None = None) -> str | None:
    """The name of the format ``path`` is in, judged from its content (its ``first`` bytes, when
    the caller has read them already), or None."""
    first = head(path) if first is None else first
    for name, reader in READERS.items():
        if reader.detect(path, first):
            return name
    return None


def read_list(path: Path, format: str | None = None, dataset: str | None = None) -> ListFile:
    """Read one list file, detecting its format from its content when not given.

    ``dataset`` names the dataset of an FtM file (by default the file's own name). Decoding
    errors that escape a reader become a ``ParseError`` naming the file, never a traceback.
    """
    name = format or detect_format(path)
    if name is None:
        raise FormatError(
            f"{path}: not a sanctions list format sanctionwatch knows; "
            f"pass --format with one of {', '.join(FORMATS)}"
        )
    reader = get_reader(name)
    if dataset and not isinstance(reader, FtmReader):
        raise FormatError(
            f"{path}: --dataset applies to FtM files only; {name} files load as {reader.dataset}"
        )
    try:
        with many_objects():
            return reader.read_as(path, dataset) if isinstance(reader, FtmReader) else reader.read(path)
    except UnicodeDecodeError as exc:
        raise ParseError(path, f"byte {exc.start:,}", f"not {exc.encoding} text ({exc.reason})") from exc
    except RecursionError as exc:
        raise ParseError(path, "structure", "nested too deeply to be a list file") from exc
