"""``sanctionwatch serve``: the HTTP API and web UI."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from sanctionwatch.cli.app import DbOption, app, examples


@app.command(
    "serve",
    epilog=examples(
        "sanctionwatch serve",
        "sanctionwatch serve --host 0.0.0.0 --port 8000 --workers 2",
        "SANCTIONWATCH_API_KEYS=secret sanctionwatch serve --refresh-hours 24",
    ),
)
def serve_command(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(
        8000, "--port", min=0, max=65535, help="Port to listen on (0: one the system picks)."
    ),
    workers: int = typer.Option(1, "--workers", min=1, help="Server processes (one per CPU for load)."),
    refresh_hours: float = typer.Option(
        None,
        "--refresh-hours",
        min=0,
        help="Update the lists from their publishers every this many hours while serving"
        " (default: SANCTIONWATCH_REFRESH_HOURS, else never).",
    ),
    db: Path = DbOption,
) -> None:
    """The HTTP API (yente's /match, /search, /entities, /catalog; OpenRefine's /reconcile;
    claims, AIS, incidents) and the web UI. Limits and timeouts: SANCTIONWATCH_* settings."""
    from sanctionwatch.api.app import serve

    if refresh_hours is not None:  # worker processes read their settings from the environment
        os.environ["SANCTIONWATCH_REFRESH_HOURS"] = str(refresh_hours)
    serve(host, port, db, workers)
