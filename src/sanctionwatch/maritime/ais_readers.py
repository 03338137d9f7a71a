"""Readers of AIS files: MarineCadastre CSV, Danish Maritime Authority CSV, NMEA sentences (with
or without tag blocks, ``$PGHP`` or trailing times), and Parquet.

A reader does not parse rows itself: it gives a SELECT over the file, read by DuckDB's own CSV and
Parquet readers (multithreaded, no Python per row), that names the raw columns
(``positions.RAW_COLUMNS``); the shared validation in SQL judges them. NMEA is the exception: pyais
decodes it in Python, and its rows go through the same SQL.
"""

from __future__ import annotations

import csv
import re
from abc import ABC, abstractmethod
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import duckdb

from sanctionwatch.errors import InputError
from sanctionwatch.files import open_binary
from sanctionwatch.maritime.config import ReadingConfig
from sanctionwatch.maritime.positions import RAW_COLUMNS, InputSummary

if TYPE_CHECKING:
    import pyarrow as pa

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
    "mobile": "TransceiverClass",
}

#: Columns a CSV reader may read as numbers (``CsvReader.source``, ``typed``): DuckDB's CSV reader
#: gives the same values as the text cast of the validation (spaces, ``+``, ``nan``, rounding).
TYPED_COLUMNS = {"mmsi": "BIGINT", "lat": "DOUBLE", "lon": "DOUBLE", "sog": "DOUBLE", "cog": "DOUBLE"}

#: Rows the text read cannot split are kept aside and counted (``PositionLoader``).
REJECTS = "store_rejects = true, rejects_table = 'csv_rejects', rejects_scan = 'csv_reject_scans'"


