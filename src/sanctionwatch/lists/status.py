"""How current each list is: ``lists status``, and the warning before anyone screens stale data.

A list is known current as of its publisher's date (the list date), or as of the last check that
found the publisher's list to be the one loaded (``lists update``: a 304, the same bytes, or a new
version loaded), whichever is later. Its age is the days since then; past
``SANCTIONWATCH_STALE_DAYS`` it is stale, and ``screen``, ``run`` and ``serve`` say so (on stderr;
the service in a field of ``/readyz`` and ``/catalog``). A list with neither a date nor a check
is of unknown age, and stale. A list its publisher no longer updates
(the OFSI list since 28 January 2026) is current only as of its own date, however often checked.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sanctionwatch import settings
from sanctionwatch.errors import InputError
from sanctionwatch.lists.checks import last_check_by_dataset
from sanctionwatch.lists.history import versions
from sanctionwatch.lists.sources import SOURCES, resolve

if TYPE_CHECKING:
    from sanctionwatch.lists.store import Store


@dataclass
class ListStatus:
    """One list's source, dates and age; dates are ISO strings (UTC), None when never."""

    list: str
    title: str
    source: str
    format: str
    records: int
    list_date: str
    loaded_at: str
    last_check: str | None
    last_change: str | None
    current_as_of: str
    age_days: int
    stale: bool
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _iso(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    return str(value)


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _title(dataset: str, format: str) -> tuple[str, str]:
    """The list's title and what its publisher says of it (a retired list)."""
    for source in SOURCES:
        if source.dataset == dataset and source.format == format:
            return source.title, source.note
    try:
        source = resolve(dataset)
    except InputError:  # an FtM file loaded by hand: no publisher to name
        return dataset, ""
    return source.title, source.note


def list_status(
    store: Store, now: datetime | None = None, stale_days: float | None = None
) -> list[ListStatus]:
    """The status of every list in the store, in the order they were first loaded."""
    now = now or datetime.now(UTC).replace(tzinfo=None)
    limit = settings.stale_days() if stale_days is None else stale_days
    loads: dict[str, dict[str, Any]] = {}
    for row in store.loads():
        loads[row["dataset"]] = row
    checks = last_check_by_dataset(store)
    changed: dict[str, datetime] = {}
    for row in versions(store):
        if row["added"] or row["removed"] or row["changed"]:
            changed[row["dataset"]] = row["loaded_at"]
    found = []
    for dataset, load in loads.items():
        check = checks.get(dataset)
        title, note = _title(dataset, str(load.get("format") or ""))
        list_date = str(load.get("list_date") or "")
        last_check = _iso(check["checked_at"]) if check else None
        # a check says the list is current only when it asked a publisher (or a mirror) over the
        # network and the list is still published; a file given by path is as old as its date
        vouches = check is not None and str(check["url"]).startswith(("http://", "https://")) and not note
        candidates = [_day(list_date), _day(last_check)] if vouches else [_day(list_date)]
        known = [day for day in candidates if day is not None]
        # no list date and no publisher's word: how current the list is, nobody knows (an OFAC
        # sdn.csv loaded by hand); the time it was loaded says nothing about that
        current = max(known).isoformat() if known else ""
        found.append(
            ListStatus(
                list=dataset,
                title=title,
                source=str(check["url"]) if check else str(load.get("source_file") or ""),
                format=str(load.get("format") or ""),
                records=store.count(dataset),
                list_date=list_date,
                loaded_at=_iso(load.get("loaded_at")) or "",
                last_check=last_check,
                last_change=_iso(changed.get(dataset, load.get("loaded_at"))),
                current_as_of=current,
                age_days=0,
                stale=False,
                note=note,
            )
        )
    return aged(found, now, limit)


def aged(
    statuses: list[ListStatus], now: datetime | None = None, stale_days: float | None = None
) -> list[ListStatus]:
    """The statuses with their age and staleness as of ``now``: a service reads the facts once per
    version of its store and ages them at each request."""
    today = (now or datetime.now(UTC)).date()
    limit = settings.stale_days() if stale_days is None else stale_days
    found = []
    for status in statuses:
        if not status.current_as_of:
            found.append(replace(status, age_days=0, stale=True))  # of unknown age: never current
            continue
        age = max(0, (today - date.fromisoformat(status.current_as_of)).days)
        found.append(replace(status, age_days=age, stale=age > limit))
    return found


def stale_lists(store: Store, now: datetime | None = None) -> list[ListStatus]:
    return [status for status in list_status(store, now) if status.stale]


def stale_summary(statuses: list[ListStatus]) -> list[dict[str, Any]]:
    """The stale lists as a service reports them (``/readyz``, ``/catalog``)."""
    return [
        {"list": s.list, "age_days": s.age_days, "current_as_of": s.current_as_of, "last_check": s.last_check}
        for s in statuses
        if s.stale
    ]


def stale_warning(stale: list[ListStatus]) -> str | None:
    """One line naming every stale list and how old it is, or None when none is."""
    if not stale:
        return None
    parts = [
        f"{status.list} ({status.age_days} days, current as of {status.current_as_of})"
        if status.current_as_of
        else f"{status.list} (its file gives no list date and its publisher was never asked)"
        for status in stale
    ]
    limit = settings.stale_days()
    return (
        f"lists older than {limit:g} days: {', '.join(parts)}; screening may miss recent designations."
        " Update them with 'sanctionwatch lists update' (or set SANCTIONWATCH_STALE_DAYS)"
    )
