"""Loading list files given by the user: files or folders, format given or detected.

Every file in a folder is either loaded or reported with the reason it was not: OFAC companion
files travel with their sdn.csv; a file whose format is not recognised (an empty file, a
spreadsheet that is not the DFAT list) fails the load, naming the file, unless the caller
allows unknown files to be skipped, and then it is reported as skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rich.progress import Progress

from sanctionwatch.errors import FormatError, InputError
from sanctionwatch.files import head, plain_name
from sanctionwatch.lists.readers import ListFile, detect_format, read_list
from sanctionwatch.lists.readers.ofac_csv import COMPANIONS, companion
from sanctionwatch.lists.store import LoadRecord, Store


@dataclass
class Found:
    """The files to load, and the files of the folders given that will not be, with why."""

    files: list[Path] = field(default_factory=list)
    skipped: dict[Path, str] = field(default_factory=dict)


def why_unknown(path: Path) -> str:
    """Why a file in a folder is not a list file, in words a user can act on."""
    first = head(path, 4096)
    if not first:
        return "empty file"
    if first.strip(b"\x1a \r\n\t") == b"":
        return "holds no text (only blanks or the DOS end-of-file mark)"
    return "not a list format sanctionwatch knows (pass --format to read it as one)"


def expand(paths: Sequence[Path]) -> Found:
    """Files named, and every file inside folders named, each sorted to load or skip."""
    found = Found()
    for path in paths:
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
        if not path.is_dir():
            found.files.append(path)
            continue
        for candidate in sorted(p for p in path.rglob("*") if p.is_file()):
            stem = plain_name(candidate).removesuffix(".csv")
            if candidate.name.startswith("."):
                found.skipped[candidate] = "hidden file"
            elif stem in COMPANIONS:
                if companion(candidate, "sdn") is None:
                    found.skipped[candidate] = f"OFAC {stem}.csv without an sdn.csv beside it"
            elif detect_format(candidate) is not None:
                found.files.append(candidate)
            else:
                found.skipped[candidate] = why_unknown(candidate)
    return found


def load_paths(
    store: Store,
    paths: Sequence[Path],
    format: str | None = None,
    progress: bool = False,
    force: bool = False,
    skip_unknown: bool = False,
    dataset: str | None = None,
    skipped: dict[Path, str] | None = None,
) -> list[LoadRecord]:
    """Read every file first, then load them all in one transaction: all or nothing.

    Files of the folders given that are not loaded are put in ``skipped`` with the reason; an
    unrecognised one fails the load unless ``skip_unknown``. ``force`` loads lists that the
    store's guards would refuse (empty, shrinking, replacing another format's list).
    """
    found = expand(paths)
    unknown = {p: why for p, why in found.skipped.items() if why != "hidden file" and "OFAC" not in why}
    if unknown and not (skip_unknown or format):
        first, why = next(iter(unknown.items()))
        more = f" (and {len(unknown) - 1} more)" if len(unknown) > 1 else ""
        raise FormatError(f"{first}: {why}{more}; remove it, or pass --skip-unknown to load the rest")
    if format:
        found.files.extend(unknown)
        found.files.sort()
        for path in unknown:
            del found.skipped[path]
    if skipped is not None:
        skipped.update(found.skipped)
    if not found.files:
        raise InputError("no list files found in " + ", ".join(str(p) for p in paths))
    read: list[ListFile] = []
    with Progress(disable=not progress, transient=True) as bar:
        task = bar.add_task("reading lists", total=len(found.files))
        for path in found.files:
            bar.update(task, description=f"reading {path.name}")
            read.append(read_list(path, format, dataset))
            bar.advance(task)
    _check_datasets(read, dataset)
    # full files first, then deltas in the order of their versions (their names)
    read.sort(key=lambda f: (f.delta, f.path.name if f.delta else ""))
    return store.load(read, force=force)


def _check_datasets(read: Sequence[ListFile], dataset: str | None) -> None:
    """Two full files of one load must not fill the same dataset: the second would silently
    replace the first."""
    seen: dict[str, Path] = {}
    for list_file in read:
        if list_file.delta:
            continue
        if list_file.dataset in seen:
            hint = "" if dataset else "; give each file its own name or load them one at a time"
            raise InputError(
                f"{list_file.path}: would load into {list_file.dataset}, as {seen[list_file.dataset]}"
                f" does{hint}"
            )
        seen[list_file.dataset] = list_file.path
