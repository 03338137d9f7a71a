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
