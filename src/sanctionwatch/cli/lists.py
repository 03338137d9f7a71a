"""``sanctionwatch lists ...``: load, inspect and export sanctions lists."""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer
from rich.table import Table
from rich.text import Text

from sanctionwatch.cli.app import DbOption, err, examples, lists_app, open_store, out, print_json
from sanctionwatch.cli.screen import prepare_index
from sanctionwatch.cli.tables import fields, lines, table, whole
from sanctionwatch.lists.formats import FORMATS


@lists_app.command(
    "load",
    epilog=examples(
        "sanctionwatch lists load",
        "sanctionwatch lists load consolidated.xml sdn.csv",
        "sanctionwatch lists load lists/ --skip-unknown",
        "sanctionwatch lists load zala.ftm.json --dataset zala",
        "curl -s https://scsanctions.un.org/resources/xml/en/consolidated.xml | sanctionwatch lists load -",
    ),
)
def lists_load(
    paths: list[Path] = typer.Argument(
        None,
        help="List files or folders; - reads one list file from standard input (an FtM file then"
        " needs --dataset); none loads the bundled snapshots.",
    ),
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
    from sanctionwatch.lists.bundled import load_bundled
    from sanctionwatch.lists.loading import load_paths

    skipped: dict[Path, str] = {}
    with open_store(db, need_lists=False) as store, tempfile.TemporaryDirectory() as spool:
        if paths:
            records = load_paths(
                store,
                [stdin_file(Path(spool), dataset) if str(path) == "-" else path for path in paths],
                format,
                progress=err.is_terminal,
                force=force,
                skip_unknown=skip_unknown,
                dataset=dataset,
                skipped=skipped,
            )
        else:
            records = load_bundled(store, progress=err.is_terminal, force=force)
    prepare_index(db)
    if as_json:
        print_json(
            {
                "loads": [record.as_dict() for record in records],
                "skipped": [{"file": str(path), "reason": why} for path, why in skipped.items()],
            }
        )
        return
    loaded = table(
        whole("list"),
        "format",
        "records",
        "related",
        whole("list date"),
        "set aside",
        "seconds",
        title="Loaded",
    )
    for record in records:
        aside = f"{sum(record.set_aside.values()):,}" if record.set_aside else "-"
        seconds = f"{record.seconds:.2f}" if record.status == "loaded" else "unchanged"
        loaded.add_row(
            record.dataset,
            record.format,
            f"{record.records:,}",
            f"{record.related:,}",
            record.list_date,
            aside,
            seconds,
        )
    out.print(loaded)
    for record in records:
        render_set_aside(record.dataset, record.set_aside)
    unchanged = [record.dataset for record in records if record.status == "unchanged"]
    if unchanged:
        out.print(
            f"Already loaded from the same files, not read again: {', '.join(unchanged)} (--force reloads)"
        )
    for path, why in skipped.items():
        out.print(f"skipped {path}: {why}", markup=False, highlight=False)


def stdin_file(folder: Path, dataset: str | None) -> Path:
    """Standard input written to ``folder/stdin``: list readers detect a format from the content
    and read a file more than once. An FtM file names its own dataset after its file, which
    standard input has not: it takes --dataset."""
    from sanctionwatch.errors import InputError
    from sanctionwatch.lists.readers import detect_format

    path = folder / "stdin"
    with path.open("wb") as handle:
        shutil.copyfileobj(sys.stdin.buffer, handle)
    if dataset is None and detect_format(path) == "ftm":
        raise InputError("-: a FollowTheMoney file from standard input needs --dataset NAME")
    return path


def render_set_aside(dataset: str, set_aside: dict[str, int]) -> None:
    """What "set aside" counts, in a reader's terms: parts of the files that are not list records
    of their own, each counted with why, and whether it costs the screening anything."""
    if not set_aside:
        return
    out.print(
        f"{dataset}: {sum(set_aside.values()):,} rows or values of its files are not loaded as list"
        " records (set aside); every one is counted here with why:",
        markup=False,
        highlight=False,
    )
    counted = Table.grid(padding=(0, 0, 0, 2))
    counted.add_column(justify="right", no_wrap=True)
    counted.add_column(overflow="fold")
    for why, count in set_aside.items():
        counted.add_row(f"{count:,}", Text(why))
    out.print(counted)
    newer = sum(count for why, count in set_aside.items() if why.endswith("is newer"))
    if newer:
        out.print(
            f"  Does it matter? {newer:,} of them are names, addresses or remarks of designations made"
            " after this sdn.csv was published: OFAC's companion files (alt.csv, add.csv,"
            " sdn_comments.csv) are from a later day than sdn.csv. Those designations are not on the"
            " list as loaded and are not screened until the files of one day are loaded"
            " ('sanctionwatch lists update ofac-csv'). The records of this sdn.csv are loaded with all"
            " their names and addresses.",
            markup=False,
            highlight=False,
        )


@lists_app.command("stats", epilog=examples("sanctionwatch lists stats", "sanctionwatch lists stats --json"))
def lists_stats(
    db: Path = DbOption,
    as_json: bool = typer.Option(False, "--json", help="Print the statistics as JSON."),
) -> None:
    """Records per list and schema, DPRK-related counts, vessels with IMO numbers, list dates."""
    from sanctionwatch.lists.stats import list_stats

    with open_store(db) as store:
        stats = list_stats(store)
    if as_json:
        print_json(stats)
        return
    render_stats(stats)


def render_stats(stats: dict[str, Any]) -> None:
    counts = table(
        whole("list"), whole("list date"), "records", "by schema", "DPRK-related", "vessels with IMO"
    )
    for dataset, entry in stats["lists"].items():
        schemata = lines(f"{schema} {count:,}" for schema, count in entry["schemata"].items())
        counts.add_row(
            dataset,
            str(entry.get("list_date", "")),
            f"{entry['records']:,}",
            schemata,
            str(entry["dprk"]),
            str(entry["vessels_with_imo"]),
        )
    out.print(counts)
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


@lists_app.command(
    "conflicts", epilog=examples("sanctionwatch lists conflicts", "sanctionwatch lists conflicts --json")
)
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
    refused = table(whole("refused because"), "record", "other record", "detail", title="Refused links")
    for conflict in conflicts:
        refused.add_row(
            f"{conflict.reason}\n(rule {conflict.rule})",
            f"{conflict.left.ref}\n{conflict.left.name}",
            f"{conflict.right.ref}\n{conflict.right.name}",
            conflict.detail,
        )
    out.print(refused)


@lists_app.command(
    "show", epilog=examples("sanctionwatch lists show KPi.023", "sanctionwatch lists show OFAC-11648 --json")
)
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
    out.print(f"{head.name}  {head.schema}  canonical id {head.canonical_id}", markup=False, highlight=False)
    for record in records:  # one record after the other: seven fields side by side do not fit 80 columns
        out.print()
        out.print(
            fields(
                [
                    ("list", record.dataset),
                    ("ref", record.ref),
                    ("id", record.id),
                    ("name", record.name),
                    ("aliases", "; ".join(record.aliases + [f"{w} (weak)" for w in record.weak_aliases])),
                    ("birth dates", ", ".join(record.birth_dates)),
                    *((kind, ", ".join(v)) for kind, v in record.identifiers().items() if v),
                    ("programs", ", ".join(record.programs)),
                ]
            )
        )


@lists_app.command(
    "export",
    epilog=examples(
        "sanctionwatch lists export -o entities.ftm.json",
        "sanctionwatch lists export | gzip > entities.ftm.json.gz",
    ),
)
def lists_export(
    format: str = typer.Option("ftm", "--format", help="Export format: ftm (FollowTheMoney JSON lines)."),
    output: Path = typer.Option(Path("-"), "--out", "-o", help="Output file; - for standard output."),
    db: Path = DbOption,
) -> None:
    """Write every canonical entity, its list records merged, as FtM JSON lines."""
    from rich.progress import Progress

    from sanctionwatch.errors import InputError
    from sanctionwatch.lists.export import export_ftm

    if format != "ftm":
        raise InputError(f"unknown export format {format!r}; only 'ftm' is supported")
    written = 0
    with open_store(db) as store, Progress(console=err, disable=not err.is_terminal, transient=True) as bar:
        task = bar.add_task("exporting entities", total=None)

        def lines() -> Iterator[str]:
            nonlocal written
            for entity in export_ftm(store.entities(), store.related()):
                written += 1
                bar.advance(task)
                yield json.dumps(entity, ensure_ascii=False) + "\n"

        if str(output) == "-":
            sys.stdout.writelines(lines())
        else:
            with output.open("w", encoding="utf-8") as handle:
                handle.writelines(lines())
    where = "standard output" if str(output) == "-" else str(output)
    err.print(f"wrote {written:,} entities to {where}", markup=False, highlight=False, soft_wrap=True)


# -- current lists: update, status, history (lists/update.py, status.py, history.py) ------------
#: Changes of one kind printed before "... and N more" (--json gives them all).
SHOWN_CHANGES = 40


@lists_app.command(
    "update",
    epilog=examples(
        "sanctionwatch lists update",
        "sanctionwatch lists update un ofac --keep-going",
        "sanctionwatch lists update un --from mirror/consolidated.xml",
    ),
)
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
    if settings.db_path(db).exists():
        prepare_index(db)
    if as_json:
        print_json(result.as_dict())
    else:
        render_update(result)
    if result.failed:
        failures = "; ".join(outcome.detail for outcome in result.failed)
        raise FetchError(f"{len(result.failed)} of {len(result.outcomes)} lists not updated: {failures}")


def render_update(result: Any) -> None:
    outcomes = table(
        whole("list"), "source", whole("status"), "records", whole("list date"), "detail", title="Update"
    )
    for outcome in result.outcomes:
        outcomes.add_row(
            outcome.dataset,
            outcome.source,
            outcome.status,
            f"{outcome.records:,}" if outcome.records else "",
            outcome.list_date,
            outcome.detail,
        )
    out.print(outcomes)
    for kind in ("added", "removed", "changed"):
        found = [change for change in result.changes if change.change == kind]
        for change in found[:SHOWN_CHANGES]:
            fields = f"  ({', '.join(change.fields)})" if change.fields else ""
            line = f"{kind:8} {change.dataset:12} {change.ref:16} {change.name}{fields}"
            out.print(line, markup=False, highlight=False)
        if len(found) > SHOWN_CHANGES:
            out.print(f"... and {len(found) - SHOWN_CHANGES:,} more {kind} (--json lists them all)")


@lists_app.command(
    "status", epilog=examples("sanctionwatch lists status", "sanctionwatch lists status --json")
)
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
    listed = table(whole("list"), "records", whole("list date"), "last check", "last change", "age (days)")
    for status in statuses:
        age = f"{status.age_days} stale" if status.stale else str(status.age_days)
        listed.add_row(
            status.list,
            f"{status.records:,}",
            status.list_date or "-",
            (status.last_check or "never")[:16].replace("T", " "),
            (status.last_change or "-")[:16].replace("T", " "),
            age,
        )
    out.print(listed)
    for status in statuses:  # below the table: a path or URL is too long for a column at 80
        out.print(f"{status.list}: from {status.source}", markup=False, highlight=False)
    for status in statuses:
        if status.note:
            out.print(f"{status.list}: {status.note}", markup=False, highlight=False)


@lists_app.command(
    "history",
    epilog=examples("sanctionwatch lists history KPi.023", "sanctionwatch lists history OFAC-11648 --json"),
)
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
    versions = table(whole("list"), "loaded", whole("list date"), "change", whole("ref"), "name", title=ref)
    for item in found:
        fields_changed = f" ({', '.join(item['fields'])})" if item["fields"] else ""
        versions.add_row(
            f"{item['dataset']}\nversion {item['version']}",
            str(item["loaded_at"])[:16],
            item["list_date"] or "-",
            item["change"] + fields_changed,
            item["ref"],
            item["name"],
        )
    out.print(versions)
