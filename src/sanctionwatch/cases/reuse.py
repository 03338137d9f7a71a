"""Whether a monitoring run would repeat the last one exactly: the same source files, the same
lists in the store and the same code. ``make run`` runs the demo case every time; reading twelve
articles through the parser and the encoder again to find what the store already holds is most of
its cost, so a run that would change nothing keeps the last results (and says so)."""

from __future__ import annotations

import hashlib
from importlib import metadata, resources
from pathlib import Path

from sanctionwatch.lists.store import Store

#: Kept with the run's results in ``run_results``.
KIND = "fingerprint"


def fingerprint(folder: Path, store: Store) -> str:
    """sha256 over the sources (the folder, its files' names and contents), the store's list
    versions, and the code: every file of the package (bundled lists aside: the store's versions
    cover them) and the versions of the installed distributions (a new spaCy model reads
    differently)."""
    digest = hashlib.sha256(f"{folder.resolve()}\0".encode())  # the summary names the folder
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(f"{path.relative_to(folder)}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    digest.update(store.version().encode())
    digest.update(_code_version().encode())
    return digest.hexdigest()


def _code_version() -> str:
    root = Path(str(resources.files("sanctionwatch")))
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        bundled_lists = relative.parts[:2] == ("data", "sanctions")
        if not path.is_file() or "__pycache__" in relative.parts or bundled_lists:
            continue
        digest.update(f"{relative}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    installed = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    digest.update("\n".join(installed).encode())
    return digest.hexdigest()


def last_fingerprint(store: Store) -> str | None:
    """The fingerprint the store's latest run was saved with (None before any run, or for a run
    saved before runs kept one)."""
    try:
        row = store.con.execute("SELECT data FROM run_results WHERE kind = ?", [KIND]).fetchone()
    except Exception:  # duckdb.CatalogException: no run yet
        return None
    return str(row[0]).strip('"') if row else None


def is_current(store: Store, sources: Path | None) -> bool:
    """True when running ``sources`` (the demo case when None) now would repeat the latest run."""
    from sanctionwatch.cases.run import DEMO

    folder = sources or DEMO
    if not folder.is_dir():
        return False
    saved = last_fingerprint(store)
    return saved is not None and saved == fingerprint(folder, store)
