"""Batch screening from a CSV of queries (``name`` and optional ``type``, ``imo``, ``dob``,
``country``, ``id`` columns); results keep the input order."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sanctionwatch.errors import InputError, ParseError, QueryError
from sanctionwatch.files import open_binary
from sanctionwatch.screening.query import Query, make_query

COLUMNS = ("name", "type", "imo", "dob", "country", "id")


@dataclass(frozen=True)
class BatchQuery:
    id: str
    query: Query


def read_queries(path: Path) -> list[BatchQuery]:
    """Every query in the file, checked; a bad row stops with its line number."""
    if str(path) == "-":
        import sys

        data = sys.stdin.buffer.read()
    else:
        with open_binary(path) as handle:
            data = handle.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ParseError(path, f"line {line}", "not UTF-8 text; save the file as UTF-8") from exc
    return list(_rows(path, text))


def _rows(path: Path, text: str) -> Iterator[BatchQuery]:
    reader = csv.DictReader(io.StringIO(text))
    fields = [f.strip().lower() for f in reader.fieldnames or []]
    if "name" not in fields:
        raise ParseError(
            path, "line 1", f"the header needs a 'name' column (found: {', '.join(fields) or 'none'})"
        )
    reader.fieldnames = fields
    for number, row in enumerate(reader, start=2):
        values = {key: (row.get(key) or "").strip() for key in COLUMNS}
        try:
            query = make_query(
                values["name"], values["type"] or "any", values["imo"], values["dob"], values["country"]
            )
        except QueryError as exc:
            raise ParseError(path, f"line {reader.line_num}", str(exc)) from exc
        yield BatchQuery(values["id"] or str(number - 1), query)
    if reader.line_num == 0:
        raise InputError(f"{path}: empty file; it needs a header with a 'name' column")
