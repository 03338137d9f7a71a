"""AIS files loaded into one DuckDB ``positions`` table, validated in SQL, memory bounded.

Each file is read by DuckDB's own readers (no Python per row, except NMEA), judged by
``positions.judge_sql``, and counted by reason. A CSV or NMEA file is copied into a table once: it
is dear to parse. A Parquet file is not copied: it is columnar and typed already, so each pass
reads the columns it needs from the file and judges them again, which costs less than writing
11 million rows of ten columns into a table and reading them back (the first pass reads every
column, so a corrupt file fails while it is added, naming it). ``finish`` then gives positions without
a name, IMO or call sign the identity in force from the rows that carried only identity (NMEA
static messages, the DMA's 91/181 rows), and drops exact duplicates, counting them. DuckDB works
under a memory limit and spills to a temporary folder beyond it.
"""

from __future__ import annotations

import csv
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

import duckdb

from sanctionwatch.errors import ConfigError, InputError
from sanctionwatch.files import STDIN, head, open_binary
from sanctionwatch.maritime.ais_readers import CsvReader, ParquetReader, one_line, reader_for
from sanctionwatch.maritime.config import ReadingConfig
from sanctionwatch.maritime.detections import (
    IDENTITY_KEYS,
    identities_of,
    identity_aggregates,
    merged_identity_aggregates,
)
from sanctionwatch.maritime.positions import (
    NOTES,
    POSITION_COLUMNS,
    InputSummary,
    identity_sql,
    judge_sql,
    numbers_sql,
    position_schema,
)

if TYPE_CHECKING:
    import pyarrow as pa

#: Compressions DuckDB's CSV reader opens itself; other files are decompressed to a temporary one.
NATIVE_CSV = ("", ".gz", ".zst")

#: The rows of the files copied into DuckDB (CSV, NMEA), judged; ``loaded`` is the view of every
#: file's rows, these (``COPIED``) and each Parquet file's (``parquet_N``).
LOADED_TABLE = """
CREATE TABLE copied (
    file INTEGER, mmsi BIGINT, t DOUBLE, lat DOUBLE, lon DOUBLE, sog DOUBLE, cog DOUBLE,
    name VARCHAR, imo VARCHAR, call_sign VARCHAR, flag VARCHAR,
    reason VARCHAR, identity_only BOOLEAN, notes INTEGER
)
"""
#: The copied rows with judge_sql's ``position``, which is not stored (its insert cost more than
#: the test it saves on a table that keeps ``identity_only``).
COPIED = "SELECT *, reason IS NULL AND NOT identity_only AS position FROM copied"

IDENTITY_FIELDS = ("name", "imo", "call_sign", "flag")
#: A row of ``loaded`` that is a position (``reason IS NULL AND NOT identity_only``, in a column
#: that a Parquet file's view computes without reading its text fields: ``judge_sql``).
POSITION = "position"
#: The rows that are positions: usable, and not an identity-only row.
GOOD = f"SELECT * FROM loaded WHERE {POSITION}"
#: Vessels on which a file's sampling is measured: enough for a median, few enough to sort cheaply.
SAMPLED_VESSELS = 200


