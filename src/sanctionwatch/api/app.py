"""The FastAPI application: routers for yente's API (``routes/yente.py``), OpenRefine
reconciliation (``routes/reconcile.py``) and our own work (``routes/work.py``), the guard every
request passes (``guard.py``), and every error mapped to its HTTP status in one place, leaving as
JSON ``{"status", "detail"}`` with no server path in it."""

from __future__ import annotations

import logging
import os
import re
import sys
import tempfile
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from sanctionwatch import __version__, settings
from sanctionwatch.api.guard import Guard, error_response
from sanctionwatch.api.queries import Moved
from sanctionwatch.api.security import ApiError, RateLimiter
from sanctionwatch.api.service import Service
from sanctionwatch.api.settings import ApiSettings
from sanctionwatch.errors import ConfigError, InputError, QueryError, SanctionwatchError, StoreError
from sanctionwatch.lists.status import aged, stale_warning
from sanctionwatch.lists.watch import Refresher, StoreWatcher

log = logging.getLogger(__name__)
#: How long a service replaced by a newer store stays open for the requests still using it.
RETIRE_SECONDS = 60.0

#: Our exceptions and the HTTP status each one leaves as; the first that fits wins.
STATUS_OF: tuple[tuple[type[Exception], int], ...] = (
    (QueryError, 400),
    (InputError, 400),
    (StoreError, 404),
    (ConfigError, 500),
    (SanctionwatchError, 400),
)


def _server_paths() -> list[str]:
    """Folders whose names must not reach a client: temporary files, the working folder, the
    installation, home."""
    paths = {tempfile.gettempdir(), os.getcwd(), sys.prefix, str(Path.home()), str(Path(__file__).parents[3])}
    return sorted((p for p in paths if len(p) > 1), key=len, reverse=True)


_PATH = re.compile(r"(?:/[\w.@+-]+){3,}")


#: What Starlette's router says when no route takes a request.
ROUTING_DETAILS = {404: "Not Found", 405: "Method Not Allowed"}


def _routing_detail(exc: StarletteHTTPException, request: Request) -> str:
    """Say which path or method to fix, and where the served ones are listed. The path is the
    client's own (no server path to scrub), quoted as in a URL so that it stays on one line."""
    path = quote(request.url.path)
    if exc.status_code == 404:
        return f"no such path: {path}; the paths this API serves are listed at /docs and /openapi.json"
    allowed = (getattr(exc, "headers", None) or {}).get("Allow", "")
    return f"{request.method} is not allowed on {path}" + (f"; use {allowed}" if allowed else "")


def scrub(message: str, uploads: dict[str, str] | None = None) -> str:
    """An error message with server paths taken out: an upload's temporary path becomes the name
    the client gave it, and any other absolute path its last part."""
    for path, name in (uploads or {}).items():
        message = message.replace(path, name)
    for root in _server_paths():
        message = message.replace(root + os.sep, "")
    return _PATH.sub(lambda m: m.group(0).rsplit("/", 1)[-1], message)


def create_app(db: Path | None = None, api_settings: ApiSettings | None = None) -> FastAPI:
    config = api_settings or ApiSettings.from_environment()
    opening = threading.Lock()

    def open_service(app: FastAPI) -> Service:
        """The service, opened on start-up (or on first use, when the server skips the lifespan)."""
        with opening:
            if getattr(app.state, "service", None) is None:
                app.state.service = Service(settings.db_path(db))
            service: Service = app.state.service
            return service

    def reopen() -> None:
        """``lists update`` swapped a new store in: open it and build its index while requests
        are answered from the old one, then switch (lists/watch.py); the old one is closed once
        the requests that hold it are done."""
        new = Service(settings.db_path(db))
        old, app.state.service = app.state.service, new
        if old is not None:
            retire = threading.Timer(RETIRE_SECONDS, old.close)
            retire.daemon = True  # never holds up the server's exit
            retire.start()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        service = open_service(app)
        stale = stale_warning([status for status in aged(service.statuses) if status.stale])
        if stale:  # said once at start-up on stderr; /readyz and /catalog say it to clients
            print(f"warning: {stale}", file=sys.stderr, flush=True)
        path = settings.db_path(db)
        watcher = StoreWatcher(path, reopen).start()
        hours = settings.refresh_hours()
        refresher = Refresher(path, hours, lambda: app.state.service.last_check()).start() if hours else None
        yield
        watcher.stop()
        if refresher is not None:
            refresher.stop()
        app.state.service.close()
        app.state.service = None

    app = FastAPI(
        title="sanctionwatch",
        version=__version__,
        lifespan=lifespan,
        description=(
            "DPRK sanctions monitoring. yente's API (`/match`, `/search`, `/entities`, `/catalog`,"
            " `/algorithms`) and OpenRefine reconciliation (`/reconcile`) over the loaded lists;"
            " claims, AIS detection and incidents. Send a key as `Authorization: ApiKey KEY`,"
            " `Authorization: Bearer KEY` or `X-API-Key: KEY` (the Authorize button)."
        ),
    )
    app.state.config = config
    app.state.service = None
    app.state.open_service = open_service
    app.add_middleware(
        Guard, fastapi_app=app, config=config, limiter=RateLimiter(config.rate_limit, config.rate_burst)
    )

    @app.exception_handler(Moved)
    async def moved(request: Request, exc: Moved) -> RedirectResponse:
        """A referent or list reference: 308 to the canonical id, on the same route."""
        path = request.url.path
        entity_id = request.path_params.get("entity_id", "")
        prefix = path[: path.index("/entities/") + len("/entities/")]
        rest = path[len(prefix) + len(entity_id) :] if path[len(prefix) :].startswith(entity_id) else ""
        url = prefix + exc.canonical_id + rest + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(url, status_code=308)

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, scrub(exc.message), exc.headers)

    @app.exception_handler(SanctionwatchError)
    async def domain_error(request: Request, exc: SanctionwatchError) -> JSONResponse:
        status = next(code for kind, code in STATUS_OF if isinstance(exc, kind))
        return error_response(status, scrub(str(exc), getattr(request.state, "uploads", None)))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        return error_response(422, scrub(f"invalid request: {problems}"))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = scrub(str(exc.detail))
        if exc.status_code in ROUTING_DETAILS and detail == ROUTING_DETAILS[exc.status_code]:
            detail = _routing_detail(exc, request)  # the router's own words name nothing to fix
        return error_response(exc.status_code, detail, getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(500, "internal error; the server's log has the details")

    from sanctionwatch.api.routes import reconcile, work, yente
    from sanctionwatch.api.ui import register

    app.include_router(yente.router)
    app.include_router(reconcile.router)
    app.include_router(work.router)
    register(app)
    return app


def app_from_environment() -> FastAPI:
    """The application for worker processes, configured from the environment."""
    return create_app()


def serve(host: str, port: int, db: Path | None, workers: int = 1) -> None:
    from sanctionwatch.api.server import serve as run

    run(host, port, db, workers)


__all__ = ["create_app", "serve"]
