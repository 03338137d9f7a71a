"""``lists update``: fetch the current lists from their publishers, check them, load them.

For each source (``lists/sources.py``): a conditional request with the ETag and Last-Modified of
its last check (a 304 is a no-op), the download (``lists/fetch.py``), the same bytes as last time
(a no-op too), the file's format checked against the source's, the file read by its reader. Only
then is anything written: every list that changed is loaded into a copy of the store, in one
transaction with the load guards (an empty list, or one that shrinks by more than
``SANCTIONWATCH_MAX_SHRINK``, is refused unless forced), and the copy replaces the store
(``lists/swap.py``). A download that fails, a file that does not parse or a list the guards refuse
fails the whole update and leaves the store as it was, unless ``keep_going``: then each list is
loaded or refused on its own and the failures are reported.

Each list that changed gets a version (``lists/history.py``); the result lists the designations
each version added, removed and changed, the diff an analyst reads every morning.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from sanctionwatch.errors import FetchError, InputError, SanctionwatchError
from sanctionwatch.files import head
from sanctionwatch.lists.bundled import ensure_lists
from sanctionwatch.lists.checks import last_checks, record_check
from sanctionwatch.lists.fetch import Download, Fetcher
from sanctionwatch.lists.history import Change, changes
from sanctionwatch.lists.readers import ListFile, detect_format, read_list
from sanctionwatch.lists.sources import OPENSANCTIONS, Source, for_datasets, opensanctions, resolve
from sanctionwatch.lists.store import Store
from sanctionwatch.lists.swap import new_version, update_lock


@dataclass
class Outcome:
    """What the update did with one source: ``updated``, ``unchanged`` or ``failed``."""

    source: str
    dataset: str
    url: str
    status: str
    detail: str = ""
    records: int = 0
    list_date: str = ""
    version: int = 0
    changes: dict[str, int] = field(default_factory=dict)
    downloads: list[Download] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "list": self.dataset,
            "url": self.url,
            "status": self.status,
            "detail": self.detail,
            "records": self.records,
            "list_date": self.list_date,
            "version": self.version,
            "changes": self.changes,
            "downloads": [download.as_dict() for download in self.downloads],
        }


@dataclass
class UpdateResult:
    outcomes: list[Outcome]
    changes: list[Change]

    @property
    def failed(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.status == "failed"]

    def as_dict(self) -> dict[str, Any]:
        return {
            "lists": [outcome.as_dict() for outcome in self.outcomes],
            "changes": [change.as_dict() for change in self.changes],
        }


@dataclass
class _Staged:
    """A source whose new file has been downloaded and read, waiting to be loaded."""

    outcome: Outcome
    list_file: ListFile | None = None


def choose_sources(db: Path, names: Sequence[str], origin: str | None) -> list[Source]:
    """The sources named, or (none named) those of every list the store holds that a publisher
    serves. ``origin`` (``--from``) replaces the URL of the one source named; alone, it must be an
    OpenSanctions dataset URL, whose name it gives."""
    if origin and len(names) > 1:
        raise InputError("--from gives the file of one list; name one list with it")
    if names:
        return [resolve(name) for name in names]
    if origin:
        named = _opensanctions_name(origin)
        if named is None:
            raise InputError(f"--from {origin}: name the list it is (e.g. 'lists update un --from FILE')")
        return [opensanctions(named)]
    held: list[str] = []
    last: dict[str, str] = {}
    if db.exists():
        with Store(db, read_only=True) as store:
            held = [row["dataset"] for row in store.loads()]
            last = {row["dataset"]: row["source"] for row in last_checks(store).values()}
    if not held:
        from sanctionwatch.lists.bundled import snapshots
        from sanctionwatch.lists.readers import get_reader

        held = [get_reader(item.format).dataset for item in snapshots()]
    return for_datasets(list(dict.fromkeys(held)), last)


def update_lists(
    db: Path,
    names: Sequence[str] = (),
    origin: str | None = None,
    force: bool = False,
    keep_going: bool = False,
    fetcher: Fetcher | None = None,
) -> UpdateResult:
    """Update the lists named (every list the store holds with a publisher, when none is) in the
    store at ``db``; see the module's docstring."""
    sources = choose_sources(db, names, origin)
    fetcher = fetcher or Fetcher()
    with update_lock(db):
        previous: dict[str, dict[str, Any]] = {}
        held: dict[str, str] = {}
        if db.exists():
            with Store(db, read_only=True) as store:
                previous = _current_checks(store)
                held = {row["dataset"]: row["sha256"] for row in store.loads() if row["sha256"]}
        with tempfile.TemporaryDirectory(prefix="sanctionwatch-update-") as work:
            staged: list[_Staged] = []
            for index, source in enumerate(sources):
                folder = Path(work) / str(index)
                folder.mkdir()
                last = previous.get(source.name)
                if not force and source.dataset in held:  # what the store holds, however it came
                    last = {**(last or {}), "held_sha256": held[source.dataset]}
                staged.append(_stage(source, origin, folder, last, force, keep_going, fetcher))
            _write(db, staged, force, keep_going)
        found: list[Change] = []
        if any(item.outcome.version for item in staged):
            with Store(db, read_only=True) as store:
                for item in staged:
                    if item.outcome.version:
                        found.extend(changes(store, item.outcome.dataset, item.outcome.version))
    return UpdateResult([item.outcome for item in staged], found)


