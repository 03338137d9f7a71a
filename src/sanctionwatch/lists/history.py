"""The versions of each list and of each designation: the daily diff, and ``lists history REF``.

Every load of a list is a version (table ``versions``: when, from where, the file's sha256, the
list date, how many designations were added, removed and changed). A designation gets a row in
``designations`` in each version that adds, changes or removes it, with the record as it then
was (as JSON): so the history of a reference outlives its delisting, and the store keeps one
copy per change, not per load.

A designation is the same one from version to version when its record id is (``lists/ids.py``:
the dataset and the list's own reference). It has changed when any fact the tool matches or
links on has (names, birth dates, nationalities, countries, identifiers, programmes, schema,
cross-references, DPRK relevance) or its notes have; notes are compared only between files of
the same format, since OFAC's CSV set writes into Remarks the facts its XML gives in fields.

A store loaded before versions were kept gets a first version from what it holds (its last
load's time and source) the first time the list is loaded again, so the diff of that load is a
diff against it, not a list of every record as new.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sanctionwatch.lists.model import ListEntity

if TYPE_CHECKING:
    from sanctionwatch.lists.readers import ListFile
    from sanctionwatch.lists.store import Store

SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS versions (
    dataset VARCHAR, version INTEGER, loaded_at TIMESTAMP, source VARCHAR, format VARCHAR,
    sha256 VARCHAR, list_date VARCHAR, records INTEGER, added INTEGER, removed INTEGER, changed INTEGER
);
CREATE TABLE IF NOT EXISTS designations (
    dataset VARCHAR, version INTEGER, id VARCHAR, ref VARCHAR, name VARCHAR, schema VARCHAR,
    change VARCHAR, fields VARCHAR[], record VARCHAR
);
"""
#: Fields that say where and when a record was read, not what the list says: never a change.
NOT_COMPARED = ("source_file", "list_date", "canonical_id", "dataset", "properties")
COMPARED = tuple(name for name in ListEntity.__dataclass_fields__ if name not in NOT_COMPARED)
KINDS = ("added", "removed", "changed")


@dataclass
class Change:
    """One designation added, removed or changed by a version of its list."""

    dataset: str
    ref: str
    name: str
    change: str
    id: str
    fields: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "list": self.dataset,
            "ref": self.ref,
            "name": self.name,
            "change": self.change,
            "id": self.id,
            "fields": self.fields,
        }


@dataclass
class Version:
    """What one load did to one list."""

    dataset: str
    version: int
    added: int = 0
    removed: int = 0
    changed: int = 0

    @property
    def counts(self) -> dict[str, int]:
        return {"added": self.added, "removed": self.removed, "changed": self.changed}


def ensure_tables(store: Store) -> None:
    store.con.execute(SCHEMA_SQL)


def _compared(entity: ListEntity, with_notes: bool) -> dict[str, Any]:
    values = {name: getattr(entity, name) for name in COMPARED}
    if not with_notes:
        values.pop("notes")
    return values


def _differences(old: ListEntity, new: ListEntity, with_notes: bool) -> list[str]:
    before, after = _compared(old, with_notes), _compared(new, with_notes)
    return [name for name in before if _normal(before[name]) != _normal(after[name])]


def _normal(value: Any) -> Any:
    """Values compared as sets where the lists' order means nothing."""
    if isinstance(value, list):
        return sorted(value)
    if isinstance(value, str):
        return " ".join(value.split())
    return value


def record_version(store: Store, list_file: ListFile, digest: str, list_date: str) -> Version:
    """Keep the version ``list_file`` makes of its list, comparing it with what the store holds.

    Called by ``Store`` inside the load's transaction, before the old records are replaced, so a
    load that fails keeps no version either."""
    ensure_tables(store)
    dataset = list_file.dataset
    previous = {entity.id: entity for entity in store.entities("dataset = ?", [dataset])}
    last = _last_version(store, dataset)
    if last is None and previous:
        last = _baseline(store, dataset, previous)
    current = dict(previous) if list_file.delta else {}
    for gone in list_file.deleted:
        current.pop(gone, None)
    for entity in list_file.entities:
        current[entity.id] = entity
    with_notes = last is None or last["format"] == list_file.format
    number = (last["version"] if last else 0) + 1
    rows: list[list[Any]] = []
    version = Version(dataset, number)
    for entity_id, entity in current.items():
        old = previous.get(entity_id)
        if old is None:
            rows.append(_row(dataset, number, entity, "added", []))
            version.added += 1
            continue
        changed = _differences(old, entity, with_notes)
        if changed:
            rows.append(_row(dataset, number, entity, "changed", changed))
            version.changed += 1
    for entity_id, old in previous.items():
        if entity_id not in current:
            rows.append(_row(dataset, number, old, "removed", []))
            version.removed += 1
    _insert(store, rows)
    store.con.execute(
        "INSERT INTO versions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            dataset,
            number,
            _now(),
            list_file.origin or str(list_file.path),
            list_file.format,
            digest,
            list_date,
            len(current),
            version.added,
            version.removed,
            version.changed,
        ],
    )
    return version


