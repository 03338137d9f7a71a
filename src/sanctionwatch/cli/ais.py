"""``sanctionwatch ais ...``: read AIS positions and detect events at sea."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape

from sanctionwatch import settings
from sanctionwatch.cli.app import DbOption, ais_app, err, examples, open_store, out, print_json
from sanctionwatch.cli.tables import fields, lines, table, whole
from sanctionwatch.files import require_files

if TYPE_CHECKING:  # pyarrow (positions) is a fifth of a second to import: not for other commands
    from sanctionwatch.maritime.config import ReadingConfig
    from sanctionwatch.maritime.positions import InputSummary


@ais_app.command(
    "detect",
    epilog=examples(
        "sanctionwatch ais detect traffic.csv",
        "sanctionwatch ais detect feed.nmea.gz --json --geojson events.geojson",
        "sanctionwatch ais detect positions.parquet --engine spark",
        "zcat aisdk.csv.gz | sanctionwatch ais detect -",
    ),
)
def ais_detect(
    paths: list[Path] = typer.Argument(
        ...,
        help="AIS files: MarineCadastre or DMA CSV, NMEA, Parquet (.gz/.xz/.zip/.zst); - is standard input.",
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
    not_before: str = typer.Option(
        "2000-01-01", "--not-before", help="Reject positions dated before this (ISO date or time, UTC)."
    ),
    not_after: str = typer.Option(
        None,
        "--not-after",
        help="Reject positions dated after this (ISO date or time, UTC; default now + 1 day).",
    ),
    db: Path = DbOption,
) -> None:
    """Detect gaps, encounters, loitering, port visits and identity changes; flag listed vessels.

    Exits 1 when a vessel on a list takes part in an event (as screen does), 0 otherwise."""
    from sanctionwatch.maritime.config import DetectionConfig
    from sanctionwatch.maritime.detect import detect_files
    from sanctionwatch.maritime.vessels import VesselLookup
    from sanctionwatch.screening.warm import warm_index

    reading = reading_config(not_before, not_after)
    config = DetectionConfig(
        gap_hours=gap_hours,
        encounter_hours=encounter_hours,
        encounter_distance_m=encounter_distance,
        loitering_hours=loitering_hours,
        port_visit_hours=port_visit_hours,
    )
    require_files(paths)
    # the index from the stamp beside the store when the store is as the last call left it (as
    # screen does: no store opened); else the store stays open while the files are read, so that
    # one made for files that cannot be read is removed again when the error leaves the block
    with warm_index(settings.db_path(db), lambda: open_store(db)) as (index, _):
        lookup = VesselLookup.from_index(index)
        result = detect_files(
            list(paths), engine, config, lookup, spark_master, progress=err.is_terminal, reading=reading
        )
    if geojson or kml or csv_out:
        from sanctionwatch.maritime.outputs import write_csv, write_geojson, write_kml

        if geojson:
            write_geojson(result.events, geojson)
        if kml:
            write_kml(result.events, kml)
        if csv_out:
            write_csv(result.events, csv_out)
    if as_json:
        print_json(result.as_dict())
        raise typer.Exit(1 if result.listed else 0)
    events = table(
        whole("type"),
        "vessels",
        "when (UTC)",
        "where",
        whole("listed"),
        "figures",
        title=f"{len(result.events)} events",
    )
    for event in result.events:
        data = event.as_dict()
        figures = lines(
            f"{k.replace('_', ' ')} {v}" for k, v in data["details"].items() if isinstance(v, int | float)
        )
        where = data["port"] or f"{data['lat']:.3f}, {data['lon']:.3f}"
        vessels = lines(str(m) for m in data["mmsi"]) + (
            f"\n({'; '.join(data['names'])})" if data["names"] else ""
        )
        when = f"{utc(data['start'])} to\n{utc(data['end'])}"
        events.add_row(data["type"], vessels, when, where, lines(data["sanctioned"]), figures)
    out.print(events)
    for summary in result.inputs:  # one file after the other: seven counts side by side do not fit
        out.print(
            fields(
                [
                    ("read", f"{summary.read:,} positions ({summary.format})"),
                    ("kept", f"{summary.kept:,}"),
                    ("identity", f"{summary.identity:,}"),
                    (
                        "rejected",
                        "; ".join(f"{n:,} {why}" for why, n in sorted(summary.rejected.items())) or "none",
                    ),
                    (
                        "read as unknown",
                        "; ".join(f"{n:,} {why}" for why, n in sorted(summary.unknown.items())) or "none",
                    ),
                    ("sampling", sampling(summary)),
                    *(("caveat", caveat) for caveat in summary.caveats),
                ],
                title=f"input {summary.path}",
            )
        )
    for caveat in result.caveats:
        out.print(f"[bold yellow]caveat[/] {escape(caveat)}")
    out.print(
        f"read and validated in {result.parse_seconds:.2f} s, detections in {result.detect_seconds:.2f} s"
    )
    raise typer.Exit(1 if result.listed else 0)


def sampling(summary: InputSummary) -> str:
    """How far apart a vessel's reports are in one file."""
    if summary.report_interval_s is None:
        return "no vessel reported twice"
    return (
        f"a vessel's reports a median {summary.report_interval_s:,.0f} s apart"
        f" ({summary.sampled_vessels:,} vessels reported twice or more)"
    )


def utc(moment: str) -> str:
    """2024-06-01T12:00:00Z as 2024-06-01 12:00:00: date and time can go on two lines."""
    return moment.replace("T", " ").removesuffix("Z")


def reading_config(not_before: str, not_after: str | None) -> ReadingConfig:
    """The time window from ISO dates (UTC unless they say otherwise)."""
    from sanctionwatch.errors import ConfigError
    from sanctionwatch.maritime.config import ReadingConfig

    def moment(text: str, option: str) -> float:
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise ConfigError(
                f"{option} {text!r}: not an ISO date or time (2000-01-01, 2024-06-01T12:00)"
            ) from None
        return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).timestamp()

    start = moment(not_before, "--not-before")
    if not_after:
        return ReadingConfig(not_before=start, not_after=moment(not_after, "--not-after"))
    return ReadingConfig(not_before=start)


@ais_app.command(
    "simulate",
    epilog=examples(
        "sanctionwatch ais simulate traffic.csv --seed 1",
        "sanctionwatch ais simulate traffic.parquet --seed 2 --vessels 200 --days 7",
    ),
)
def ais_simulate(
    output: Path = typer.Argument(
        ..., help="Output file: MarineCadastre CSV, or Parquet when it ends .parquet."
    ),
    seed: int = typer.Option(..., "--seed", help="Random seed: the same seed gives the same traffic."),
    vessels: int = typer.Option(100, "--vessels", min=12, help="Number of vessels."),
    days: float = typer.Option(7.0, "--days", min=1.0, help="Days of traffic."),
    interval: float = typer.Option(180.0, "--interval", min=10.0, help="Seconds between positions."),
    start: str = typer.Option(
        "2024-06-01", "--start", help="When the traffic begins: a date (YYYY-MM-DD) or a UTC date and time."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print what was written as JSON."),
) -> None:
    """Write synthetic AIS traffic with planted events and a truth file (OUT.truth.json) beside it."""
    from sanctionwatch.maritime.simulate import parse_start, simulate

    summary = simulate(output, seed, vessels, days, interval, parse_start(start))
    if as_json:
        print_json({**summary, "output": str(output)})
        return
    out.print(
        f"wrote {summary['positions']:,} positions of {summary['vessels']} vessels to {output};"
        f" {summary['events']} planted events in {summary['truth']}"
    )
