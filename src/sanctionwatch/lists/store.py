"""The embedded DuckDB store of list entities and of every load.

Loading is all or nothing: a load runs in one transaction that replaces the earlier version of
each list it reads, relinks every entity across lists, and records itself in ``loads``.

``Store.transaction()`` is the one way to group writes: it nests, so that a caller (the
monitoring run) can load lists and save its own results in one transaction, and a failure
anywhere inside changes nothing.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from sanctionwatch.errors import StoreError
from sanctionwatch.files import sha256
from sanctionwatch.lists.linking import canonical_ids
from sanctionwatch.lists.model import ROW_FIELDS, ListEntity
from sanctionwatch.lists.readers import ListFile

LIST_FIELDS = tuple(
    name for name, spec in ListEntity.__dataclass_fields__.items() if "list" in str(spec.type)
)
_COLUMNS = ", ".join(
    f"{name} {'VARCHAR[]' if name in LIST_FIELDS else 'BOOLEAN' if name == 'dprk' else 'VARCHAR'}"
    for name in ROW_FIELDS
)
SCHEMA_SQL = f"""
CREATE TABLE IF NOT EXISTS entities ({_COLUMNS});
CREATE TABLE IF NOT EXISTS loads (
    dataset VARCHAR, format VARCHAR, source_file VARCHAR, sha256 VARCHAR, list_date VARCHAR,
    records INTEGER, set_aside VARCHAR, loaded_at TIMESTAMP, seconds DOUBLE, parts VARCHAR
);
"""


@dataclass
class LoadRecord:
    """What one load did, as recorded in the ``loads`` table."""

    dataset: str
    format: str
    source_file: str
    sha256: str
    list_date: str
    records: int
    set_aside: dict[str, int]
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


class Store:
    """A DuckDB database of list entities. Open it with ``Store(path)``, close with ``close()``."""

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = Path(path)
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only and self.path.exists())
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: cannot open the store ({exc}); check the --db path") from exc
        self._depth = 0
        self._doomed = False
        if not read_only:
            self.con.execute(SCHEMA_SQL)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def is_empty(self) -> bool:
        if not self._has_table("entities"):
            return True
        row = self.con.execute("SELECT count(*) FROM entities").fetchone()
        return not row or row[0] == 0

    def _has_table(self, name: str) -> bool:
        row = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
        ).fetchone()
        return bool(row and row[0])

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """One transaction around the block; nested blocks join the outermost one.

        The outermost block commits when it ends normally and rolls back when an exception leaves
        it. DuckDB has no savepoints, so a failure inside a nested block dooms the whole
        transaction: even when a caller catches the exception, the outermost block rolls back and
        raises ``StoreError`` instead of committing half of the work.
        """
        outermost = self._depth == 0
        if outermost:
            self.con.execute("BEGIN TRANSACTION")
            self._doomed = False
        self._depth += 1
        try:
            yield self
        except BaseException:
            self._depth -= 1
            self._doomed = True
            if outermost:
                self.con.execute("ROLLBACK")
            raise
        self._depth -= 1
        if not outermost:
            return
        if self._doomed:  # a nested block failed and its caller swallowed the exception
            self.con.execute("ROLLBACK")
            raise StoreError(f"{self.path}: a step inside the transaction failed; nothing was changed")
        try:
            self.con.execute("COMMIT")
        except duckdb.Error as exc:
            raise StoreError(
                f"{self.path}: the changes could not be saved ({exc}); nothing was changed"
            ) from exc

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    def load(self, files: Sequence[ListFile], list_dates: dict[str, str] | None = None) -> list[LoadRecord]:
        """Replace the lists in ``files`` with their new contents, in one transaction (or in the
        caller's, when called inside ``transaction()``)."""
        list_dates = list_dates or {}
        records = []
        with self.transaction():
            for list_file in files:
                records.append(self._load_one(list_file, list_dates.get(str(list_file.path), "")))
            self.relink()
        return records

    def _load_one(self, list_file: ListFile, list_date: str) -> LoadRecord:
        started = time.perf_counter()
        list_date = list_file.list_date or list_date
        source = str(list_file.path)
        for entity in list_file.entities:
            entity.source_file = source
            entity.list_date = list_date
            entity.canonical_id = entity.id
        self.con.execute("DELETE FROM entities WHERE dataset = ?", [list_file.dataset])
        self._insert(list_file.entities)
        record = LoadRecord(
            dataset=list_file.dataset,
            format=list_file.format,
            source_file=source,
            sha256=sha256(list_file.path),
            list_date=list_date,
            records=len(list_file.entities),
            set_aside=list_file.set_aside,
            seconds=time.perf_counter() - started,
        )
        self.con.execute(
            "INSERT INTO loads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                record.dataset,
                record.format,
                record.source_file,
                record.sha256,
                record.list_date,
                record.records,
                json.dumps(record.set_aside),
                datetime.now(UTC).replace(tzinfo=None),
                record.seconds,
                json.dumps([str(p) for p in list_file.parts]),
            ],
        )
        return record

    def _insert(self, entities: Sequence[ListEntity]) -> None:
        if not entities:
            return
        import pyarrow as pa  # imported here: screening starts faster without it

        columns = {name: [getattr(e, name) for e in entities] for name in ROW_FIELDS}
        table = pa.table(
            {
                name: pa.array(values, type=pa.list_(pa.string()) if name in LIST_FIELDS else None)
                for name, values in columns.items()
            }
        )
        self.con.register("incoming", table)
        try:
            self.con.execute(f"INSERT INTO entities SELECT {', '.join(ROW_FIELDS)} FROM incoming")
        finally:
            self.con.unregister("incoming")

    def relink(self) -> None:
        """Recompute the canonical id of every entity across all lists."""
        import pyarrow as pa

        entities = list(self.entities())
        mapping = canonical_ids(entities)
        table = pa.table({"id": list(mapping), "canonical_id": list(mapping.values())})
        self.con.register("links", table)
        try:
            self.con.execute(
                "UPDATE entities SET canonical_id = links.canonical_id"
                " FROM links WHERE entities.id = links.id"
            )
        finally:
            self.con.unregister("links")

    def entities(self, where: str = "", params: Sequence[object] = ()) -> Iterator[ListEntity]:
        """Entities from the store, optionally filtered by a SQL condition with parameters."""
        if not self._has_table("entities"):
            return
        sql = f"SELECT {', '.join(ROW_FIELDS)} FROM entities"
        if where:
            sql += f" WHERE {where}"
        cursor = self.con.execute(sql + " ORDER BY dataset, id", list(params))
        while batch := cursor.fetchmany(5000):
            for row in batch:
                values = dict(zip(ROW_FIELDS, row, strict=True))
                for name in LIST_FIELDS:
                    values[name] = list(values[name] or [])
                yield ListEntity(**values)

    def group(self, canonical_id: str) -> list[ListEntity]:
        """Every list record of one canonical entity."""
        return list(self.entities("canonical_id = ?", [canonical_id]))

    def find(self, ref_or_id: str) -> list[ListEntity]:
        """All records of the entity that ``ref_or_id`` (a list reference or an id) belongs to."""
        key = ref_or_id.strip()
        rows = (
            self.con.execute(
                "SELECT canonical_id FROM entities WHERE upper(ref) = upper(?) OR id = ? OR canonical_id = ?"
                " OR upper(ref) = upper(?)",
                [key, key, key, f"OFAC-{key}"],
            ).fetchall()
            if self._has_table("entities")
            else []
        )
        if not rows:
            return []
        return self.group(rows[0][0])

    def loads(self) -> list[dict[str, Any]]:
        if not self._has_table("loads"):
            return []
        cursor = self.con.execute("SELECT * FROM loads ORDER BY loaded_at")
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def version(self) -> str:
        """A fingerprint of the loaded lists: changes whenever a load changes the store."""
        loads = self.loads()
        return "|".join(f"{row['dataset']}:{row['sha256']}:{row['loaded_at']}" for row in loads)
