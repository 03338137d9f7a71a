"""The ``sanctionwatch`` command line: parse arguments, call one function, format the result."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from sanctionwatch import settings
from sanctionwatch.errors import SanctionwatchError
from sanctionwatch.lists.bundled import ensure_lists, load_bundled
from sanctionwatch.lists.loading import load_paths
from sanctionwatch.lists.readers import FORMATS
from sanctionwatch.lists.stats import list_stats
from sanctionwatch.lists.store import Store

app = typer.Typer(
    help="Monitor enforcement of the UN Security Council's DPRK sanctions from open sources.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
lists_app = typer.Typer(help="Load, inspect and export sanctions lists.", no_args_is_help=True)
app.add_typer(lists_app, name="lists")
ais_app = typer.Typer(
    help="Read AIS vessel positions and detect what sanctions evaders do at sea.", no_args_is_help=True
)
app.add_typer(ais_app, name="ais")

out = Console()
err = Console(stderr=True)

DbOption = typer.Option(
    None, "--db", help="DuckDB store (default: $SANCTIONWATCH_DB or ./sanctionwatch.duckdb)."
)


def open_store(db: Path | None, need_lists: bool = True) -> Store:
    """The store, with the bundled lists loaded on first use."""
    store = Store(settings.db_path(db))
    if need_lists:
        ensure_lists(store, progress=err.is_terminal)
    return store


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


@lists_app.command("load")
def lists_load(
    paths: list[Path] = typer.Argument(None, help="List files or folders; none loads the bundled snapshots."),
    format: str = typer.Option(None, "--format", help=f"One of {', '.join(FORMATS)}; detected when omitted."),
    db: Path = DbOption,
    as_json: bool = typer.Option(False, "--json", help="Print what was loaded as JSON."),
) -> None:
    """Load sanctions lists into the store, replacing earlier versions of the same lists."""
    with open_store(db, need_lists=False) as store:
        if paths:
            records = load_paths(store, paths, format, progress=err.is_terminal)
        else:
            records = load_bundled(store, progress=err.is_terminal)
    if as_json:
        print_json({"loads": [record.as_dict() for record in records]})
        return
    table = Table("list", "format", "records", "list date", "set aside", "seconds", title="Loaded")
    for record in records:
        aside = ", ".join(f"{count} {why}" for why, count in record.set_aside.items()) or "-"
        table.add_row(
            record.dataset,
            record.format,
            str(record.records),
            record.list_date,
            aside,
            f"{record.seconds:.2f}",
        )
    out.print(table)


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
        lines = (json.dumps(entity, ensure_ascii=False) + "\n" for entity in export_ftm(store.entities()))
        if str(output) == "-":
            sys.stdout.writelines(lines)
        else:
            with output.open("w", encoding="utf-8") as handle:
                handle.writelines(lines)


@app.command("screen")
def screen(
    name: str = typer.Argument("", help="Name to screen (any script); may be empty with --imo."),
    type: str = typer.Option("any", "--type", help="person, organization, vessel or any."),
    imo: str = typer.Option(None, "--imo", help="IMO number, in any written form (IMO 9179842)."),
    dob: str = typer.Option(None, "--dob", help="Date of birth: YYYY, YYYY-MM or YYYY-MM-DD."),
    country: str = typer.Option(None, "--country", help="Nationality or country (name or ISO code)."),
    threshold: float = typer.Option(0.8, "--threshold", min=0.0, max=1.0, help="Lowest score reported."),
    limit: int = typer.Option(10, "--limit", min=1, help="Most matches reported per query."),
    file: Path = typer.Option(
        None, "--file", help="CSV of queries: name[,type,imo,dob,country,id]; - for stdin."
    ),
    out_csv: Path = typer.Option(None, "--out", help="With --file: write the results to this CSV."),
    as_json: bool = typer.Option(False, "--json", help="Print the results as JSON."),
    db: Path = DbOption,
) -> None:
    """Screen a name or a batch of names against every loaded list; exit 1 when anything matches."""
    from sanctionwatch.screening.batch import read_queries
    from sanctionwatch.screening.query import make_query
    from sanctionwatch.screening.service import open_matcher, screen_batch, screen_one, write_results_file

    if file is not None:
        queries = read_queries(file)
        with open_store(db) as store:
            matcher = open_matcher(store)
        results = screen_batch(matcher, queries, threshold, limit)
        if out_csv is not None:
            write_results_file(results, out_csv)
        if as_json:
            print_json(results)
        elif out_csv is None:
            for result in results["results"]:
                render_matches(result)
        found = any(result["matches"] for result in results["results"])
    else:
        query = make_query(name, type, imo, dob, country)
        with open_store(db) as store:
            matcher = open_matcher(store)
        result = screen_one(matcher, query, threshold, limit)
        if as_json:
            print_json(result)
        else:
            render_matches(result)
        found = bool(result["matches"])
    raise typer.Exit(1 if found else 0)


def render_matches(result: dict[str, Any]) -> None:
    query = result["query"]
    title = " ".join(f"{key}={value}" for key, value in query.items())
    if not result["matches"]:
        out.print(f"{title}: no match")
        return
    table = Table("score", "name", "schema", "refs", "matched name", "why", title=title)
    for match in result["matches"]:
        explanation = match["explanation"]
        why = [explanation.get("name_comparison") or ""]
        why += [f"{item['feature']} {item['effect']:+}" for item in explanation.get("evidence", [])]
        table.add_row(
            f"{match['score']:.2f}",
            match["name"],
            match["schema"],
            ", ".join(match["refs"]),
            match["matched_name"],
            "; ".join(w for w in why if w),
        )
    out.print(table)


@ais_app.command("detect")
def ais_detect(
    paths: list[Path] = typer.Argument(
        ..., help="AIS files: MarineCadastre or DMA CSV, NMEA, Parquet (.gz/.zip/.zst)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print {events, input} as JSON."),
    engine: str = typer.Option("duckdb", "--engine", help="duckdb (embedded) or spark."),
    spark_master: str = typer.Option(None, "--spark-master", help="Spark master URL (default local[*])."),
    geojson: Path = typer.Option(None, "--geojson", help="Also write the events as GeoJSON."),
    kml: Path = typer.Option(None, "--kml", help="Also write the events as KML."),
    csv_out: Path = typer.Option(None, "--csv", help="Also write the events as CSV."),
    gap_hours: float = typer.Option(12.0, "--gap-hours", help="Shortest gap in transmissions reported."),
    encounter_hours: float = typer.Option(2.0, "--encounter-hours", help="Shortest encounter reported."),
    encounter_distance: float = typer.Option(
        500.0, "--encounter-distance", help="Encounter distance, metres."
    ),
    loitering_hours: float = typer.Option(4.0, "--loitering-hours", help="Shortest loitering reported."),
    port_visit_hours: float = typer.Option(3.0, "--port-visit-hours", help="Shortest port visit reported."),
    db: Path = DbOption,
) -> None:
    """Detect gaps, encounters, loitering, port visits and identity changes; flag listed vessels."""
    from sanctionwatch.maritime.config import DetectionConfig
    from sanctionwatch.maritime.detect import detect_files
    from sanctionwatch.maritime.outputs import write_csv, write_geojson, write_kml
    from sanctionwatch.maritime.vessels import VesselLookup
    from sanctionwatch.screening.index import load_index

    config = DetectionConfig(
        gap_hours=gap_hours,
        encounter_hours=encounter_hours,
        encounter_distance_m=encounter_distance,
        loitering_hours=loitering_hours,
        port_visit_hours=port_visit_hours,
    )
    with open_store(db) as store:
        lookup = VesselLookup.from_index(load_index(store))
    result = detect_files(list(paths), engine, config, lookup, spark_master, progress=err.is_terminal)
    if geojson:
        write_geojson(result.events, geojson)
    if kml:
        write_kml(result.events, kml)
    if csv_out:
        write_csv(result.events, csv_out)
    if as_json:
        print_json(result.as_dict())
        return
    table = Table(
        "type", "vessels", "start", "end", "where", "listed", "figures", title=f"{len(result.events)} events"
    )
    for event in result.events:
        data = event.as_dict()
        figures = ", ".join(f"{k} {v}" for k, v in data["details"].items() if isinstance(v, int | float))
        where = data["port"] or f"{data['lat']:.3f}, {data['lon']:.3f}"
        vessels = ", ".join(f"{m}" for m in data["mmsi"]) + (
            f" ({'; '.join(data['names'])})" if data["names"] else ""
        )
        table.add_row(
            data["type"], vessels, data["start"], data["end"], where, ", ".join(data["sanctioned"]), figures
        )
    out.print(table)
    for summary in result.inputs:
        rejected = ", ".join(f"{n} {why}" for why, n in summary.rejected.items()) or "none"
        out.print(f"{summary.path}: {summary.read} read, {summary.used} used, rejected: {rejected}")


@ais_app.command("simulate")
def ais_simulate(
    output: Path = typer.Argument(
        ..., help="Output file: MarineCadastre CSV, or Parquet when it ends .parquet."
    ),
    seed: int = typer.Option(..., "--seed", help="Random seed: the same seed gives the same traffic."),
    vessels: int = typer.Option(100, "--vessels", min=12, help="Number of vessels."),
    days: float = typer.Option(7.0, "--days", min=1.0, help="Days of traffic."),
    interval: float = typer.Option(180.0, "--interval", min=10.0, help="Seconds between positions."),
) -> None:
    """Write synthetic AIS traffic with planted events and a truth file (OUT.truth.json) beside it."""
    from sanctionwatch.maritime.simulate import simulate

    summary = simulate(output, seed, vessels, days, interval)
    out.print(
        f"wrote {summary['positions']:,} positions of {summary['vessels']} vessels to {output};"
        f" {summary['events']} planted events in {summary['truth']}"
    )


@app.command("extract")
def extract_command(
    files: list[str] = typer.Argument(..., help="Documents (text, Markdown, HTML); - reads standard input."),
    as_json: bool = typer.Option(False, "--json", help="JSON: one object, or JSON Lines for several inputs."),
    backend: str = typer.Option(
        "rules", "--backend", help="rules (offline, default) or llm ($SANCTIONWATCH_LLM_URL)."
    ),
    link: bool = typer.Option(True, "--link/--no-link", help="Link named parties to the sanctions lists."),
    db: Path = DbOption,
) -> None:
    """Extract claims: who transfers what to whom, how certain, said by whom, breaching what."""
    from sanctionwatch.claims.documents import read_document
    from sanctionwatch.claims.entities import EntityLinker
    from sanctionwatch.claims.service import claims_document, extract_claims
    from sanctionwatch.screening.service import open_matcher

    linker = None
    if link:
        with open_store(db) as store:
            linker = EntityLinker(open_matcher(store))
    failed = False
    for path in files:
        try:
            document = read_document(path)
            result = claims_document(document.name, extract_claims(document, backend, linker))
        except SanctionwatchError as exc:
            err.print(f"error: {exc}", markup=False, highlight=False, soft_wrap=True)
            failed = True
            continue
        if as_json:
            text = json.dumps(result, ensure_ascii=False, indent=2 if len(files) == 1 else None)
            sys.stdout.write(text + "\n")
        else:
            render_claims(result)
    raise typer.Exit(2 if failed else 0)


def render_claims(result: dict[str, Any]) -> None:
    table = Table(
        "category",
        "from",
        "to",
        "modality",
        "source",
        "provisions",
        "confidence",
        "sentence",
        title=result["document"],
    )
    for claim in result["claims"]:
        listed = "; ".join(f"{e['caption']} ({', '.join(e['refs'][:2])})" for e in claim["entities"])
        table.add_row(
            claim["category"],
            claim["supplier"] or "-",
            claim["recipient"] or "-",
            claim["modality"],
            claim["source"] or "-",
            ", ".join(claim["provisions"]) or "none",
            "-" if claim.get("confidence") is None else f"{claim['confidence']:.2f}",
            claim["text"] + (f"\n[listed: {listed}]" if listed else ""),
        )
    if not result["claims"]:
        out.print(f"{result['document']}: no claims")
    else:
        out.print(table)


@app.command("eval-claims")
def eval_claims(
    folder: Path = typer.Argument(
        ..., help="Folder of documents, each NAME.txt with its NAME.json annotation."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """Score extracted claims against annotations: precision, recall, F1, modality, provisions."""
    from sanctionwatch.claims.evaluate import evaluate

    result = evaluate(folder).as_dict()
    if as_json:
        print_json(result)
        return
    out.print(
        f"{result['documents']} documents: precision {result['precision']}, recall {result['recall']},"
        f" F1 {result['f1']}, modality accuracy {result['modality_accuracy']},"
        f" provisions accuracy {result['provisions_accuracy']}, {result['articles_per_second']} articles/s"
    )
    table = Table("category", "precision", "recall", "F1", "support")
    for name, scores in result["by_category"].items():
        table.add_row(
            name, str(scores["precision"]), str(scores["recall"]), str(scores["f1"]), str(scores["support"])
        )
    out.print(table)


@app.command("run")
def run_command(
    sources: Path = typer.Argument(
        None, help="Folder of lists, documents and AIS files; none runs the demo case."
    ),
    out_dir: Path = typer.Option(
        Path("report"), "--out", help="Where to write report.html and the data files."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the incidents as JSON."),
    db: Path = DbOption,
) -> None:
    """The monitoring run: read every source, fuse claims, AIS events and list matches into
    incidents, and publish the report."""
    from sanctionwatch.cases.run import load, run
    from sanctionwatch.report.html import write_outputs

    with open_store(db, need_lists=False) as store:
        run(store, sources, progress=err.is_terminal)
        data = load(store)
    paths = write_outputs(data, out_dir)
    if as_json:
        print_json({"incidents": data["incidents"], "summary": data["summary"]})
        return
    render_run(data, paths)


@app.command("report")
def report_command(
    out_dir: Path = typer.Option(
        Path("report"), "--out", help="Where to write report.html and the data files."
    ),
    db: Path = DbOption,
) -> None:
    """Rebuild the report from the store's latest run, without reading the sources again."""
    from sanctionwatch.cases.run import load
    from sanctionwatch.report.html import write_outputs

    with open_store(db, need_lists=False) as store:
        data = load(store)
    render_run(data, write_outputs(data, out_dir))


