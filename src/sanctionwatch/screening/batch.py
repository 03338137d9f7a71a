"""Batch screening from a CSV of queries (``name`` and optional ``type``, ``imo``, ``mmsi``,
``dob``, ``country``, ``id`` columns); results keep the input order. A row without an ``id`` is
given its line number in the file, the number a skipped row's message names, so that an id and
a message about the same row never disagree.

The file is parsed strictly: a quote that is never closed would otherwise swallow every later row
into one long name (screened as "no match": a listed name silently missed), so it stops the batch
with the line it opened on. A row whose values cannot be used (an impossible birth date, a bad IMO
number, a name of thousands of characters) is reported with its line and field, and the other
rows are screened; only a file with no usable row fails as a whole.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sanctionwatch.errors import InputError, ParseError, QueryError
from sanctionwatch.files import open_binary
from sanctionwatch.screening.query import Query, make_query

COLUMNS = ("name", "type", "imo", "dob", "country", "mmsi", "id")
#: Longest field read at all (Python's csv module stops at 131,072 characters by default); names
#: longer than ``query.MAX_NAME_LENGTH`` are then refused row by row.
FIELD_LIMIT = 16 * 1024 * 1024


@dataclass(frozen=True)
class BatchQuery:
    id: str
    query: Query


@dataclass(frozen=True)
class RowError:
    """A row that could not be screened: its line, the field at fault and what to fix."""

    line: int
    field: str | None
    message: str
    #: The row's id (its own, or its line number, as a screened row's) and name as written.
    id: str = ""
    name: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "line": self.line,
            "field": self.field,
            "message": self.message,
            "id": self.id,
            "name": self.name,
        }

    def describe(self, path: Path | str) -> str:
        where = f"line {self.line}" + (f", {self.field}" if self.field else "")
        return f"{path}, {where}: {self.message}"


@dataclass
class Batch:
    queries: list[BatchQuery] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _read_text(path: Path) -> str:
    if str(path) == "-":
        data = sys.stdin.buffer.read()
    else:
        with open_binary(path) as handle:
            data = handle.read()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ParseError(path, f"line {line}", "not UTF-8 text; save the file as UTF-8") from exc


@contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    previous = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


#: Field separators a batch may use: commas, and the semicolons and tabs that spreadsheets write
#: where the comma is the decimal mark.
DELIMITERS = (",", ";", "\t")


def _delimiter(text: str) -> str:
    """The separator whose first line has a ``name`` column (a comma when none has one)."""
    header = text.split("\n", 1)[0]
    for delimiter in DELIMITERS:
        if "name" in (cell.strip().strip('"').lower() for cell in header.split(delimiter)):
            return delimiter
    return ","


def read_batch(path: Path) -> Batch:
    """Every usable query in the file, and every row that is not, with its line and field.

    Raises ``ParseError`` for what spoils the whole file (not UTF-8, no ``name`` column, a quote
    never closed) and ``InputError`` for an empty file or one without a usable row."""
    text = _read_text(path)
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text), strict=True)
    batch = Batch()
    with _field_limit(FIELD_LIMIT):
        try:
            header = next(reader, None)
        except csv.Error as exc:
            raise ParseError(path, "line 1", f"the header is not valid CSV ({exc})") from exc
        if header is None:
            raise InputError(f"{path}: empty file; it needs a header with a 'name' column")
        fields = [f.strip().lower() for f in header]
        if "name" not in fields and text.lstrip()[:1] in ("{", "["):
            raise ParseError(
                path,
                "line 1",
                "this is JSON; a batch is CSV with a header line: name[,type,imo,mmsi,dob,country,id]",
            )
        if "name" not in fields:
            raise ParseError(
                path, "line 1", f"the header needs a 'name' column (found: {', '.join(fields) or 'none'})"
            )
        while True:
            start = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                problem = (
                    "a quote opened on this line is never closed" if "end of data" in str(exc) else str(exc)
                )
                raise ParseError(path, f"line {start}", f"{problem}; fix the quoting") from exc
            if not any(cell.strip() for cell in row):
                continue
            values = {key: "" for key in COLUMNS}
            for key, cell in zip(fields, row, strict=False):
                if key in values:
                    values[key] = cell.strip()
            if len(row) > len(fields) and any(cell.strip() for cell in row[len(fields) :]):
                batch.errors.append(
                    RowError(
                        start,
                        None,
                        f"{len(row)} fields but the header has {len(fields)}",
                        values["id"] or str(start),
                        values["name"],
                    )
                )
                continue
            try:
                query = make_query(
                    values["name"],
                    values["type"] or "any",
                    values["imo"],
                    values["dob"],
                    values["country"],
                    values["mmsi"],
                )
            except QueryError as exc:
                batch.errors.append(
                    RowError(start, exc.field, str(exc), values["id"] or str(start), values["name"])
                )
                continue
            batch.queries.append(BatchQuery(values["id"] or str(start), query))
    if not batch.queries:
        if batch.errors:
            first = batch.errors[0]
            more = f" (and {len(batch.errors) - 1} more rows)" if len(batch.errors) > 1 else ""
            raise ParseError(path, f"line {first.line}", f"{first.message}{more}; no row could be screened")
        raise InputError(f"{path}: no queries; it needs rows under a header with a 'name' column")
    return batch
