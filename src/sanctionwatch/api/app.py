"""The FastAPI application. Routes parse the request, call the service, shape the answer; every
error leaves as JSON ``{"status", "detail"}`` with its HTTP status, mapped in one place."""

from __future__ import annotations

import tempfile
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, File, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from sanctionwatch import __version__, settings
from sanctionwatch.api.models import ClaimsRequest, ErrorResponse, MatchRequest
from sanctionwatch.api.security import ApiError, RateLimiter, check_key
from sanctionwatch.api.service import MATCHER_INFO, Service
from sanctionwatch.api.settings import ApiSettings
from sanctionwatch.errors import ConfigError, InputError, QueryError, SanctionwatchError, StoreError

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse},
    401: {"model": ErrorResponse},
    404: {"model": ErrorResponse},
    413: {"model": ErrorResponse},
    422: {"model": ErrorResponse},
    429: {"model": ErrorResponse},
}
STATUS_OF = (
    (QueryError, 400),
    (InputError, 400),
    (StoreError, 404),
    (ConfigError, 500),
    (SanctionwatchError, 400),
)


def error(status: int, detail: str) -> JSONResponse:
    headers = {"Retry-After": "1"} if status == 429 else None
    return JSONResponse({"status": status, "detail": detail}, status_code=status, headers=headers)


