"""``sanctionwatch run`` and ``report``: the monitoring run and its report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from sanctionwatch.cli.app import DbOption, app, err, examples, open_store, out, print_json, warn_stale
from sanctionwatch.cli.screen import prepare_index
from sanctionwatch.cli.tables import lines, table, whole


@app.command(
    "run",
    epilog=examples(
        "sanctionwatch run",
        "sanctionwatch run sources/ --out out/",
        "sanctionwatch run sources/ --json > run.json",
    ),
)
def run_command(
    sources: Path = typer.Argument(
        None, help="Folder of lists, documents and AIS files; none runs the demo case."
    ),
    out_dir: Path = typer.Option(
        Path("report"), "--out", help="Where to write report.html and the data files."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the incidents as JSON."),
    force: bool = typer.Option(
        False, "--force", help="Load a list file in the folder even if it would shrink or empty its list."
    ),
    rerun: bool = typer.Option(
        False,
        "--rerun",
        help="Run even when the sources, the lists and the code are those of the latest run.",
    ),
    db: Path = DbOption,
) -> None:
    """The monitoring run: read every source, fuse claims, AIS events and list matches into
    incidents, and publish the report.

    When the source files (sha256), the lists in the store and the code are those of the latest
    run, its results are kept instead of being computed again, and the report is written from
    them; --rerun runs anyway."""
    from sanctionwatch.cases.reuse import is_current
    from sanctionwatch.cases.run import load, run
    from sanctionwatch.report.html import write_outputs

    with open_store(db, need_lists=False) as store:
        reused = not (rerun or force) and is_current(store, sources)
        if not reused:
            run(store, sources, progress=err.is_terminal, force=force)
        warn_stale(store)
        data = load(store)
    prepare_index(db)  # the run wrote the store: a screen after it would open the store again
    paths = write_outputs(data, out_dir)
    if reused:
        err.print(
            f"Same sources, lists and code as the run of {data['summary']['started']}: its results"
            " are kept, not computed again (--rerun runs again).",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    if as_json:
        print_json({"incidents": data["incidents"], "summary": data["summary"], "reused": reused})
        return
    render_run(data, paths)


@app.command("report", epilog=examples("sanctionwatch report", "sanctionwatch report --out out/ --json"))
def report_command(
    out_dir: Path = typer.Option(
        Path("report"), "--out", help="Where to write report.html and the data files."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the incidents as JSON (as run --json)."),
    db: Path = DbOption,
) -> None:
    """Rebuild the report from the store's latest run, without reading the sources again."""
    from sanctionwatch.cases.run import load
    from sanctionwatch.report.html import write_outputs

    with open_store(db, need_lists=False) as store:
        data = load(store)
    paths = write_outputs(data, out_dir)
    if as_json:
        print_json({"incidents": data["incidents"], "summary": data["summary"]})
        return
    render_run(data, paths)


def render_run(data: dict[str, Any], paths: dict[str, Path]) -> None:
    summary = data["summary"]
    incidents = table(
        "incident",
        whole("corroboration"),
        "vessels",
        whole("provisions"),
        whole("rules"),
        title=f"{len(data['incidents'])} incidents from {summary['documents']} documents"
        f" and {summary['events']} AIS events",
    )
    for incident in data["incidents"]:
        incidents.add_row(
            f"{incident['id']}\n{incident['title']}",
            f"{incident['corroboration']}\n{len(incident['sources'])} source(s)",
            lines(v["name"] or str(v["mmsi"]) for v in incident["vessels"]),
            lines(incident["provisions"]),
            lines(incident["rules"]),
        )
    out.print(incidents)
    for item in summary.get("skipped", []):
        out.print(f"skipped {item['path']}: {item['reason']}", markup=False, highlight=False, soft_wrap=True)
    for warning in summary.get("warnings", []):
        out.print(f"warning: {warning}", markup=False, highlight=False, soft_wrap=True)
    out.print(f"report: {paths['report']} ({summary['seconds']} s)")
