"""Loading list files given by the user: files or folders, format given or detected."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.progress import Progress

from sanctionwatch.errors import InputError
from sanctionwatch.files import plain_name
from sanctionwatch.lists.readers import ListFile, detect_format, read_list
from sanctionwatch.lists.readers.ofac_csv import COMPANIONS
from sanctionwatch.lists.store import LoadRecord, Store


def expand(paths: Sequence[Path]) -> list[Path]:
    """Files named, and the list files inside folders named; OFAC companions travel with sdn.csv."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            for candidate in sorted(p for p in path.rglob("*") if p.is_file()):
                stem = plain_name(candidate).removesuffix(".csv")
                if stem in COMPANIONS:
                    continue
                if detect_format(candidate) is not None:
                    files.append(candidate)
        elif path.exists():
            files.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return files


def load_paths(
    store: Store, paths: Sequence[Path], format: str | None = None, progress: bool = False
) -> list[LoadRecord]:
    """Read every file first, then load them all in one transaction: all or nothing."""
    files = expand(paths)
    if not files:
        raise InputError("no list files found in " + ", ".join(str(p) for p in paths))
    read: list[ListFile] = []
    with Progress(disable=not progress, transient=True) as bar:
        task = bar.add_task("reading lists", total=len(files))
        for path in files:
            bar.update(task, description=f"reading {path.name}")
            read.append(read_list(path, format))
            bar.advance(task)
    return store.load(read)
