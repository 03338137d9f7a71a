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
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from sanctionwatch.errors import SanctionwatchError, StoreError
from sanctionwatch.files import sha256
from sanctionwatch.lists.guards import refuse_lost_aliases, refuse_suspicious
from sanctionwatch.lists.history import record_version
from sanctionwatch.lists.layout import ADDED_COLUMNS, LAYOUT, LIST_FIELDS, SCHEMA_SQL, open_failure
from sanctionwatch.lists.linking import Conflict, link
from sanctionwatch.lists.model import JSON_FIELDS, ROW_FIELDS, ListEntity, many_objects
from sanctionwatch.lists.readers import ListFile
from sanctionwatch.lists.related import entity_references, pointers

#: The links the last relink refused (``Store.refused_links``), in the linker's order.
REFUSALS_SQL = (
    "CREATE TABLE IF NOT EXISTS refused_links"
    " (number INTEGER, rule VARCHAR, reason VARCHAR, left_id VARCHAR, right_id VARCHAR, detail VARCHAR)"
)


@dataclass
class LoadRecord:
    """What one load did, as recorded in the ``loads`` table.

    ``status`` is ``loaded``, or ``unchanged`` when the same file was loaded already and the
    load was skipped; ``related`` counts the entities kept beside the screened ones (Sanction,
    Address, Ownership...).
    """

    dataset: str
    format: str
    source_file: str
    sha256: str
    list_date: str
    records: int
    set_aside: dict[str, int]
    seconds: float
    related: int = 0
    status: str = "loaded"
    #: the version of the list this load made (``lists/history.py``) and what it changed
    version: int = 0
    changes: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