def _current_checks(store: Store) -> dict[str, dict[str, Any]]:
    """Each source's last check, when what the store holds of its list is what that check saw: a
    file loaded by hand since (``lists load``) makes the next update fetch the whole list again,
    however unchanged the publisher's is."""
    held = {row["dataset"]: row for row in store.loads()}
    return {
        name: check
        for name, check in last_checks(store).items()
        if check["sha256"] and held.get(check["dataset"], {}).get("sha256") == check["sha256"]
    }


def _stage(
    source: Source,
    origin: str | None,
    folder: Path,
    last: dict[str, Any] | None,
    force: bool,
    keep_going: bool,
    fetcher: Fetcher,
) -> _Staged:
    """Download and read one source; a failure raises, or with ``keep_going`` is the outcome."""
    url = source.location(origin)
    outcome = Outcome(source.name, source.dataset, url, "failed")
    try:
        return _download_and_read(source, url, folder, last, force, fetcher, outcome)
    except SanctionwatchError as exc:
        if not keep_going:
            raise
        outcome.detail = str(exc)
        return _Staged(outcome)


def _download_and_read(
    source: Source,
    url: str,
    folder: Path,
    last: dict[str, Any] | None,
    force: bool,
    fetcher: Fetcher,
    outcome: Outcome,
) -> _Staged:
    if source.format == "ftm" and url.rstrip("/").endswith("index.json"):
        url = outcome.url = _entities_url(source, url, folder, fetcher)
    usable = last if last is not None and not force and last.get("url") else None
    validators = _validators(usable) if usable is not None and usable["url"] == url else {}
    main = fetcher.fetch(source.name, url, folder / source.filename, validators)
    if not main.modified and usable is not None:
        main.sha256, main.size = usable.get("sha256") or "", int(usable.get("bytes") or 0)
        main.headers = {**validators, **main.headers}
        outcome.status, outcome.detail, outcome.downloads = "unchanged", "not modified (HTTP 304)", [main]
        return _Staged(outcome)
    if not main.modified:
        raise FetchError(f"{source.name}: {url}: HTTP 304 to a request that asked for the whole file")
    if usable is not None and usable["url"] == main.url and main.sha256 == usable.get("sha256"):
        outcome.status, outcome.detail, outcome.downloads = (
            "unchanged",
            "same sha256 as the last download",
            [main],
        )
        return _Staged(outcome)
    if not force and last is not None and main.sha256 == last.get("held_sha256"):
        # the same file from another address (a mirror, --from): no new version of the list
        outcome.status, outcome.detail, outcome.downloads = (
            "unchanged",
            "same sha256 as the list the store holds",
            [main],
        )
        return _Staged(outcome)
    downloads = [main]
    for name in source.companions:
        downloads.append(fetcher.fetch(source.name, _sibling(url, name), folder / name))
    _check_format(source, main)
    try:
        list_file = read_list(main.path, source.format, source.dataset if source.format == "ftm" else None)
    except SanctionwatchError as exc:
        raise InputError(_rename(f"{source.name}: {exc}", downloads)) from exc
    list_file.origin = main.url
    outcome.status, outcome.downloads = "updated", downloads
    outcome.records, outcome.list_date = len(list_file.entities), list_file.list_date
    return _Staged(outcome, list_file)


