"""``sanctionwatch serve``: the HTTP API and web UI."""

from __future__ import annotations

from pathlib import Path

import typer

from sanctionwatch import settings
from sanctionwatch.cli.app import DbOption, app, warn_stale
from sanctionwatch.lists.store import Store


@app.command("serve")
def serve_command(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(
        8000, "--port", min=0, max=65535, help="Port to listen on (0: one the system picks)."
    ),
    workers: int = typer.Option(1, "--workers", min=1, help="Server processes (one per CPU for load)."),
    db: Path = DbOption,
) -> None:
    """The HTTP API (yente's /match, /search, /entities, /catalog; OpenRefine's /reconcile;
    claims, AIS, incidents) and the web UI. Limits and timeouts: SANCTIONWATCH_* settings."""
    from sanctionwatch.api.app import serve

    path = settings.db_path(db)
    if path.exists():
        with Store(path, read_only=True) as store:
            warn_stale(store)
    serve(host, port, db, workers)