def connect(config: ReadingConfig, spill: Path | None = None) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection in UTC (times never shift with the host's zone), memory limited."""
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'").fetchall()
    # one thread per core this process may run on (DuckDB counts the machine's, ignoring affinity)
    con.execute(f"SET threads = {_cores()}").fetchall()
    con.execute(f"SET memory_limit = '{config.memory_limit}'").fetchall()
    con.execute("SET preserve_insertion_order = false").fetchall()
    con.execute("SET enable_progress_bar = false").fetchall()  # rich shows progress; keep stdout clean
    if spill is not None:
        con.execute(f"SET temp_directory = '{spill}'").fetchall()
    return con


def _cores() -> int:
    """The cores this process may run on (Linux: its affinity), at least one."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


class PositionLoader:
    """Load files with ``add``, then ``finish`` into the ``positions`` table of ``con``."""

    def __init__(self, config: ReadingConfig | None = None) -> None:
        self.config = config or ReadingConfig()
        try:
            self.folder = Path(tempfile.mkdtemp(prefix="sanctionwatch-ais-"))
        except OSError as exc:
            raise ConfigError(
                f"the temporary folder {tempfile.gettempdir()} cannot be used ({exc.strerror or exc});"
                " set TMPDIR to a folder that exists and may be written"
            ) from exc
        self.con = connect(self.config, self.folder / "spill")
        self.con.execute(LOADED_TABLE).fetchall()
        self.con.execute(f"CREATE VIEW loaded AS {COPIED}").fetchall()
        self.summaries: list[InputSummary] = []
        #: The files read in place (Parquet), each through its view ``parquet_N``; ``in_place``
        #: those added (the others failed), in ``loaded``.
        self.views: set[int] = set()
        self.in_place: list[int] = []
        #: ``positions`` is a table (not a view over the files' rows).
        self.positions_table = False
        self.finished = False
        #: Exact duplicates are known to be dropped from ``positions`` (see ``finish``).
        self.checked = False

    def __enter__(self) -> PositionLoader:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def add(self, path: Path) -> InputSummary:
        """Read one file (``-`` is standard input); a file that gives nothing is an error naming it."""
        started = time.perf_counter()
        local = self._spool_stdin() if path == STDIN else path
        first = head(local, 8192)
        reader = reader_for(path, first)
        summary = InputSummary(str(path), reader.format)
        file = len(self.summaries)
        if isinstance(reader, CsvReader | ParquetReader):
            local = self._plain(local, path, keep=NATIVE_CSV if isinstance(reader, CsvReader) else ("",))
        try:
            if isinstance(reader, ParquetReader):
                source = reader.source(local, self.con, summary, self.config)
                self.con.execute(f"CREATE VIEW parquet_{file} AS {judge_sql(source, file, self.config)}")
                self.views.add(file)
                self._first_pass(file, source)  # reads every column: a corrupt file fails here
                self._count(file, summary)
            else:
                if not (isinstance(reader, CsvReader) and self._insert_typed(reader, local, file, summary)):
                    source = reader.source(local, self.con, summary, self.config)
                    self._copy(source, file)
                self._count(file, summary)
        except duckdb.Error as exc:  # every other read here is files.open_binary's, which names the file
            raise InputError(f"{path}: cannot be read ({one_line(exc)})") from exc
        self._sampling(file, summary)
        if isinstance(reader, CsvReader):
            self._count_malformed(summary)
        summary.seconds = time.perf_counter() - started
        if summary.kept == 0 and summary.identity == 0:
            reasons = ", ".join(f"{n} {why}" for why, n in summary.rejected.items()) or "no rows"
            raise InputError(f"{path}: no usable AIS positions ({summary.read} read; {reasons})")
        if isinstance(reader, ParquetReader):
            self.in_place.append(file)
            parts = "".join(f" UNION ALL SELECT * FROM parquet_{i}" for i in self.in_place)
            self.con.execute(f"CREATE OR REPLACE VIEW loaded AS {COPIED}{parts}").fetchall()
        self.summaries.append(summary)
        return summary

    def _rows(self, file: int) -> str:
        """The judged rows of one file."""
        return f"parquet_{file}" if file in self.views else f"({COPIED} WHERE file = {file})"

    def _copy(self, source: str, file: int) -> None:
        """The rows of ``source``, judged, into ``copied`` (``COPIED`` adds ``position``)."""
        judged = judge_sql(source, file, self.config)
        self.con.execute(f"INSERT INTO copied SELECT * EXCLUDE (position) FROM ({judged}) AS rows").fetchall()

    def _insert_typed(self, reader: CsvReader, local: Path, file: int, summary: InputSummary) -> bool:
        """The CSV read with its numbers typed by the reader (the common, well-formed file); False
        when a value or a row does not parse, the header line included (a carriage return inside
        it stops Python's csv module), and nothing was inserted (one statement)."""
        try:
            source = reader.source(local, self.con, summary, self.config, typed=True)
            self._copy(source, file)
        except (duckdb.Error, csv.Error):
            return False
        return True

    def _spool_stdin(self) -> Path:
        """Standard input copied to a file, so that it can be detected and read like one."""
        target = self.folder / "stdin"
        with target.open("wb") as handle:
            shutil.copyfileobj(sys.stdin.buffer, handle, 1 << 20)
        return target

    def _plain(self, local: Path, shown: Path, keep: tuple[str, ...]) -> Path:
        """``local`` if DuckDB reads it as it is, else its decompressed copy."""
        suffix = local.suffix.lower() if local.suffix.lower() in (".gz", ".xz", ".zst", ".zip") else ""
        if suffix in keep:
            return local
        target = self.folder / f"plain-{len(self.summaries)}{Path(local.stem).suffix}"
        try:
            with open_binary(local) as source, target.open("wb") as handle:
                shutil.copyfileobj(source, handle, 1 << 20)
        except OSError as exc:
            # the file is whole: open_binary names a truncated or corrupt one itself (an InputError)
            raise InputError(
                f"{shown}: cannot be decompressed into the temporary folder {self.folder} ({one_line(exc)});"
                " free space there, or set TMPDIR to a folder with room"
            ) from exc
        return target

    def _first_pass(self, file: int, source: str) -> None:
        """A Parquet file's first pass, ``first_pass_N``: its rows aggregated by reason and identity
        together (a few thousand groups), from which ``_count`` sums the counts by reason and the
        ``identities`` stage each identity as it would from every position (``identities``), in one
        read of every column: a value that cannot be read fails here, while the file is added, and
        not in a later pass. (The maxima of speed and course make the pass read those columns too:
        the optimizer leaves a column unread when its statistics answer every test.)

        The rows are grouped by their numbers' judgement and their text fields as written, and only
        these groups are judged for their text (``positions.identity_sql``), then grouped again as
        judged: cleaning four text fields on every row and hashing the cleaned text cost more than
        the rest of the pass (1.7 against 1.1 CPU s on 11 million rows). One grouping each, not
        grouping sets: DuckDB computes every aggregate of a grouping set for each set."""
        raw = "mmsi, name, imo, call_sign, flag, placed, unplaced, number_notes"
        groups = f"""
            SELECT {raw}, count(*) AS n, {identity_aggregates("placed IS NULL")},
                max(sog) AS sog, max(cog) AS cog
            FROM ({numbers_sql(source, file, self.config)}) AS numbers GROUP BY {raw}"""
        self.con.execute(
            f"""CREATE TEMP TABLE first_pass_{file} AS
            SELECT reason, identity_only, notes, {IDENTITY_KEYS}, CAST(sum(n) AS BIGINT) AS n,
                {merged_identity_aggregates()}, max(sog) AS sog, max(cog) AS cog
            FROM ({identity_sql(groups)}) AS judged GROUP BY reason, identity_only, notes, {IDENTITY_KEYS}"""
        ).fetchall()

    def identities(self) -> str | None:
        """The ``identities`` stage from the files' first passes, when every file was read in place
        and ``positions`` is their rows as judged (no identity joined, no copy dropped): then the
        detections need not read every position again for it."""
        if self.positions_table or not self.views or len(self.views) != len(self.summaries):
            return None
        parts = " UNION ALL ".join(
            f"SELECT {IDENTITY_KEYS}, positions, first_t, last_t, lat, lon FROM first_pass_{file}"
            " WHERE positions > 0"
            for file in sorted(self.views)
        )
        return identities_of(parts)

    def _count(self, file: int, summary: InputSummary) -> None:
        if file in self.views:
            query = f"SELECT reason, identity_only, notes, sum(n) FROM first_pass_{file} GROUP BY ALL"
        else:
            query = (
                f"SELECT reason, identity_only, notes, count(*) FROM {self._rows(file)} AS rows GROUP BY ALL"
            )
        for reason, identity_only, notes, count in self.con.execute(query).fetchall():
            summary.read += count
            if reason is not None:
                summary.rejected[reason] += count
                continue
            summary.used += count
            if identity_only:
                summary.identity += count
            else:
                summary.kept += count
            for bit, note in NOTES.items():
                if notes & bit:
                    summary.unknown[note] += count

    def _sampling(self, file: int, summary: InputSummary) -> None:
        """How far apart a vessel's consecutive reports are in this file (the median), and the
        caveat when they are as far apart as satellite revisits: then a silence is the wait for
        the next pass, not a transponder switched off. Measured on up to ``SAMPLED_VESSELS``
        vessels reported twice or more, chosen by a hash of the MMSI (all of them in a small
        file), so that a file of 10 million positions is not sorted a second time for it."""
        rows, good = self._rows(file), POSITION
        # a file read in place counted each vessel's positions in its first pass: no pass for it
        reported = (
            f"first_pass_{file} WHERE positions > 0 GROUP BY mmsi HAVING sum(positions) > 1"
            if file in self.views
            else f"{rows} AS rows WHERE {good} GROUP BY mmsi HAVING count(*) > 1"
        )
        chosen = f"SELECT mmsi FROM {reported} ORDER BY hash(mmsi) LIMIT {SAMPLED_VESSELS}"
        intervals = f"""
            SELECT mmsi, t - LAG(t) OVER (PARTITION BY mmsi ORDER BY t) AS interval FROM {rows} AS rows
            WHERE {good} AND mmsi IN ({chosen})"""
        query = f"SELECT median(interval), count(DISTINCT mmsi) FROM ({intervals})"
        (median, vessels) = self.con.execute(query).fetchall()[0]
        summary.report_interval_s = None if median is None else float(median)
        summary.sampled_vessels = int(vessels)
        config = self.config
        if median is None or vessels < config.sparse_min_vessels or median < config.sparse_interval_s:
            return
        summary.caveats.append(
            f"a vessel's consecutive reports are a median {median / 3600:.1f} h apart ({vessels:,} vessels"
            " measured): sampled like satellite AIS, so a gap may be the interval between two passes,"
            " not a dark period"
        )
        found = self.con.execute(f"SELECT DISTINCT mmsi FROM {rows} AS rows WHERE reason IS NULL")
        summary.sparse_vessels = {int(mmsi) for (mmsi,) in found.fetchall()}

    def _count_malformed(self, summary: InputSummary) -> None:
        """Rows DuckDB's CSV reader could not split into the header's columns."""
        try:
            (count,) = self.con.execute("SELECT count(DISTINCT (scan_id, line)) FROM csv_rejects").fetchall()[
                0
            ]
            self.con.execute("DROP TABLE IF EXISTS csv_rejects").fetchall()
            self.con.execute("DROP TABLE IF EXISTS csv_reject_scans").fetchall()
        except duckdb.CatalogException:
            count = 0
        if count:
            summary.reject("malformed CSV row", int(count))

    def finish(self, check_duplicates: bool = True) -> None:
        """Build ``positions``: identity joined from identity rows, exact duplicates dropped.

        ``check_duplicates=False`` leaves the duplicate check to the caller, who finds exact copies
        for nothing in a sort it makes anyway (``detections.repeated_positions`` on the ``track``
        stage) and then calls ``drop_duplicates``; otherwise they are found here by hashing every
        position, a pass of its own over the whole input."""
        if self.finished:
            return
        con = self.con
        # the files read in place were counted when added: no pass over them again for this
        (identity_rows,) = con.execute(
            "SELECT count(*) FROM copied WHERE reason IS NULL AND identity_only"
        ).fetchall()[0]
        identity_rows += sum(self.summaries[file].identity for file in self.in_place)
        if identity_rows:
            self._build_positions(_with_identity(GOOD))
            return
        if check_duplicates:
            # distinct hashes prove distinct positions; a collision only takes the exact path
            (total, distinct) = con.execute(
                f"SELECT count(*), count(DISTINCT hash(mmsi, t, lat, lon)) FROM ({GOOD}) AS good"
            ).fetchall()[0]
            if total != distinct:
                self._build_positions(GOOD)
                return
        # the common case costs no copy: the positions are the good rows as loaded
        columns = ", ".join(POSITION_COLUMNS)
        con.execute(f"CREATE VIEW positions AS SELECT file, {columns} FROM ({GOOD}) AS good").fetchall()
        self.finished = True
        self.checked = check_duplicates

    def drop_duplicates(self) -> None:
        """Exact copies dropped from ``positions`` after ``finish(check_duplicates=False)``, when
        the caller found some."""
        self.con.execute("DROP VIEW positions").fetchall()
        self._build_positions(GOOD)

    def _build_positions(self, good: str) -> None:
        """``positions`` as a table: exact copies (same vessel, time and place) kept once, the
        first file's, and counted as duplicates in the files that repeated them."""
        con = self.con
        columns = ", ".join(POSITION_COLUMNS)
        con.execute(
            f"CREATE TABLE positions AS SELECT file, {columns} FROM ({good}) AS good"
            " QUALIFY ROW_NUMBER() OVER (PARTITION BY mmsi, t, lat, lon ORDER BY file) = 1"
        ).fetchall()
        # every file is counted already
        con.execute("DROP VIEW loaded").fetchall()
        for file in self.views:
            con.execute(f"DROP VIEW parquet_{file}").fetchall()
        con.execute("DROP TABLE copied").fetchall()
        self.positions_table = True
        kept = dict(con.execute("SELECT file, count(*) FROM positions GROUP BY file").fetchall())
        for file, summary in enumerate(self.summaries):
            copies = summary.kept - kept.get(file, 0)
            if copies:
                summary.rejected["duplicate position"] += copies
                summary.used -= copies
                summary.kept -= copies
        self.finished = True
        self.checked = True

    def count(self) -> int:
        """How many positions: counted when the files were added, unless ``positions`` is a table
        (then cheap to count) whose duplicates were dropped since (the summaries say so too)."""
        if not self.positions_table:
            return sum(summary.kept for summary in self.summaries)
        (count,) = self.con.execute("SELECT count(*) FROM positions").fetchall()[0]
        return int(count)

    def arrow(self) -> pa.Table:
        """The positions as Arrow, in the order of vessel and time."""
        self.finish()
        columns = ", ".join(POSITION_COLUMNS)
        table = self.con.sql(f"SELECT {columns} FROM positions ORDER BY mmsi, t, lat, lon").to_arrow_table()
        return table.cast(position_schema())


def _with_identity(good: str) -> str:
    """Positions with the identity in force at their time: the running last known value of each
    field from the identity rows (the latest at or before the position, else the first after)."""
    running = ", ".join(
        f"LAST_VALUE({name} IGNORE NULLS) OVER (PARTITION BY mmsi ORDER BY t"
        f" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS {name}"
        for name in IDENTITY_FIELDS
    )
    firsts = ", ".join(
        f"FIRST({name} ORDER BY t) FILTER (WHERE {name} IS NOT NULL) AS {name}" for name in IDENTITY_FIELDS
    )
    filled = ", ".join(f"COALESCE(p.{name}, s.{name}, f.{name}) AS {name}" for name in IDENTITY_FIELDS)
    return f"""
WITH states AS (
    SELECT mmsi, t, {running} FROM loaded WHERE reason IS NULL AND identity_only
), firsts AS (
    SELECT mmsi, {firsts} FROM loaded WHERE reason IS NULL AND identity_only GROUP BY mmsi
), p AS ({good})
SELECT p.file, p.mmsi, p.t, p.lat, p.lon, p.sog, p.cog, {filled}, p.reason, p.identity_only, p.notes
FROM p ASOF LEFT JOIN states s ON p.mmsi = s.mmsi AND p.t >= s.t
LEFT JOIN firsts f ON p.mmsi = f.mmsi
"""
