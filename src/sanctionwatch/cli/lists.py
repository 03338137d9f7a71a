"""``sanctionwatch lists ...``: load, inspect and export sanctions lists."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from sanctionwatch.cli.app import DbOption, err, lists_app, open_store, out, print_json
from sanctionwatch.lists.bundled import load_bundled
from sanctionwatch.lists.loading import load_paths
from sanctionwatch.lists.readers import FORMATS
from sanctionwatch.lists.stats import list_stats


@lists_app.command("load")
def lists_load(
    paths: list[Path] = typer.Argument(None, help="List files or folders; none loads the bundled snapshots."),
    format: str = typer.Option(None, "--format", help=f"One of {', '.join(FORMATS)}; detected when omitted."),
    db: Path = DbOption,
    as_json: bool = typer.Option(False, "--json", help="Print what was loaded as JSON."),
    force: bool = typer.Option(
        False,
        "--force",
        help="Load even a list that would empty or shrink a loaded list by more than"
        " SANCTIONWATCH_MAX_SHRINK (default 0.5), or replace a list loaded from another format;"
        " also reloads bundled snapshots that are loaded already.",
    ),
    skip_unknown: bool = typer.Option(
        False, "--skip-unknown", help="In folders, skip files that are not list files (each is reported)."
    ),
    dataset: str = typer.Option(
        None, "--dataset", help="The dataset an FtM file loads into (default: the file's own name)."
    ),
) -> None:
    """Load sanctions lists into the store, replacing earlier versions of the same lists."""
    skipped: dict[Path, str] = {}
    with open_store(db, need_lists=False) as store:
        if paths:
            records = load_paths(
                store,
                paths,
                format,
                progress=err.is_terminal,
                force=force,
                skip_unknown=skip_unknown,
                dataset=dataset,
                skipped=skipped,
            )
        else:
            records = load_bundled(store, progress=err.is_terminal, force=force)
    if as_json:
        print_json(
            {
                "loads": [record.as_dict() for record in records],
                "skipped": [{"file": str(path), "reason": why} for path, why in skipped.items()],
            }
        )
        return
    table = Table("list", "format", "records", "related", "list date", "set aside", "seconds", title="Loaded")
    for record in records:
        aside = f"{sum(record.set_aside.values()):,}" if record.set_aside else "-"
        seconds = f"{record.seconds:.2f}" if record.status == "loaded" else "unchanged"
        table.add_row(
            record.dataset,
            record.format,
            f"{record.records:,}",
            f"{record.related:,}",
            record.list_date,
            aside,
            seconds,
        )
    out.print(table)
    for record in records:
        for why, count in record.set_aside.items():
            out.print(f"{record.dataset}: set aside {count:,} {why}", markup=False, highlight=False)
    unchanged = [record.dataset for record in records if record.status == "unchanged"]
    if unchanged:
        out.print(
            f"Already loaded from the same files, not read again: {', '.join(unchanged)} (--force reloads)"
        )
    for path, why in skipped.items():
        out.print(f"skipped {path}: {why}", markup=False, highlight=False)


@lists_app.command("stats")
def lists_stats(
    db: Path = DbOption,
    as_json: bool = typer.Option(False, "--json", help="Print the statistics as JSON."),
) -> None:
    """Records per list and schema, DPRK-related counts, vessels with IMO numbers, list dates."""
    with open_store(db) as store:
        stats = list_stats(store)
    if as_json:
        print_json(stats)
        return
    render_stats(stats)


def render_stats(stats: dict[str, Any]) -> None:
    table = Table("list", "list date", "records", "by schema", "DPRK-related", "vessels with IMO")
    for dataset, entry in stats["lists"].items():
        schemata = ", ".join(f"{schema} {count}" for schema, count in entry["schemata"].items())
        table.add_row(
            dataset,
            str(entry.get("list_date", "")),
            f"{entry['records']:,}",
            schemata,
            str(entry["dprk"]),
            str(entry["vessels_with_imo"]),
        )
    out.print(table)
    dprk = stats["dprk"]
    out.print(
        f"UN list type DPRK: {dprk['un_list_type_dprk']}; OFAC DPRK programs: {dprk['ofac_dprk_programs']};"
        f" OFAC NPWMD-only North Korean nationals: {dprk['ofac_npwmd_north_korean']}"
    )
    out.print(
        f"{stats['total_records']:,} records, {stats['canonical_entities']:,} distinct subjects after"
        f" cross-list linking ({stats['canonical_dprk_entities']:,} DPRK-related)"
    )
    twins = ", ".join(f"{n:,} with their {d} twin" for d, n in stats["un_records_with_twin"].items())
    refused = ", ".join(f"{n} {why}" for why, n in stats["refused_links"].items()) or "none"
    out.print(f"UN records: {stats['un_records']:,} ({twins}); links refused: {refused} ('lists conflicts')")


@lists_app.command("conflicts")
def lists_conflicts(
    db: Path = DbOption,
    as_json: bool = typer.Option(False, "--json", help="Print the refused links as JSON."),
) -> None:
    """Every citation, identifier or name link the cross-list linker refused, with both records."""
    from sanctionwatch.lists.stats import list_conflicts

    with open_store(db) as store:
        conflicts = list_conflicts(store)
    if as_json:
        print_json({"conflicts": [conflict.as_dict() for conflict in conflicts]})
        return
    table = Table("rule", "refused because", "record", "other record", "detail", title="Refused links")
    for conflict in conflicts:
        table.add_row(
            conflict.rule,
            conflict.reason,
            f"{conflict.left.ref} {conflict.left.name}",
            f"{conflict.right.ref} {conflict.right.name}",
            conflict.detail,
        )
    out.print(table)


@lists_app.command("show")
def lists_show(
    ref: str = typer.Argument(..., help="A list reference (KPi.023, OFAC-11648) or an entity id."),
    db: Path = DbOption,
    as_json: bool = typer.Option(False, "--json", help="Print the entity as FtM JSON."),
) -> None:
    """Print one entity with all its names, identifiers and list references."""
    from sanctionwatch.errors import StoreError
    from sanctionwatch.lists.export import to_ftm

    with open_store(db) as store:
        records = store.find(ref)
    if not records:
        raise StoreError(f"no entity with reference or id {ref!r}; try 'sanctionwatch screen NAME'")
    records.sort(key=lambda r: r.id != r.canonical_id)
    if as_json:
        print_json(to_ftm(records))
        return
    head = records[0]
    out.print(f"[bold]{head.name}[/bold]  {head.schema}  canonical id {head.canonical_id}")
    table = Table("list", "ref", "name", "aliases", "birth dates", "identifiers", "programs")
    for record in records:
        identifiers = "; ".join(f"{k} {', '.join(v)}" for k, v in record.identifiers().items() if v)
        table.add_row(
            record.dataset,
            record.ref,
            record.name,
            "; ".join(record.aliases + [f"{w} (weak)" for w in record.weak_aliases]),
            ", ".join(record.birth_dates),
            identifiers,
            ", ".join(record.programs),
        )
    out.print(table)


@lists_app.command("export")
def lists_export(
    format: str = typer.Option("ftm", "--format", help="Export format: ftm (FollowTheMoney JSON lines)."),
    output: Path = typer.Option(Path("-"), "--out", "-o", help="Output file; - for standard output."),
    db: Path = DbOption,
) -> None:
    """Write every canonical entity, its list records merged, as FtM JSON lines."""
    from sanctionwatch.errors import InputError
    from sanctionwatch.lists.export import export_ftm

    if format != "ftm":
        raise InputError(f"unknown export format {format!r}; only 'ftm' is supported")
    with open_store(db) as store:
        entities = export_ftm(store.entities(), store.related())
        lines = (json.dumps(entity, ensure_ascii=False) + "\n" for entity in entities)
        if str(output) == "-":
            sys.stdout.writelines(lines)
        else:
            with output.open("w", encoding="utf-8") as handle:
                handle.writelines(lines)


# -- current lists: update, status, history (lists/update.py, status.py, history.py) ------------
#: Changes of one kind printed before "... and N more" (--json gives them all).
SHOWN_CHANGES = 40


@lists_app.command("update")
def lists_update(
    names: list[str] = typer.Argument(
        None,
        metavar="LIST",
        help="Lists to update: un, ofac, ofac-csv, uk, uk-ofsi, eu, au, opensanctions:DATASET;"
        " none updates every list the store holds that a publisher serves.",
    ),
    origin: str = typer.Option(
        None,
        "--from",
        metavar="URL_OR_PATH",
        help="URL or path to fetch the one list named from (a mirror, a file).",
    ),
    force: bool = typer.Option(
        False, "--force", help="Download and load even an unchanged list; load a list the guards refuse."
    ),
    keep_going: bool = typer.Option(
        False, "--keep-going", help="Load the lists that could be fetched even when others fail (exit 2)."
    ),
    db: Path = DbOption,
    as_json: bool = typer.Option(False, "--json", help="Print what was fetched and what changed as JSON."),
) -> None:
    """Fetch the current lists from their publishers and load those that changed, all or nothing;
    print the designations added, removed and changed."""
    from sanctionwatch import settings
    from sanctionwatch.errors import FetchError
    from sanctionwatch.lists.fetch import Fetcher
    from sanctionwatch.lists.update import update_lists

    result = update_lists(
        settings.db_path(db), names or (), origin, force, keep_going, Fetcher(progress=err.is_terminal)
    )
    if as_json:
        print_json(result.as_dict())
    else:
        render_update(result)
    if result.failed:
        failures = "; ".join(outcome.detail for outcome in result.failed)
        raise FetchError(f"{len(result.failed)} of {len(result.outcomes)} lists not updated: {failures}")


def render_update(result: Any) -> None:
    table = Table("list", "source", "status", "records", "list date", "detail", title="Update")
    for outcome in result.outcomes:
        table.add_row(
            outcome.dataset,
            outcome.source,
            outcome.status,
            f"{outcome.records:,}" if outcome.records else "",
            outcome.list_date,
            outcome.detail,
        )
    out.print(table)
    for kind in ("added", "removed", "changed"):
        found = [change for change in result.changes if change.change == kind]
        for change in found[:SHOWN_CHANGES]:
            fields = f"  ({', '.join(change.fields)})" if change.fields else ""
            line = f"{kind:8} {change.dataset:12} {change.ref:16} {change.name}{fields}"
            out.print(line, markup=False, highlight=False)
        if len(found) > SHOWN_CHANGES:
            out.print(f"... and {len(found) - SHOWN_CHANGES:,} more {kind} (--json lists them all)")


@lists_app.command("status")
def lists_status(
    db: Path = DbOption,
    as_json: bool = typer.Option(False, "--json", help="Print each list's status as JSON."),
) -> None:
    """Each list's source, list date, last check, last change and age; stale lists are marked."""
    from sanctionwatch.lists.status import list_status

    with open_store(db) as store:
        statuses = list_status(store)
    if as_json:
        print_json({"lists": [status.as_dict() for status in statuses]})
        return
    table = Table("list", "records", "list date", "last check", "last change", "age (days)", "source")
    for status in statuses:
        age = f"{status.age_days} stale" if status.stale else str(status.age_days)
        table.add_row(
            status.list,
            f"{status.records:,}",
            status.list_date or "-",
            (status.last_check or "never")[:16],
            (status.last_change or "-")[:16],
            age,
            status.source,
        )
    out.print(table)
    for status in statuses:
        if status.note:
            out.print(f"{status.list}: {status.note}", markup=False, highlight=False)


@lists_app.command("history")
def lists_history(
    ref: str = typer.Argument(..., help="A list reference (KPi.023, OFAC-11648, DPR0001) or a record id."),
    db: Path = DbOption,
    as_json: bool = typer.Option(False, "--json", help="Print every version with its record as JSON."),
) -> None:
    """Every version of a designation: when each load of its list added, changed or removed it."""
    from sanctionwatch.errors import StoreError
    from sanctionwatch.lists.history import history

    with open_store(db) as store:
        found = history(store, ref)
    if not found:
        raise StoreError(f"no designation with reference or id {ref!r} in any version of any list")
    if as_json:
        print_json({"versions": found})
        return
    table = Table("list", "version", "loaded", "list date", "change", "fields", "ref", "name", title=ref)
    for item in found:
        table.add_row(
            item["dataset"],
            str(item["version"]),
            str(item["loaded_at"])[:16],
            item["list_date"] or "-",
            item["change"],
            ", ".join(item["fields"]),
            item["ref"],
            item["name"],
        )
    out.print(table)