def create_app(db: Path | None = None, api_settings: ApiSettings | None = None) -> FastAPI:
    config = api_settings or ApiSettings.from_environment()
    limiter = RateLimiter(config.rate_limit, config.rate_burst)
    state: dict[str, Service] = {}
    opening = threading.Lock()

    def open_service() -> Service:
        """The service, opened on start-up (or on first use, when the server skips the lifespan)."""
        with opening:
            if "service" not in state:
                state["service"] = Service(settings.db_path(db))
            return state["service"]

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        open_service()
        yield
        state.pop("service").close()

    app = FastAPI(
        title="sanctionwatch",
        version=__version__,
        lifespan=lifespan,
        description="DPRK sanctions monitoring: screening (yente-compatible /match), claims, AIS, incidents.",
    )

    # Dependencies are coroutines: plain functions would each cost a hop through the thread pool.
    async def service() -> Service:
        return state["service"] if "service" in state else open_service()

    async def reader(request: Request) -> None:
        if not config.open_reads:
            check_key(request, config)

    async def writer(request: Request) -> None:
        check_key(request, config)

    @app.middleware("http")
    async def limits(request: Request, call_next: Any) -> Any:
        client = request.client.host if request.client else "unknown"
        if not limiter.allow(client):
            return error(429, "too many requests; slow down and retry after a second")
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > config.max_upload_bytes:
            return error(413, f"request body larger than {config.max_upload_bytes // (1024 * 1024)} MB")
        return await call_next(request)

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error(exc.status, exc.message)

    @app.exception_handler(SanctionwatchError)
    async def domain_error(request: Request, exc: SanctionwatchError) -> JSONResponse:
        status = next(code for kind, code in STATUS_OF if isinstance(exc, kind))
        return error(status, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        return error(422, f"invalid request: {problems}")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return error(exc.status_code, str(exc.detail))

    @app.post("/match/{dataset}", responses=ERRORS, dependencies=[Depends(reader)], tags=["screening"])
    async def match(
        dataset: str,
        body: MatchRequest,
        threshold: float = Query(0.8, ge=0.0, le=1.0),
        cutoff: float = Query(0.5, ge=0.0, le=1.0),
        limit: int = Query(5, ge=1, le=100),
        algorithm: str = Query(
            "sanctionwatch", max_length=100, description="Accepted for yente compatibility."
        ),
        svc: Service = Depends(service),
    ) -> JSONResponse:
        """Match entities against a list (or ``default`` for all), as yente's ``/match`` does.

        Screening takes about a millisecond, so it runs on the event loop; the answer is plain
        JSON already and is sent as such."""
        responses = {
            key: svc.match(dataset, example, threshold, min(cutoff, threshold), limit)
            for key, example in body.queries.items()
        }
        return JSONResponse(
            {"responses": responses, "matcher": {**MATCHER_INFO, "requested": algorithm}, "limit": limit}
        )

    @app.get("/search", responses=ERRORS, dependencies=[Depends(reader)], tags=["screening"])
    def search(
        q: str = Query(..., min_length=1, max_length=500),
        schema: str = Query("Thing", max_length=40),
        limit: int = Query(10, ge=1, le=100),
        svc: Service = Depends(service),
    ) -> dict[str, Any]:
        """Entities whose names resemble ``q``."""
        return svc.search(q, schema, limit)

    @app.get("/entities/{entity_id}", responses=ERRORS, dependencies=[Depends(reader)], tags=["lists"])
    def entity(entity_id: str, svc: Service = Depends(service)) -> dict[str, Any]:
        """One entity, its list records merged, as FtM; any list reference (KPi.023) works too."""
        return svc.entity(entity_id)

    @app.post("/claims", responses=ERRORS, dependencies=[Depends(writer)], tags=["claims"])
    def claims(body: ClaimsRequest, svc: Service = Depends(service)) -> dict[str, Any]:
        """Claims in a text (the ``extract`` JSON)."""
        from sanctionwatch.claims.documents import Document
        from sanctionwatch.claims.entities import EntityLinker
        from sanctionwatch.claims.extract import extract

        document = Document(body.name, body.text, "text")
        return {
            "document": body.name,
            "claims": [c.as_dict() for c in extract(document, EntityLinker(svc.matcher))],
        }

    @app.post("/ais/detect", responses=ERRORS, dependencies=[Depends(writer)], tags=["maritime"])
    def ais_detect(file: UploadFile = File(...), svc: Service = Depends(service)) -> dict[str, Any]:
        """Events in an uploaded AIS file (the ``ais detect`` JSON)."""
        from sanctionwatch.maritime.detect import detect_files

        suffix = "".join(Path(file.filename or "upload").suffixes[-2:])[:12]
        if not suffix.replace(".", "").isalnum():
            suffix = ""
        with tempfile.TemporaryDirectory(prefix="sanctionwatch-upload-") as folder:
            path = Path(folder) / f"upload{suffix}"  # the client's name never becomes a path
            size = 0
            with path.open("wb") as handle:
                while chunk := file.file.read(1 << 20):
                    size += len(chunk)
                    if size > config.max_upload_bytes:
                        raise ApiError(
                            413, f"upload larger than {config.max_upload_bytes // (1024 * 1024)} MB"
                        )
                    handle.write(chunk)
            result = detect_files([path], lookup=svc.lookup)
        data = result.as_dict()
        for summary in data["input"]:
            summary["path"] = file.filename
        return data

    @app.get("/incidents", responses=ERRORS, dependencies=[Depends(reader)], tags=["incidents"])
    def incidents(svc: Service = Depends(service)) -> dict[str, Any]:
        """The latest run's incidents."""
        return {"incidents": svc.run_data()["incidents"]}

    @app.get("/incidents/{incident_id}", responses=ERRORS, dependencies=[Depends(reader)], tags=["incidents"])
    def incident(incident_id: str, svc: Service = Depends(service)) -> dict[str, Any]:
        """One incident of the latest run."""
        for item in svc.run_data()["incidents"]:
            if item["id"] == incident_id:
                return item
        raise ApiError(404, f"no incident {incident_id!r} in the latest run")

    @app.get("/healthz", dependencies=[Depends(reader)], tags=["service"])
    def healthz(svc: Service = Depends(service)) -> dict[str, Any]:
        """Liveness, with the date of every loaded list."""
        return {"status": "ok", "version": __version__, "lists": svc.list_dates}

    from sanctionwatch.api.ui import register

    register(app, service, reader)
    return app


def app_from_environment() -> FastAPI:
    """The application for worker processes, configured from the environment."""
    return create_app()


def serve(host: str, port: int, db: Path | None, workers: int = 1) -> None:
    import os

    import uvicorn

    if workers > 1:
        if db is not None:
            os.environ["SANCTIONWATCH_DB"] = str(db)  # the workers read their settings from here
        uvicorn.run(
            "sanctionwatch.api.app:app_from_environment",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
        )
    else:
        uvicorn.run(create_app(db), host=host, port=port, log_level="warning")


__all__ = ["create_app", "serve"]
