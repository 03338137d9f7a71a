"""``sanctionwatch screen``: screen names against the loaded lists."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from sanctionwatch.cli.app import DbOption, app, err, examples, open_store, out, print_json, warn_stale_of
from sanctionwatch.cli.tables import lines, table, whole

if TYPE_CHECKING:
    from sanctionwatch.screening.batch import BatchQuery
    from sanctionwatch.screening.matcher import Matcher


@app.command(
    "screen",
    epilog=examples(
        "sanctionwatch screen '김정은'",
        "sanctionwatch screen 'Kim Yong Chol' --type person --dob 18.02.1962",
        "sanctionwatch screen '' --imo 'IMO 9179842' --json",
        "sanctionwatch screen EXPLORER --type vessel --mmsi 367544000",
        "sanctionwatch screen --file queries.csv --out results.csv",
        "cat queries.csv | sanctionwatch screen --file - --json",
    ),
)
def screen(
    name: str = typer.Argument("", help="Name to screen (any script); may be empty with --imo."),
    type: str = typer.Option("any", "--type", help="person, organization, vessel or any."),
    imo: str = typer.Option(None, "--imo", help="IMO number, in any written form (IMO 9179842)."),
    mmsi: str = typer.Option(
        None, "--mmsi", help="Nine-digit MMSI; a listed vessel with other MMSIs is another vessel."
    ),
    dob: str = typer.Option(
        None, "--dob", help="Date of birth: 1969-07-16, 16.07.1969, 16 Jul 1969, 1969 or c. 1969."
    ),
    country: str = typer.Option(None, "--country", help="Nationality or country (name or ISO code)."),
    threshold: float = typer.Option(0.8, "--threshold", min=0.0, max=1.0, help="Lowest score reported."),
    limit: int = typer.Option(10, "--limit", min=1, help="Most matches reported per query."),
    file: Path = typer.Option(
        None, "--file", help="CSV of queries: name[,type,imo,mmsi,dob,country,id]; - for stdin."
    ),
    out_csv: Path = typer.Option(None, "--out", help="With --file: write the results to this CSV."),
    as_json: bool = typer.Option(False, "--json", help="Print the results as JSON."),
    db: Path = DbOption,
) -> None:
    """Screen a name or a batch of names against every loaded list; exit 1 when anything matches.

    In a batch, rows that cannot be screened are reported on stderr (and under "errors" in the
    JSON) and the other rows are screened; the exit status is 2 only when no row could be read."""
    from sanctionwatch.screening.batch import read_batch
    from sanctionwatch.screening.query import make_query
    from sanctionwatch.screening.service import screen_one, write_results_file

    if file is not None and (name or imo or mmsi or dob or country):
        raise typer.BadParameter("give a name and its options or --file, not both", param_hint="'--file'")
    if out_csv is not None and file is None:
        raise typer.BadParameter("--out writes a batch's results; it needs --file", param_hint="'--out'")
    if file is not None:
        batch = read_batch(file)
        for error in batch.errors:
            err.print(f"skipped: {error.describe(file)}", markup=False, highlight=False, soft_wrap=True)
        matcher = ready_matcher(db)
        results = screen_with_progress(matcher, batch.queries, threshold, limit)
        if batch.errors:
            results["errors"] = [error.as_dict() for error in batch.errors]
        if out_csv is not None:
            write_results_file(results, out_csv)
        if as_json:
            print_json(results)
        elif out_csv is None:
            for result in results["results"]:
                render_matches(result)
        found = any(result["matches"] for result in results["results"])
        summary = batch_summary(results, len(batch.errors), out_csv)
        (err if as_json else out).print(summary, markup=False, highlight=False, soft_wrap=True)
    else:
        query = make_query(name, type, imo, dob, country, mmsi)
        matcher = ready_matcher(db)
        result = screen_one(matcher, query, threshold, limit)
        if as_json:
            print_json(result)
        else:
            render_matches(result)
        found = bool(result["matches"])
    raise typer.Exit(1 if found else 0)


def ready_matcher(db: Path | None) -> Matcher:
    """The matcher over the store's lists, after the stale-list warning (``screening/warm.py``:
    from the stamp beside the store when it serves, without DuckDB)."""
    from sanctionwatch import settings
    from sanctionwatch.screening.warm import warm_matcher

    matcher, statuses = warm_matcher(settings.db_path(db), lambda: open_store(db))
    warn_stale_of(statuses)
    return matcher


def prepare_index(db: Path | None) -> None:
    """Build the screening index and its stamp for the store as a load or an update left it:
    else the first ``screen`` after it builds the index itself, 3 s of CPU on the bundled lists
    where every later call takes a fraction of a second (``screening/warm.py``)."""
    from sanctionwatch import settings
    from sanctionwatch.screening.warm import warm_index

    with warm_index(settings.db_path(db), lambda: open_store(db, need_lists=False)):
        pass  # built (or found current) and stamped as the block closes; no matcher is needed


#: A batch this long shows a progress bar on a terminal, advanced after each part of this size
#: (each part still large enough to be split over the CPUs).
PROGRESS_FROM = 20_000
PART = 10_000


def screen_with_progress(
    matcher: Matcher, queries: list[BatchQuery], threshold: float, limit: int
) -> dict[str, Any]:
    """``screen_batch``, in parts with a progress bar on stderr when it is a terminal."""
    from rich.progress import Progress

    from sanctionwatch.screening.service import screen_batch

    if not err.is_terminal or len(queries) < PROGRESS_FROM:
        return screen_batch(matcher, queries, threshold, limit)
    results: list[dict[str, Any]] = []
    with Progress(console=err, transient=True) as bar:
        task = bar.add_task("screening", total=len(queries))
        for start in range(0, len(queries), PART):
            part = queries[start : start + PART]
            results += screen_batch(matcher, part, threshold, limit)["results"]
            bar.advance(task, len(part))
    return {"results": results}


def batch_summary(results: dict[str, Any], skipped: int, written: Path | None) -> str:
    """The line after a batch: how many queries, how many matched, where the results went."""
    queries = len(results["results"])
    matched = sum(1 for result in results["results"] if result["matches"])
    line = f"screened {queries:,} queries: {matched:,} matched, {queries - matched:,} did not"
    if skipped:
        line += f"; {skipped:,} rows skipped (see above)"
    return line + (f"; results written to {written}" if written is not None else "")


def render_matches(result: dict[str, Any]) -> None:
    query = result["query"]
    title = " ".join(f"{key}={value}" for key, value in query.items())
    if not result["matches"]:
        out.print(f"{title}: no match")
        return
    found = table(whole("score"), "name", whole("schema"), whole("refs"), "matched name", "why", title=title)
    for match in result["matches"]:
        explanation = match["explanation"]
        why = [explanation.get("name_comparison") or ""]
        why += [f"{item['feature']} {item['effect']:+}" for item in explanation.get("evidence", [])]
        found.add_row(
            f"{match['score']:.2f}",
            match["name"],
            match["schema"],
            lines(match["refs"]),
            match["matched_name"],
            "; ".join(w for w in why if w),
        )
    out.print(found)