def _baseline(store: Store, dataset: str, previous: dict[str, ListEntity]) -> dict[str, Any]:
    """A first version of a list loaded before versions were kept: what the store holds, dated
    by its last load."""
    load = store.last_load(dataset) or {}
    rows = [_row(dataset, 1, entity, "added", []) for entity in previous.values()]
    _insert(store, rows)
    values = [
        dataset,
        1,
        load.get("loaded_at") or _now(),
        load.get("source_file") or "",
        load.get("format") or "",
        load.get("sha256") or "",
        load.get("list_date") or "",
        len(previous),
        len(previous),
        0,
        0,
    ]
    store.con.execute("INSERT INTO versions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values)
    return {"version": 1, "format": values[4]}


def _row(dataset: str, number: int, entity: ListEntity, change: str, fields: list[str]) -> list[Any]:
    record = {name: value for name, value in entity.to_row().items() if name not in ("canonical_id",)}
    return [
        dataset,
        number,
        entity.id,
        entity.ref,
        entity.name,
        entity.schema,
        change,
        fields,
        json.dumps(record, ensure_ascii=False, sort_keys=True),
    ]


def _insert(store: Store, rows: Sequence[list[Any]]) -> None:
    if not rows:
        return
    import pyarrow as pa

    columns = ("dataset", "version", "id", "ref", "name", "schema", "change", "fields", "record")
    table = pa.table(
        {
            name: pa.array(
                [row[index] for row in rows],
                type=pa.list_(pa.string()) if name == "fields" else pa.int32() if name == "version" else None,
            )
            for index, name in enumerate(columns)
        }
    )
    store.con.register("incoming_designations", table)
    try:
        names = ", ".join(columns)
        store.con.execute(f"INSERT INTO designations ({names}) SELECT {names} FROM incoming_designations")
    finally:
        store.con.unregister("incoming_designations")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _has_history(store: Store) -> bool:
    row = store.con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'versions'"
    ).fetchone()
    return bool(row and row[0])


def _last_version(store: Store, dataset: str) -> dict[str, Any] | None:
    rows = versions(store, dataset)
    return rows[-1] if rows else None


def versions(store: Store, dataset: str | None = None) -> list[dict[str, Any]]:
    """Every version of ``dataset`` (of every list when None), oldest first."""
    if not _has_history(store):
        return []
    sql = "SELECT * FROM versions"
    params: list[Any] = []
    if dataset is not None:
        sql += " WHERE dataset = ?"
        params.append(dataset)
    cursor = store.con.execute(sql + " ORDER BY dataset, version", params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def changes(store: Store, dataset: str, version: int) -> list[Change]:
    """The designations ``version`` of ``dataset`` added, removed or changed, by kind then name."""
    if not _has_history(store):
        return []
    rows = store.con.execute(
        "SELECT dataset, ref, name, change, id, fields FROM designations WHERE dataset = ? AND version = ?"
        " ORDER BY CASE change WHEN 'added' THEN 0 WHEN 'removed' THEN 1 ELSE 2 END, name, ref",
        [dataset, version],
    ).fetchall()
    return [Change(row[0], row[1], row[2], row[3], row[4], list(row[5] or [])) for row in rows]


def history(store: Store, key: str) -> list[dict[str, Any]]:
    """Every version of the designations ``key`` names (a list reference such as ``KPi.023`` or
    ``OFAC-11648``, a bare OFAC number, or a record id), oldest first, with the record as it was."""
    if not _has_history(store):
        return []
    key = key.strip()
    cursor = store.con.execute(
        "SELECT d.dataset, d.version, v.loaded_at, v.list_date, v.source, d.change, d.fields,"
        " d.ref, d.name, d.id, d.record FROM designations d"
        " JOIN versions v ON v.dataset = d.dataset AND v.version = d.version"
        " WHERE d.id = $key OR upper(d.ref) = upper($key) OR upper(d.ref) = upper('OFAC-' || $key)"
        " ORDER BY d.dataset, d.id, d.version",
        {"key": key},
    )
    names = [column[0] for column in cursor.description]
    found = []
    for row in cursor.fetchall():
        item = dict(zip(names, row, strict=True))
        item["fields"] = list(item["fields"] or [])
        item["record"] = json.loads(item["record"])
        found.append(item)
    return found