def _attach_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the store file, of its own.

    ``duckdb.connect(path)`` hands every connection to one file in a process the same database,
    cached while any connection to it is open: a server that holds its store open would keep
    reading the old file after ``lists update`` swapped a new one in (``lists/swap.py``). The file
    is attached to a private in-memory database instead, which opens whatever the path names now.
    """
    con = duckdb.connect(":memory:")
    try:
        quoted = str(path).replace("'", "''")
        con.execute(f"ATTACH '{quoted}' AS store (READ_ONLY)")
        con.execute("USE store")
    except duckdb.Error:
        con.close()
        raise
    return con


class Store:
    """A DuckDB database of list entities. Open it with ``Store(path)``, close with ``close()``."""

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = Path(path)
        #: this handle made the file: see ``__exit__``
        self.created = not read_only and not self.path.exists()
        try:
            if read_only and self.path.exists():
                self.con = _attach_read_only(self.path)
            else:
                self.con = duckdb.connect(str(self.path))
        except duckdb.Error as exc:
            raise open_failure(self.path, exc) from exc
        # DuckDB draws its own progress bar on stdout for a query over two seconds (a slow or
        # loaded machine): it would land in the middle of a command's --json output
        self.con.execute("SET enable_progress_bar = false")
        self._depth = 0
        self._doomed = False
        self.read_only = read_only
        #: why the store was opened read-only when a writer was asked for (``open_store``)
        self.busy = ""
        if not read_only:
            self.con.execute(SCHEMA_SQL)
            for table, columns in ADDED_COLUMNS.items():
                for name, kind in columns:
                    self.con.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {name} {kind}")

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        """Close; and remove a store this handle made when the work it was opened for failed
        with a user-facing error: a command that fails changes nothing, not even by leaving an
        empty store behind (``lists load`` of a mistyped path did). What is made beside a store
        goes with it: its WAL and the screening index's cache and stamp, by name only (a user's
        ``<store>.bak`` beside it is not the store's)."""
        self.close()
        if self.created and isinstance(error, SanctionwatchError):
            for suffix in ("", ".wal", ".index", ".index.stamp"):
                self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)

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
        if self.read_only:
            raise StoreError(
                self.busy or f"{self.path}: the store was opened read-only; nothing can change it"
            )
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
        if self._doomed:
            # a nested block failed and its caller swallowed the exception: a programming error
            # (no caller does), not something a user can fix, so no StoreError
            self.con.execute("ROLLBACK")
            raise RuntimeError(f"{self.path}: a step inside the transaction failed; nothing was changed")
        try:
            self.con.execute("COMMIT")
        except duckdb.Error as exc:
            raise StoreError(
                f"{self.path}: the changes could not be saved ({exc}); nothing was changed"
            ) from exc

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    def load(
        self,
        files: Sequence[ListFile],
        list_dates: dict[str, str] | None = None,
        force: bool = False,
        max_shrink: float | None = None,
    ) -> list[LoadRecord]:
        """Replace the lists in ``files`` with their new contents, in one transaction (or in the
        caller's, when called inside ``transaction()``).

        Unless ``force``, a file that would empty a list, shrink it by more than ``max_shrink``
        (default: the ``SANCTIONWATCH_MAX_SHRINK`` setting) or replace a list loaded from
        another format is refused with ``InputError`` before anything changes.
        """
        from sanctionwatch import settings

        list_dates = list_dates or {}
        shrink = settings.max_shrink() if max_shrink is None else max_shrink
        records = []
        with self.transaction(), many_objects():
            for list_file in files:
                date = list_dates.get(str(list_file.path), "")
                records.append(self._load_one(list_file, date, force, shrink))
            self.relink()
        return records

    def _load_one(self, list_file: ListFile, list_date: str, force: bool, shrink: float) -> LoadRecord:
        started = time.perf_counter()
        list_date = list_file.list_date or list_date
        source = list_file.origin or str(list_file.path)
        dataset = list_file.dataset
        before = self.count(dataset)
        for entity in list_file.entities:
            entity.dataset = dataset  # a file loads into its own dataset, whatever its lines say
            entity.source_file = source
            entity.list_date = list_date
            entity.canonical_id = entity.id
        digest = list_file.sha256 or sha256(list_file.path)
        if list_file.delta:
            changed = [e.id for e in list_file.entities] + [r["id"] for r in list_file.related]
            gone = [*changed, *list_file.deleted]
            after = before - self._count_ids(dataset, gone) + len(list_file.entities)
        else:
            after = len(list_file.entities)
        if not force:
            refuse_suspicious(list_file, before, after, shrink, self.last_load(dataset))
            if not list_file.delta:
                refuse_lost_aliases(list_file, self.alias_count(dataset), shrink)
        version = record_version(self, list_file, digest, list_date)
        if list_file.delta:
            self.con.execute(
                "DELETE FROM entities WHERE dataset = ? AND list_contains(?, id)", [dataset, gone]
            )
            self.con.execute(
                "DELETE FROM related WHERE dataset = ? AND list_contains(?, id)", [dataset, gone]
            )
        else:
            self.con.execute("DELETE FROM entities WHERE dataset = ?", [dataset])
            self.con.execute("DELETE FROM related WHERE dataset = ?", [dataset])
        self._insert(list_file.entities)
        self._insert_related(dataset, list_file.related, pointers(list_file.entities))
        record = LoadRecord(
            dataset=dataset,
            format=list_file.format,
            source_file=source,
            sha256=digest,
            list_date=list_date,
            records=self.count(dataset) if list_file.delta else len(list_file.entities),
            set_aside=list_file.set_aside,
            seconds=time.perf_counter() - started,
            related=len(list_file.related),
            version=version.version,
            changes=version.counts,
        )
        self.con.execute(
            "INSERT INTO loads (dataset, format, source_file, sha256, list_date, records, set_aside,"
            " loaded_at, seconds, parts, layout, related) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                LAYOUT,
                record.related,
            ],
        )
        return record

    def count(self, dataset: str) -> int:
        """How many records of ``dataset`` the store holds."""
        row = self.con.execute("SELECT count(*) FROM entities WHERE dataset = ?", [dataset]).fetchone()
        return int(row[0]) if row else 0

    def alias_count(self, dataset: str) -> int:
        """How many aliases (strong and weak) the records of ``dataset`` hold."""
        row = self.con.execute(
            "SELECT sum(len(aliases) + len(weak_aliases)) FROM entities WHERE dataset = ?", [dataset]
        ).fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def _count_ids(self, dataset: str, ids: Sequence[str]) -> int:
        row = self.con.execute(
            "SELECT count(*) FROM entities WHERE dataset = ? AND list_contains(?, id)", [dataset, list(ids)]
        ).fetchone()
        return int(row[0]) if row else 0

    def last_load(self, dataset: str) -> dict[str, Any] | None:
        """The latest load of ``dataset``, as a row of ``loads``, or None."""
        rows = [row for row in self.loads() if row["dataset"] == dataset]
        return rows[-1] if rows else None

    def is_loaded(self, dataset: str, digest: str, source_file: str) -> bool:
        """The store holds ``dataset`` as loaded from this very file (same path and sha256),
        written in the current layout: loading it again would change nothing."""
        last = self.last_load(dataset)
        return bool(
            last
            and last["sha256"] == digest
            and last["source_file"] == source_file
            and last.get("layout") == LAYOUT
        )

    def _insert(self, entities: Sequence[ListEntity]) -> None:
        if not entities:
            return
        import pyarrow as pa  # imported here: screening starts faster without it

        columns: dict[str, list[Any]] = {name: [getattr(e, name) for e in entities] for name in ROW_FIELDS}
        for name in JSON_FIELDS:
            columns[name] = [
                json.dumps(value, ensure_ascii=False) if value else None for value in columns[name]
            ]
        table = pa.table(
            {
                name: pa.array(values, type=pa.list_(pa.string()) if name in LIST_FIELDS else None)
                for name, values in columns.items()
            }
        )
        names = ", ".join(ROW_FIELDS)
        self.con.register("incoming", table)
        try:
            self.con.execute(f"INSERT INTO entities ({names}) SELECT {names} FROM incoming")
        finally:
            self.con.unregister("incoming")

    def _insert_related(
        self, dataset: str, related: Sequence[dict[str, Any]], pointed: dict[str, list[str]]
    ) -> None:
        """Keep the related entities; ``subjects`` are the ids each points to and the ids of the
        records that point to it, so that either way they are found from a record."""
        if not related:
            return
        import pyarrow as pa

        subjects = [
            list(
                dict.fromkeys(
                    [
                        *entity_references(item["schema"], item.get("properties") or {}),
                        *pointed.get(item["id"], []),
                    ]
                )
            )
            for item in related
        ]
        table = pa.table(
            {
                "dataset": pa.array([dataset] * len(related), pa.string()),
                "id": pa.array([item["id"] for item in related], pa.string()),
                "schema": pa.array([item["schema"] for item in related], pa.string()),
                "subjects": pa.array(subjects, pa.list_(pa.string())),
                "data": pa.array([json.dumps(item, ensure_ascii=False) for item in related], pa.string()),
            }
        )
        self.con.register("incoming_related", table)
        try:
            self.con.execute(
                "INSERT INTO related (dataset, id, schema, subjects, data)"
                " SELECT dataset, id, schema, subjects, data FROM incoming_related"
            )
        finally:
            self.con.unregister("incoming_related")

    def relink(self) -> None:
        """Recompute the canonical id of every entity across all lists."""
        import pyarrow as pa

        entities = list(self.entities())
        linkage = link(entities)
        mapping = linkage.canonical
        table = pa.table({"id": list(mapping), "canonical_id": list(mapping.values())})
        self.con.register("links", table)
        try:
            self.con.execute(
                "UPDATE entities SET canonical_id = links.canonical_id"
                " FROM links WHERE entities.id = links.id"
            )
        finally:
            self.con.unregister("links")
        self.keep_refusals(linkage.conflicts)

    def keep_refusals(self, conflicts: Sequence[Conflict]) -> None:
        """Keep the links the linker refused beside the links it made, so that ``lists stats`` and
        ``lists conflicts`` read them instead of linking every list again (seconds each time)."""
        self.con.execute(REFUSALS_SQL)
        self.con.execute("DELETE FROM refused_links")
        if not conflicts:
            return
        self.con.executemany(
            "INSERT INTO refused_links VALUES (?, ?, ?, ?, ?, ?)",
            [
                [number, c.rule, c.reason, c.left.id, c.right.id, c.detail]
                for number, c in enumerate(conflicts)
            ],
        )

    def refused_links(self) -> list[Conflict] | None:
        """The links the last relink refused, with both records as they are now; None for a store
        written before they were kept (the caller links again)."""
        if not self._has_table("refused_links"):
            return None
        rows = self.con.execute(
            "SELECT rule, reason, left_id, right_id, detail FROM refused_links ORDER BY number"
        ).fetchall()
        ids = sorted({row[2] for row in rows} | {row[3] for row in rows})
        by_id = {entity.id: entity for entity in self.entities("list_contains(?, id)", [ids])}
        return [
            Conflict(rule, reason, by_id[left], by_id[right], detail)
            for rule, reason, left, right, detail in rows
            if left in by_id and right in by_id
        ]

    def entities(self, where: str = "", params: Sequence[object] = ()) -> Iterator[ListEntity]:
        """Entities from the store, optionally filtered by a SQL condition with parameters."""
        if not self._has_table("entities"):
            return
        present = self._columns()
        # a store written before a column was added, opened read-only, lacks it: its default
        columns = [name if name in present else f"NULL AS {name}" for name in ROW_FIELDS]
        sql = f"SELECT {', '.join(columns)} FROM entities"
        if where:
            sql += f" WHERE {where}"
        cursor = self.con.execute(sql + " ORDER BY dataset, id", list(params))
        while batch := cursor.fetchmany(5000):
            for row in batch:
                values = dict(zip(ROW_FIELDS, row, strict=True))
                for name in LIST_FIELDS:
                    values[name] = list(values[name] or [])
                for name in JSON_FIELDS:
                    values[name] = json.loads(values[name]) if values[name] else {}
                yield ListEntity(**values)

    def _columns(self) -> set[str]:
        rows = self.con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'entities'"
        ).fetchall()
        return {str(row[0]) for row in rows}

    def group(self, canonical_id: str) -> list[ListEntity]:
        """Every list record of one canonical entity."""
        return list(self.entities("canonical_id = ?", [canonical_id]))

    def find(self, ref_or_id: str) -> list[ListEntity]:
        """All records of the entity that ``ref_or_id`` (a list reference, an id or a referent)
        belongs to."""
        canonical = self.canonical_of(ref_or_id, references=True)
        return self.group(canonical) if canonical else []

    def canonical_of(self, key: str, references: bool = False) -> str | None:
        """The canonical id of the entity that ``key`` names: a canonical id gives itself; a
        record id or a referent (the id of a record merged into it, or an id an FtM file gave
        as a referent) gives the canonical id it is now part of, so that a service can redirect
        an old id to the current one. With ``references``, list references (``KPi.023``,
        ``OFAC-11648`` or ``11648``) are accepted too. None when nothing matches."""
        if not self._has_table("entities"):
            return None
        key = key.strip()
        conditions = "canonical_id = $key OR id = $key"
        if "referents" in self._columns():
            conditions += " OR list_contains(referents, $key)"
        if references:
            conditions += " OR upper(ref) = upper($key) OR upper(ref) = upper('OFAC-' || $key)"
        row = self.con.execute(
            f"SELECT canonical_id FROM entities WHERE {conditions}"
            " ORDER BY canonical_id = $key DESC, id = $key DESC, dataset, id LIMIT 1",
            {"key": key},
        ).fetchone()
        return str(row[0]) if row else None

    def related(self, ids: Sequence[str] | None = None, as_loaded: bool = False) -> list[dict[str, Any]]:
        """The related FtM entities (Sanction, Address, Ownership...) kept beside the records,
        as FtM dicts: all of them, or those linked to any of the record ids ``ids``. Entity
        references in them are record ids; ``export.canonical_references`` maps them to
        canonical ids. ``as_loaded``: ``datasets`` is the list each was loaded as, not what its
        file declared (what a client is shown: a file cannot present itself as another list)."""
        if not self._has_table("related"):
            return []
        if ids is None:
            rows = self.con.execute("SELECT dataset, data FROM related ORDER BY dataset, id").fetchall()
        else:
            rows = self.con.execute(
                "SELECT dataset, data FROM related WHERE len(list_intersect(subjects, ?)) > 0"
                " ORDER BY dataset, id",
                [list(ids)],
            ).fetchall()
        found = [(dataset, json.loads(data)) for dataset, data in rows]
        return [{**item, "datasets": [dataset]} if as_loaded else item for dataset, item in found]

    def programs(self) -> list[tuple[str, str, int]]:
        """Each list's sanctions programmes, with how many of its records each lists."""
        if not self._has_table("entities"):
            return []
        query = (
            "SELECT dataset, program, count(*) FROM (SELECT dataset, unnest(programs) AS program"
            " FROM entities) GROUP BY ALL ORDER BY dataset, program"
        )
        rows = self.con.execute(query).fetchall()
        return [(dataset, program, int(count)) for dataset, program, count in rows]

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