def _write(db: Path, staged: list[_Staged], force: bool, keep_going: bool) -> None:
    """Load every list read into a copy of the store and log every check; swap the copy in."""
    ready = [item for item in staged if item.outcome.status != "failed"]
    if not ready:
        return
    with new_version(db) as store:
        ensure_lists(store)
        if keep_going:
            for item in ready:
                try:
                    with store.transaction():
                        _load(store, [item], force)
                except SanctionwatchError as exc:
                    item.outcome.status, item.outcome.detail = "failed", _attribute(str(exc), [item])
                    item.outcome.version, item.outcome.changes = 0, {}
            with store.transaction():
                _log(store, ready)
        else:
            with store.transaction():
                try:
                    _load(store, ready, force)
                except InputError as exc:
                    raise InputError(_attribute(str(exc), ready)) from exc
                _log(store, ready)


def _load(store: Store, items: list[_Staged], force: bool) -> None:
    changed = [item for item in items if item.list_file is not None]
    if not changed:
        return
    records = store.load([item.list_file for item in changed if item.list_file is not None], force=force)
    for item, record in zip(changed, records, strict=True):
        item.outcome.version, item.outcome.changes = record.version, record.changes
        item.outcome.records, item.outcome.list_date = record.records, record.list_date
        counts = ", ".join(f"{count:,} {kind}" for kind, count in record.changes.items())
        item.outcome.detail = f"version {record.version}: {counts}"


def _log(store: Store, items: list[_Staged]) -> None:
    for item in items:
        if item.outcome.status != "failed":
            outcome = item.outcome
            record_check(
                store, outcome.source, outcome.dataset, outcome.status, outcome.downloads, outcome.version
            )


def _check_format(source: Source, download: Download) -> None:
    """The file is the list the source publishes, judged from its content, not its name or its
    Content-Type (publishers label XML as text/plain or octet-stream)."""
    found = detect_format(download.path)
    if found == source.format:
        return
    start = head(download.path, 60).decode("utf-8", "replace")
    kind = download.headers.get("content-type", "no content type")
    what = f"a {found} file" if found else f"not a list sanctionwatch reads ({kind}; it begins {start!r})"
    raise FetchError(f"{source.name}: {download.url}: expected the {source.title}, got {what}; check the URL")


def _sibling(url: str, name: str) -> str:
    """A companion file's URL: beside the main file, named in the same case (OFAC's exports are
    ``SDN.CSV``, ``ALT.CSV``; a mirror's may be ``sdn.csv``)."""
    main = urlsplit(url).path.rsplit("/", 1)[-1] if "://" in url else Path(url).name
    if main.isupper():
        name = name.upper()
    if "://" in url and not url.startswith("file:"):
        return urljoin(url, name)
    if url.startswith("file:"):
        return url.rsplit("/", 1)[0] + "/" + name
    return str(Path(url).with_name(name))


def _opensanctions_name(url: str) -> str | None:
    """The dataset an OpenSanctions URL names (``.../datasets/latest/us_ofac_sdn/index.json``)."""
    if not url.startswith(OPENSANCTIONS.split("/latest/")[0]):
        return None
    parts = [part for part in urlsplit(url).path.split("/") if part]  # datasets, VERSION, NAME, file
    return parts[2] if len(parts) > 3 and parts[0] == "datasets" else None


def _entities_url(source: Source, url: str, folder: Path, fetcher: Fetcher) -> str:
    """The ``entities.ftm.json`` an OpenSanctions dataset index (``index.json``) points to."""
    index = fetcher.fetch(source.name, url, folder / "index.json")
    try:
        data = json.loads(index.path.read_text(encoding="utf-8"))
        for resource in data.get("resources", []):
            if resource.get("name") == "entities.ftm.json" and resource.get("url"):
                return str(resource["url"])
    except (ValueError, AttributeError, TypeError) as exc:
        raise FetchError(f"{source.name}: {url}: not an OpenSanctions dataset index ({exc})") from exc
    raise FetchError(f"{source.name}: {url}: the index lists no entities.ftm.json resource")


def _validators(last: dict[str, Any]) -> dict[str, str]:
    kept = {"etag": last.get("etag"), "last-modified": last.get("last_modified")}
    return {name: str(value) for name, value in kept.items() if value}


def _rename(message: str, downloads: Sequence[Download]) -> str:
    """A message about a staged file, naming its URL instead of the temporary path."""
    for download in downloads:
        message = message.replace(str(download.path), download.url)
    return message


def _attribute(message: str, items: Sequence[_Staged]) -> str:
    """A message about a staged file (a load guard's refusal), naming its source and URL."""
    for item in items:
        renamed = _rename(message, item.outcome.downloads)
        if renamed != message:
            return f"{item.outcome.source}: {renamed}"
    return message
