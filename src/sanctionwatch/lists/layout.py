"""How the store lays out its tables, and what it says when it cannot be opened.

``entities`` holds one row per list record (the fields of ``ListEntity``), ``related`` the FtM
entities kept beside them (as JSON), ``loads`` one row per load. A store written by an older
version gains the columns added since when it is opened for writing.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from sanctionwatch.errors import StoreBusy, StoreError
from sanctionwatch.lists.model import JSON_FIELDS, ROW_FIELDS, ListEntity

#: The version of the way records are written (their ids above all). A store written with an
#: older layout reloads the bundled lists instead of skipping them as already loaded.
LAYOUT = 2
LIST_FIELDS = tuple(
    name
    for name, spec in ListEntity.__dataclass_fields__.items()
    if str(spec.type).startswith("list") and name not in JSON_FIELDS
)


def _column_type(name: str) -> str:
    return "VARCHAR[]" if name in LIST_FIELDS else "BOOLEAN" if name == "dprk" else "VARCHAR"


_COLUMNS = ", ".join(f"{name} {_column_type(name)}" for name in ROW_FIELDS)
SCHEMA_SQL = f"""
CREATE TABLE IF NOT EXISTS entities ({_COLUMNS});
CREATE TABLE IF NOT EXISTS loads (
    dataset VARCHAR, format VARCHAR, source_file VARCHAR, sha256 VARCHAR, list_date VARCHAR,
    records INTEGER, set_aside VARCHAR, loaded_at TIMESTAMP, seconds DOUBLE, parts VARCHAR
);
CREATE TABLE IF NOT EXISTS related (
    dataset VARCHAR, id VARCHAR, schema VARCHAR, subjects VARCHAR[], data VARCHAR
);
"""
#: Columns added since the first layout: a store written before them gains them when opened.
ADDED_COLUMNS = {
    "entities": [(name, _column_type(name)) for name in ("datasets", "referents", "properties")],
    "loads": [("layout", "INTEGER"), ("related", "INTEGER")],
}


_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (.*?) \(PID (\d+)\)")


def open_failure(path: Path, exc: duckdb.Error) -> StoreError:
    """The error saying in one line why the store cannot be opened. DuckDB lets one process
    write a database file at a time, so a second process (``serve`` during a ``lists load``) is
    told who holds it (``StoreBusy``) instead of waiting or showing DuckDB's message."""
    text = " ".join(str(exc).split())
    if "lock" in text.casefold():
        holder = _LOCK_HOLDER.search(text)
        who = f" (process {holder[2]}, {Path(holder[1]).name})" if holder else ""
        return StoreBusy(
            f"{path}: the store is in use by another sanctionwatch process{who}; wait until it ends"
            " (a 'lists load' or 'run' holds the store while it writes; a 'serve' holds it while it"
            " runs, and takes new lists from 'lists update'), or use another --db"
        )
    if "version number" in text and "newer version of DuckDB" in text:
        return StoreError(
            f"{path}: the store was written by a newer DuckDB than the one installed"
            f" ({duckdb.__version__}); install the project's own ('make dev', or 'pip install -e .'), or"
            " move the file away and load the lists again (a benchmark's extra pins an older DuckDB)"
        )
    return StoreError(f"{path}: cannot open the store ({text}); check the --db path")
