"""The list snapshots that ship with the package, with their provenance."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from rich.progress import Progress

from sanctionwatch.errors import StoreError
from sanctionwatch.files import sha256
from sanctionwatch.lists.readers import ListFile, get_reader, read_list
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


def load_bundled(store: Store, progress: bool = False, force: bool = False) -> list[LoadRecord]:
    """Load every bundled snapshot into ``store`` in one transaction.

    Each snapshot's sha256 is checked before anything is read or written, so a damaged package
    changes nothing. A snapshot the store holds already (same file, same sha256, same layout)
    is skipped and reported as ``unchanged``: ``make run`` loads the lists every time.
    """
    items = snapshots()
    digests = {}
    for item in items:
        digest = sha256(item.path)
        if digest != item.sha256:
            raise StoreError(
                f"bundled {item.path.name} is damaged: sha256 {digest} != {item.sha256};"
                " reinstall sanctionwatch"
            )
        digests[item.path] = digest
    files: list[ListFile] = []
    dates = {}
    unchanged: list[LoadRecord] = []
    with Progress(disable=not progress, transient=True) as bar:
        task = bar.add_task("reading bundled lists", total=len(items))
        for item in items:
            reader = get_reader(item.format)
            if not force and store.is_loaded(reader.dataset, item.sha256, str(item.path)):
                unchanged.append(_unchanged(store, reader.dataset, item))
                bar.advance(task)
                continue
            bar.update(task, description=f"reading {item.path.name}")
            list_file = read_list(item.path, item.format)
            list_file.sha256 = digests[item.path]
            files.append(list_file)
            dates[str(item.path)] = item.list_date
            bar.advance(task)
    loaded = store.load(files, dates, force=force) if files else []
    by_dataset = {record.dataset: record for record in [*loaded, *unchanged]}
    return [by_dataset[get_reader(item.format).dataset] for item in items]


def _unchanged(store: Store, dataset: str, item: Snapshot) -> LoadRecord:
    """What the earlier load of the same snapshot stored, reported as ``unchanged``."""
    last = store.last_load(dataset) or {}
    return LoadRecord(
        dataset=dataset,
        format=item.format,
        source_file=str(item.path),
        sha256=item.sha256,
        list_date=str(last.get("list_date") or item.list_date),
        records=store.count(dataset),
        set_aside=json.loads(last.get("set_aside") or "{}"),
        seconds=0.0,
        related=int(last.get("related") or 0),
        status="unchanged",
    )


def ensure_lists(store: Store, progress: bool = False) -> None:
    """Load the bundled lists on first use, so that a new user needs no set-up step."""
    if store.is_empty():
        load_bundled(store, progress=progress)