def quote(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def text_epoch(text: str) -> str:
    """Epoch seconds of an ISO time in text: with a zone (Z, +02:00) through TIMESTAMPTZ, without
    one as UTC through the plain TIMESTAMP cast, several times cheaper on 10 million rows."""
    zoned = " OR ".join(f"{text} LIKE '{pattern}'" for pattern in ("%Z", "%+__:__", "%-__:__", "%+____"))
    return (
        f"CASE WHEN {zoned} THEN epoch(TRY_CAST({text} AS TIMESTAMPTZ))"
        f" ELSE epoch(TRY_CAST({text} AS TIMESTAMP)) END"
    )


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class AisReader(ABC):
    """Base class: ``detect`` from the first bytes; ``source`` gives the SELECT of raw columns."""

    format: ClassVar[str]

    @abstractmethod
    def detect(self, first: bytes) -> bool:
        """The file is in this format, judged from its first decompressed bytes."""

    @abstractmethod
    def source(
        self, path: Path, con: duckdb.DuckDBPyConnection, summary: InputSummary, config: ReadingConfig
    ) -> str:
        """A SELECT over the (plain, local) file giving ``RAW_COLUMNS``, ``ts`` as TIMESTAMPTZ."""


class CsvReader(AisReader):
    """A CSV with a header row; columns matched by name, any case."""

    columns: ClassVar[dict[str, str]]
    time_expression: ClassVar[str] = "text_epoch(ts)"
    #: How the typed read declares the time column: with its zone honoured (``Z``, ``+02:00``;
    #: without one the connection's UTC), or, when ``time_format`` is set, as written in it.
    time_type: ClassVar[str] = "TIMESTAMPTZ"
    time_format: ClassVar[str | None] = None

    def source(
        self,
        path: Path,
        con: duckdb.DuckDBPyConnection,
        summary: InputSummary,
        config: ReadingConfig,
        typed: bool = False,
    ) -> str:
        """The file read by DuckDB as text, every value judged afterwards; or, ``typed``, the
        well-formed file read in one pass with its columns declared up front (``typed_source``)."""
        if typed:
            return self.typed_source(path)
        header = _header(path, con)
        by_lower = {name.strip().lstrip("#").strip().lower(): name for name in header}
        selected = []
        for ours in RAW_COLUMNS:
            theirs = by_lower.get(self.columns.get(ours, "").lower())
            selected.append(f"{_identifier(theirs)} AS {ours}" if theirs else f"NULL AS {ours}")
        options = f"header = true, all_varchar = true, delim = ',', quote = '\"', escape = '\"', {REJECTS}"
        inner = f"SELECT {', '.join(selected)} FROM read_csv({quote(str(path))}, {options})"
        time = self.time_expression.replace("text_epoch(ts)", text_epoch("ts"))
        columns = ", ".join(c if c != "ts" else f"{time} AS ts" for c in RAW_COLUMNS)
        return f"SELECT {columns} FROM ({inner}) AS raw"

    def typed_source(self, path: Path) -> str:
        """The CSV read with every column declared from its header line (no sniffing: the format
        is known), numbers and the time parsed by the reader itself, cheaper than text cast
        afterwards and with the same values. A value or a row that does not parse makes the read
        fail; the file is then read as text, which judges every row (``PositionLoader``)."""
        with open_binary(path) as handle:
            line = handle.readline(1 << 20).decode("utf-8", errors="replace")
        header = next(csv.reader([line.lstrip("\ufeff").rstrip("\r\n")]), [])
        position = {name.strip().lstrip("#").strip().lower(): i for i, name in enumerate(header)}
        declared = {f"c{i}": "VARCHAR" for i in range(len(header))}
        selected = []
        for ours in RAW_COLUMNS:
            i = position.get(self.columns.get(ours, "").lower())
            if i is None:
                selected.append(f"NULL AS {ours}")
            elif ours == "ts":
                declared[f"c{i}"] = self.time_type
                selected.append(f"epoch(c{i}) AS ts")
            else:
                declared[f"c{i}"] = TYPED_COLUMNS.get(ours, "VARCHAR")
                selected.append(f"c{i} AS {ours}")
        columns = ", ".join(f"{quote(name)}: {quote(kind)}" for name, kind in declared.items())
        options = (
            "header = true, auto_detect = false, delim = ',', quote = '\"', escape = '\"',"
            f" columns = {{{columns}}}"
        )
        if self.time_format:
            options += f", timestampformat = {quote(self.time_format)}"
        return f"SELECT {', '.join(selected)} FROM read_csv({quote(str(path))}, {options})"


def _header(path: Path, con: duckdb.DuckDBPyConnection) -> list[str]:
    """The column names of a CSV, as DuckDB reads them."""
    try:
        relation = con.sql(
            f"SELECT * FROM read_csv({quote(str(path))}, header = true, all_varchar = true,"
            " delim = ',', quote = '\"', escape = '\"', null_padding = true) LIMIT 0"
        )
        return list(relation.columns)
    except duckdb.Error as exc:
        raise InputError(f"{path}: not a readable CSV file ({one_line(exc)})") from exc


class MarineCadastreReader(CsvReader):
    format = "marinecadastre"
    columns = MARINECADASTRE_COLUMNS

    def detect(self, first: bytes) -> bool:
        return first.lstrip(b"\xef\xbb\xbf").replace(b'"', b"").startswith(b"MMSI,BaseDateTime,LAT,LON")


class DmaReader(CsvReader):
    """The DMA's aisdk files: day-first times in UTC; identity on rows whose position is 91/181."""

    format = "dma"
    columns: ClassVar[dict[str, str]] = {
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
        "mobile": "Type of mobile",
    }
    time_expression = "epoch(TRY_STRPTIME(ts, '%d/%m/%Y %H:%M:%S'))"
    time_type = "TIMESTAMP"
    time_format = "%d/%m/%Y %H:%M:%S"

    def detect(self, first: bytes) -> bool:
        return first.lstrip(b"\xef\xbb\xbf").startswith(b"# Timestamp")


class ParquetReader(AisReader):
    """Parquet with the MarineCadastre columns; a timestamp without a zone is taken as UTC."""

    format = "parquet"

    def detect(self, first: bytes) -> bool:
        return first.startswith(b"PAR1")

    def source(
        self, path: Path, con: duckdb.DuckDBPyConnection, summary: InputSummary, config: ReadingConfig
    ) -> str:
        try:
            schema = con.sql(f"DESCRIBE SELECT * FROM read_parquet({quote(str(path))})").fetchall()
        except duckdb.Error as exc:
            raise InputError(f"{path}: not a readable Parquet file ({one_line(exc)})") from exc
        types = {name.lower(): (name, kind) for name, kind, *_ in schema}
        missing = {"mmsi", "basedatetime", "lat", "lon"} - set(types)
        if missing:
            names = ", ".join(
                sorted(
                    MARINECADASTRE_COLUMNS[k]
                    for k, v in MARINECADASTRE_COLUMNS.items()
                    if v.lower() in missing
                )
            )
            raise InputError(f"{path}: Parquet without the MarineCadastre columns {names}")
        selected = []
        for ours in RAW_COLUMNS:
            found = types.get(MARINECADASTRE_COLUMNS[ours].lower())
            if found is None:
                selected.append(f"NULL AS {ours}")
            elif ours == "ts":
                name, kind = found
                column = _identifier(name)
                if kind == "TIMESTAMP WITH TIME ZONE":
                    selected.append(f"epoch({column}) AS ts")
                elif kind.startswith("TIMESTAMP") or kind == "DATE":
                    selected.append(f"epoch(CAST({column} AS TIMESTAMP)) AS ts")  # no zone: UTC
                else:
                    selected.append(f"{text_epoch(f'CAST({column} AS VARCHAR)')} AS ts")
            else:
                selected.append(f"{_identifier(found[0])} AS {ours}")
        return f"SELECT {', '.join(selected)} FROM read_parquet({quote(str(path))})"


class NmeaReader(AisReader):
    format = "nmea"
    _SENTENCE = re.compile(rb"![A-Z]{2}VD[MO],")

    def detect(self, first: bytes) -> bool:
        return self._SENTENCE.search(first) is not None

    def source(
        self, path: Path, con: duckdb.DuckDBPyConnection, summary: InputSummary, config: ReadingConfig
    ) -> str:
        import pyarrow as pa  # only NMEA is handed to DuckDB from Python rows

        from sanctionwatch.maritime.nmea import NmeaDecoder

        decoder = NmeaDecoder(summary, config.max_part_age_s)
        with open_binary(path) as handle:
            for raw in handle:
                decoder.line(raw.decode("ascii", errors="replace"))
        rows = decoder.finish()
        columns: list[tuple[Any, ...]] = list(zip(*rows, strict=True)) if rows else [() for _ in RAW_COLUMNS]
        types = (pa.int64(), pa.float64(), pa.float64(), pa.float64(), pa.float64(), pa.float64())
        arrays = [
            pa.array(list(values), types[i] if i < len(types) else pa.string())
            for i, values in enumerate(columns)
        ]
        name = f"nmea_{id(decoder)}"
        con.register(name, pa.table(arrays, names=list(RAW_COLUMNS)))
        return f"SELECT {', '.join(RAW_COLUMNS)} FROM {name}"


def one_line(exc: BaseException) -> str:
    """The first line of an error message: DuckDB's run over several."""
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


READERS: tuple[AisReader, ...] = (MarineCadastreReader(), DmaReader(), NmeaReader(), ParquetReader())


def reader_for(path: Path, first: bytes) -> AisReader:
    for reader in READERS:
        if reader.detect(first):
            return reader
    from sanctionwatch.errors import FormatError

    raise FormatError(
        f"{path}: not an AIS format sanctionwatch reads (MarineCadastre CSV, DMA CSV, NMEA !AIVDM, Parquet)"
    )


def read_ais(path: Path, con: duckdb.DuckDBPyConnection | None = None) -> tuple[pa.Table, InputSummary]:
    """Positions and the input summary of one AIS file, its format detected from content.

    Kept for callers of the former API; ``con`` is no longer needed."""
    from sanctionwatch.maritime.loading import PositionLoader

    with PositionLoader() as loader:
        summary = loader.add(path)
        loader.finish()
        return loader.arrow(), summary