def render_run(data: dict[str, Any], paths: dict[str, Path]) -> None:
    summary = data["summary"]
    table = Table(
        "id",
        "incident",
        "corroboration",
        "sources",
        "vessels",
        "provisions",
        "rules",
        title=f"{len(data['incidents'])} incidents from {summary['documents']} documents"
        f" and {summary['events']} AIS events",
    )
    for incident in data["incidents"]:
        table.add_row(
            incident["id"],
            incident["title"],
            incident["corroboration"],
            str(len(incident["sources"])),
            ", ".join(v["name"] or str(v["mmsi"]) for v in incident["vessels"]),
            ", ".join(incident["provisions"]),
            ", ".join(incident["rules"]),
        )
    out.print(table)
    out.print(f"report: {paths['report']} ({summary['seconds']} s)")


@app.command("serve")
def serve_command(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    workers: int = typer.Option(1, "--workers", min=1, help="Server processes (one per CPU for load)."),
    db: Path = DbOption,
) -> None:
    """The HTTP API (yente-compatible /match, claims, AIS, incidents) and the web UI."""
    from sanctionwatch.api.app import serve

    serve(host, port, db, workers)


def main() -> None:
    """Entry point: domain errors become one line on stderr and exit status 2.

    Click itself handles --help, usage errors (status 2) and the exit status of each command."""
    try:
        app()
    except SanctionwatchError as exc:
        err.print(f"error: {exc}", markup=False, highlight=False, soft_wrap=True)
        sys.exit(2)
