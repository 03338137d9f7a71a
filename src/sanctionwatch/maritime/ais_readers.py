"""Readers of AIS files: MarineCadastre CSV, Danish Maritime Authority CSV, NMEA ``!AIVDM``
sentences (with or without tag blocks), and Parquet; .gz, .zip and .zst read transparently."""

from __future__ import annotations

import io
import re
from abc import ABC, abstractmethod
from pathlib import Path
from typing import ClassVar

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from sanctionwatch.errors import FormatError, InputError
from sanctionwatch.files import head, open_binary
from sanctionwatch.maritime.positions import POSITION_SCHEMA, InputSummary, validate

MARINECADASTRE_COLUMNS = {
    "mmsi": "MMSI",
    "ts": "BaseDateTime",
    "lat": "LAT",
    "lon": "LON",
    "sog": "SOG",
    "cog": "COG",
    "name": "VesselName",
    "imo": "IMO",
    "call_sign": "CallSign",
    "flag": "Flag",
}


class AisReader(ABC):
    """Base class: ``detect`` from the first bytes, ``read`` into positions and a summary."""

    format: ClassVar[str]

    @abstractmethod
    def detect(self, first: bytes) -> bool:
        """The file is in this format, judged from its first decompressed bytes."""

    @abstractmethod
    def read(self, path: Path, con: duckdb.DuckDBPyConnection) -> tuple[pa.Table, InputSummary]:
        """The file's usable positions, and the count of rows read, used and rejected."""


def _read_text_table(path: Path, summary: InputSummary, skip_comment_hash: bool = False) -> pa.Table:
    """Every column as text; rows with the wrong number of fields are counted, not lost."""

    def malformed(row: object) -> str:
        summary.rejected["malformed CSV row"] += 1
        summary.read += 1
        return "skip"

    with open_binary(path) as handle:
        data = handle.read()
    if skip_comment_hash and data.startswith(b"#"):
        data = data[1:].lstrip()
    options = pacsv.ConvertOptions(column_types={}, strings_can_be_null=False, auto_dict_encode=False)
    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(block_size=1 << 24),
            parse_options=pacsv.ParseOptions(invalid_row_handler=malformed),
            convert_options=options,
        )
    except pa.ArrowInvalid as exc:
        raise InputError(f"{path}: not a readable CSV file ({exc})") from exc
    return table.cast(pa.schema([(name, pa.string()) for name in table.column_names]))


class MarineCadastreReader(AisReader):
    format = "marinecadastre"

    def detect(self, first: bytes) -> bool:
        return first.lstrip(b"\xef\xbb\xbf").replace(b'"', b"").startswith(b"MMSI,BaseDateTime,LAT,LON")

    def read(self, path: Path, con: duckdb.DuckDBPyConnection) -> tuple[pa.Table, InputSummary]:
        summary = InputSummary(str(path), self.format)
        table = _read_text_table(path, summary)
        raw = _rename(table, MARINECADASTRE_COLUMNS)
        return validate(con, raw, "TRY_CAST(ts AS TIMESTAMP)", summary), summary


class DmaReader(AisReader):
    format = "dma"
    _COLUMNS: ClassVar[dict[str, str]] = {
        "mmsi": "MMSI",
        "ts": "Timestamp",
        "lat": "Latitude",
        "lon": "Longitude",
        "sog": "SOG",
        "cog": "COG",
        "name": "Name",
        "imo": "IMO",
        "call_sign": "Callsign",
        "flag": "Flag",
    }

    def detect(self, first: bytes) -> bool:
        return first.lstrip(b"\xef\xbb\xbf").startswith(b"# Timestamp")

    def read(self, path: Path, con: duckdb.DuckDBPyConnection) -> tuple[pa.Table, InputSummary]:
        summary = InputSummary(str(path), self.format)
        raw = _rename(_read_text_table(path, summary, skip_comment_hash=True), self._COLUMNS)
        return validate(con, raw, "TRY_STRPTIME(ts, '%d/%m/%Y %H:%M:%S')", summary), summary


class ParquetReader(AisReader):
    format = "parquet"

    def detect(self, first: bytes) -> bool:
        return first.startswith(b"PAR1")

    def read(self, path: Path, con: duckdb.DuckDBPyConnection) -> tuple[pa.Table, InputSummary]:
        summary = InputSummary(str(path), self.format)
        with open_binary(path) as handle:
            table = pq.read_table(io.BytesIO(handle.read()))
        missing = {"MMSI", "BaseDateTime", "LAT", "LON"} - set(table.column_names)
        if missing:
            raise InputError(
                f"{path}: Parquet without the MarineCadastre columns {', '.join(sorted(missing))}"
            )
        raw = _rename(table, MARINECADASTRE_COLUMNS)  # typed columns stay typed: TRY_CAST takes any
        return validate(con, raw, "TRY_CAST(ts AS TIMESTAMP)", summary), summary


class NmeaReader(AisReader):
    format = "nmea"
    _TAG_TIME = re.compile(r"(?:^|,)c:(\d{9,13})")
    _TRAILING_TIME = re.compile(r"\*[0-9A-Fa-f]{2},(\d{9,13}(?:\.\d+)?)\s*$")

    def detect(self, first: bytes) -> bool:
        return b"!AIVDM" in first or b"!AIVDO" in first

    def read(self, path: Path, con: duckdb.DuckDBPyConnection) -> tuple[pa.Table, InputSummary]:
        from sanctionwatch.maritime.nmea import decode_lines

        summary = InputSummary(str(path), self.format)
        with open_binary(path) as handle:
            lines = handle.read().decode("ascii", errors="replace").splitlines()
        columns = decode_lines(lines, summary)
        return pa.table(columns, schema=POSITION_SCHEMA), summary


def _rename(table: pa.Table, columns: dict[str, str]) -> pa.Table:
    """The raw text columns under our names; absent optional columns become empty text."""
    by_lower = {name.strip().lower(): name for name in table.column_names}
    arrays = {}
    for ours, theirs in columns.items():
        source = by_lower.get(theirs.lower())
        if source is None:
            arrays[ours] = pa.nulls(table.num_rows, pa.string())
        else:
            arrays[ours] = table.column(source)
    return pa.table(arrays)


READERS: tuple[AisReader, ...] = (MarineCadastreReader(), DmaReader(), NmeaReader(), ParquetReader())


def read_ais(path: Path, con: duckdb.DuckDBPyConnection) -> tuple[pa.Table, InputSummary]:
    """Positions and the input summary of one AIS file, its format detected from content."""
    first = head(path, 8192)
    for reader in READERS:
        if reader.detect(first):
            return reader.read(path, con)
    raise FormatError(
        f"{path}: not an AIS format sanctionwatch reads (MarineCadastre CSV, DMA CSV, NMEA !AIVDM, Parquet)"
    )
