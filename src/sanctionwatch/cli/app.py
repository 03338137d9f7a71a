"""The Typer application, its sub-applications and what every command shares."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from rich.console import Console

from sanctionwatch import json_text, settings
from sanctionwatch.errors import SanctionwatchError, StoreBusy

try:  # Typer 0.2x carries its own copy of click; its usage errors are that copy's classes
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover - a Typer that still uses click itself
    from click import exceptions as click_errors  # type: ignore[no-redef]

if TYPE_CHECKING:
    from sanctionwatch.lists.status import ListStatus
    from sanctionwatch.lists.store import Store

#: Plain help (click's own): Typer's rich help marks every flag with a stray "<bool>" and
#: reflows the examples; plain help keeps an indented example block as written.
HELP = {"rich_markup_mode": None, "no_args_is_help": True}
app = typer.Typer(
    help="Monitor enforcement of the UN Security Council's DPRK sanctions from open sources.",
    epilog="Exit status: 0 success, 1 findings present (screen matched, ais detect saw a listed"
    " vessel), 2 error (one line on stderr naming the file, line or field to fix).",
    pretty_exceptions_enable=False,
    **HELP,  # type: ignore[arg-type]
)
lists_app = typer.Typer(help="Load, inspect and export sanctions lists.", **HELP)  # type: ignore[arg-type]
app.add_typer(lists_app, name="lists")
ais_app = typer.Typer(
    help="Read AIS vessel positions and detect what sanctions evaders do at sea.",
    **HELP,  # type: ignore[arg-type]
)
app.add_typer(ais_app, name="ais")

out = Console()
err = Console(stderr=True)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        out.print(f"sanctionwatch {version('sanctionwatch')}", markup=False, highlight=False)
        raise typer.Exit()


@app.callback()
def _options(
    show_version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Monitor enforcement of the UN Security Council's DPRK sanctions from open sources."""
    _fit_width()


def _fit_width() -> None:
    """Tables fit ``COLUMNS`` when it is set (rich reads it once, when the console is made)."""
    columns = os.environ.get("COLUMNS", "")
    for console in (out, err):
        if columns.isdigit():
            console.width = int(columns)


DbOption = typer.Option(
    None, "--db", help="DuckDB store (default: $SANCTIONWATCH_DB or ./sanctionwatch.duckdb)."
)


def examples(*lines: str) -> str:
    """A command's epilog: example command lines, kept as written (click rewraps other text)."""
    return "Examples:\n\n\b\n" + "\n".join(f"  {line}" for line in lines)


def open_store(db: Path | None, need_lists: bool = True) -> Store:
    """The store, with the bundled lists loaded on first use. While another process holds it
    (``serve`` reads it for as long as it runs), the store is opened read-only: commands that
    only read it work, and one that would write says who holds it."""
    # imported here, not with the CLI (every command module is imported at start-up): DuckDB
    # only when a command opens the store, the list readers only when the store is empty
    from sanctionwatch.lists.store import Store

    path = settings.db_path(db)
    try:
        store = Store(path)
    except StoreBusy as exc:
        if not path.exists():
            raise
        store = Store(path, read_only=True)
        store.busy = str(exc)
    if need_lists and store.is_empty():
        from sanctionwatch.lists.bundled import ensure_lists

        try:
            ensure_lists(store, progress=err.is_terminal)
        except BaseException as exc:
            store.__exit__(type(exc), exc, exc.__traceback__)
            raise
    return store


def warn_stale(store: Store) -> None:
    """One line on stderr naming every list not known current for ``SANCTIONWATCH_STALE_DAYS``
    (``lists/status.py``); never on stdout, where JSON goes."""
    from sanctionwatch.lists.status import list_status

    warn_stale_of(list_status(store))


def warn_stale_of(statuses: list[ListStatus]) -> None:
    """``warn_stale`` for the lists' statuses, aged as of now."""
    from sanctionwatch.lists.status import aged, stale_warning

    message = stale_warning([status for status in aged(statuses) if status.stale])
    if message:
        err.print(f"warning: {message}", markup=False, highlight=False, soft_wrap=True)


def print_json(data: Any) -> None:
    sys.stdout.write(json_text.dumps(data) + "\n")  # json.dumps(indent=2) as written, faster


def main() -> None:
    """Entry point: domain errors and usage errors become one line on stderr and exit status 2.

    Click runs outside its standalone mode so that its usage errors (an unknown option, a value out
    of range) reach us: click would print a usage block of four lines, the house rule is one line
    naming what to fix. --help, a command group called bare (its help) and each command's exit
    status are click's as before."""
    try:
        status = app(standalone_mode=False)
    except click_errors.NoArgsIsHelpError as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click_errors.UsageError as exc:
        where = exc.ctx.command_path if exc.ctx is not None else "sanctionwatch"
        _fail(f"{where}: {exc.format_message()} (see '{where} --help')", exc.exit_code)
    except click_errors.ClickException as exc:  # a file option click opened itself, and the like
        _fail(exc.format_message(), exc.exit_code)
    except typer.Abort:
        err.print("Aborted.", markup=False, highlight=False)
        sys.exit(1)
    except SanctionwatchError as exc:
        _fail(str(exc), 2)
    except OSError as exc:
        # A path the user gave for output (--out, --csv, --kml...) in a folder that does not
        # exist, that is a folder, or that may not be written: inputs are checked by the
        # readers, outputs only when written, after the work, so the system's own error is
        # the one that names the path.
        if exc.filename is None:
            raise
        _fail(f"{exc.filename}: {exc.strerror or exc}", 2)
    # outside standalone mode a command's ``typer.Exit(code)`` comes back as its code
    sys.exit(status if isinstance(status, int) else 0)


def print_error(message: str) -> None:
    """The one line an error gets on stderr, as written (no markup read into it)."""
    err.print(f"error: {message}", markup=False, highlight=False, soft_wrap=True)


def _fail(message: str, status: int) -> NoReturn:
    print_error(message)
    sys.exit(status)
