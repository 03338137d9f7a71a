"""Our own routes: claims from text, events from an AIS upload, the latest run's incidents, and
the first ``/search`` (kept for its clients; yente's is ``/search/{dataset}``)."""

from __future__ import annotations

import gzip
import lzma
import tempfile
import zlib
from pathlib import Path
from typing import Any

import pyarrow as pa
from fastapi import APIRouter, Depends, File, Query, Request, UploadFile

from sanctionwatch.api.models import ClaimsRequest
from sanctionwatch.api.queries import kind_of, schema_of
from sanctionwatch.api.routes import ERRORS, service
from sanctionwatch.api.security import ApiError, read_access, require_key
from sanctionwatch.api.service import Service
from sanctionwatch.errors import InputError
from sanctionwatch.screening.query import make_query
from sanctionwatch.screening.scale import YENTE_THRESHOLD

router = APIRouter()
#: What a damaged file makes a decoder raise: truncated compression, bytes that are not text,
#: a Parquet footer that lies.
UNREADABLE = (EOFError, zlib.error, lzma.LZMAError, gzip.BadGzipFile, UnicodeDecodeError, pa.ArrowException)
reads = [Depends(read_access)]
writes = [Depends(require_key)]


@router.get("/search", responses=ERRORS, dependencies=reads, tags=["screening"], deprecated=True)
def search(
    q: str = Query(..., min_length=1, max_length=500),
    schema: str = Query("Thing", max_length=40),
    limit: int = Query(10, ge=1, le=100),
    svc: Service = Depends(service),
) -> dict[str, Any]:
    """Entities whose names resemble ``q``, scored; yente's ``/search/{dataset}`` does more."""

    matches = svc.matcher.screen(make_query(q, kind_of(schema_of(schema))), threshold=0.6, limit=limit)
    return {
        "query": q,
        "total": {"value": len(matches), "relation": "eq"},
        "results": [svc.scored(match, YENTE_THRESHOLD) for match in matches],
    }


@router.post("/claims", responses=ERRORS, dependencies=writes, tags=["claims"])
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


@router.post("/ais/detect", responses=ERRORS, dependencies=writes, tags=["maritime"])
def ais_detect(
    request: Request, file: UploadFile = File(...), svc: Service = Depends(service)
) -> dict[str, Any]:
    """Events in an uploaded AIS file (the ``ais detect`` JSON). The key is checked before the
    upload is read; errors name the file as the client called it, never a server path."""
    from sanctionwatch.maritime.detect import detect_files

    name = file.filename or "upload"
    suffix = "".join(Path(name).suffixes[-2:])[:12]
    if not suffix.replace(".", "").isalnum():
        suffix = ""
    with tempfile.TemporaryDirectory(prefix="sanctionwatch-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"  # the client's name never becomes a path
        request.state.uploads = {str(path): name, folder: "(upload)"}
        with path.open("wb") as handle:
            while chunk := file.file.read(1 << 20):
                handle.write(chunk)
        try:
            result = detect_files([path], lookup=svc.lookup)
        except UNREADABLE as exc:
            # the readers wrap these themselves (maritime/ais_readers.py); an upload is the only
            # input here, so one that still escapes is the upload's fault, not the server's
            raise InputError(f"{name}: cannot be read as AIS ({type(exc).__name__}: {exc})") from exc
    data = result.as_dict()
    for summary in data["input"]:
        summary["path"] = name
    return data


@router.get("/incidents", responses=ERRORS, dependencies=reads, tags=["incidents"])
def incidents(svc: Service = Depends(service)) -> dict[str, Any]:
    """The latest run's incidents."""
    return {"incidents": svc.run_data()["incidents"]}


@router.get("/incidents/{incident_id}", responses=ERRORS, dependencies=reads, tags=["incidents"])
def incident(incident_id: str, svc: Service = Depends(service)) -> dict[str, Any]:
    """One incident of the latest run."""
    for item in svc.run_data()["incidents"]:
        if item["id"] == incident_id:
            return dict(item)
    raise ApiError(404, f"no incident {incident_id!r} in the latest run")
