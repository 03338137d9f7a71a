"""The list snapshots that ship with the package, with their provenance."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from rich.progress import Progress

from sanctionwatch.errors import StoreError
from sanctionwatch.lists.readers import ListFile, read_list
from sanctionwatch.lists.store import LoadRecord, Store

DATA = Path(str(resources.files("sanctionwatch") / "data"))


@dataclass(frozen=True)
class Snapshot:
    """One bundled list file and where it came from."""

    path: Path
    format: str
    publisher: str
    list_date: str
    sha256: str
    licence: str


def snapshots() -> list[Snapshot]:
    manifest = json.loads((DATA / "sanctions" / "manifest.json").read_text())
    return [
        Snapshot(
            path=DATA / "sanctions" / item["path"],
            format=item["format"],
            publisher=item["publisher"],
            list_date=item["list_date"],
            sha256=item["sha256"],
            licence=item["licence"],
        )
        for item in manifest["lists"]
    ]


def load_bundled(store: Store, progress: bool = False) -> list[LoadRecord]:
    """Load every bundled snapshot into ``store`` in one transaction, checking each sha256."""
    files: list[ListFile] = []
    dates = {}
    items = snapshots()
    with Progress(disable=not progress, transient=True) as bar:
        task = bar.add_task("reading bundled lists", total=len(items))
        for item in items:
            bar.update(task, description=f"reading {item.path.name}")
            files.append(read_list(item.path, item.format))
            dates[str(item.path)] = item.list_date
            bar.advance(task)
    records = store.load(files, dates)
    for record, item in zip(records, items, strict=True):
        if record.sha256 != item.sha256:
            raise StoreError(f"bundled {item.path.name} is damaged: sha256 {record.sha256} != {item.sha256}")
    return records


def ensure_lists(store: Store, progress: bool = False) -> None:
    """Load the bundled lists on first use, so that a new user needs no set-up step."""
    if store.is_empty():
        load_bundled(store, progress=progress)
