"""The routers, and the dependencies they share."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from sanctionwatch.api.models import ErrorResponse
from sanctionwatch.api.service import Service

ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse} for status in (400, 401, 404, 408, 413, 422, 429)
}


async def service(request: Request) -> Service:
    """The app's service (a coroutine: a plain function would cost a hop through the thread pool)."""
    found: Service | None = request.app.state.service
    return found if found is not None else request.app.state.open_service(request.app)
