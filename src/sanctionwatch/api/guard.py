"""What every request passes before the application sees it, as one ASGI middleware.

In order: the rate limit (keyed on the client's API key or address), the key check of the route
(so an unauthenticated upload is refused before a byte of it is read), the body limit (on the
bytes actually received, so a chunked body without Content-Length is held to it too) and the
body's minimum rate (a body trickling in at a byte every few seconds is cut off). HTML answers
leave with a Content-Security-Policy that allows only the inline scripts the server sent.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import re
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_to_bytes

from fastapi import FastAPI, HTTPException
from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.routing import Match

from sanctionwatch.api.security import ApiError, RateLimiter, check_key, read_access, require_key
from sanctionwatch.api.settings import MB, ApiSettings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


@dataclass(frozen=True)
class RoutePolicy:
    """What a route asks of a request before its body is read."""

    keyed: bool = False  # a valid key, always
    read: bool = False  # a valid key when reads are closed
    upload: bool = False  # the upload limit instead of the body limit
    json: bool = False  # a JSON body, read as JSON whatever Content-Type says (as yente does)


def error_response(status: int, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """Every error the service sends: ``{"status", "detail"}`` with its HTTP status."""
    headers = dict(headers or {})
    if status == 429:
        headers["Retry-After"] = "1"
    return JSONResponse({"status": status, "detail": detail}, status_code=status, headers=headers)


def route_policies(app: FastAPI) -> list[tuple[Any, RoutePolicy]]:
    """Each route with its policy, read from what the route declares: its key dependencies and
    whether it takes a file."""
    policies = []
    for route in _flat(app.router.routes):
        dependant = getattr(route, "dependant", None)
        if dependant is None:
            policies.append((route, RoutePolicy()))
            continue
        calls = {dep.call for dep in dependant.dependencies}
        kinds = {type(param.field_info).__name__ for param in dependant.body_params}
        upload = "File" in kinds
        json = bool(kinds) and not kinds & {"File", "Form"}
        policies.append((route, RoutePolicy(require_key in calls, read_access in calls, upload, json)))
    return policies


def _flat(routes: list[Any]) -> list[Any]:
    """Every route, those of included routers too (FastAPI keeps an included router whole, as
    one entry, its routes inside it; we include routers without a prefix)."""
    found = []
    for route in routes:
        inner = getattr(route, "original_router", None)
        found.extend(_flat(inner.routes) if inner is not None else [route])
    return found


class Guard:
    """The middleware; ``app`` is the rest of the stack, ``fastapi_app`` the routes' owner."""

    def __init__(self, app: ASGIApp, fastapi_app: FastAPI, config: ApiSettings, limiter: RateLimiter) -> None:
        self.app = app
        self.fastapi_app = fastapi_app
        self.config = config
        self.limiter = limiter
        self._policies: list[tuple[Any, RoutePolicy]] | None = None

    def policy(self, scope: Scope) -> RoutePolicy:
        if self._policies is None:  # routes are all registered by the first request
            self._policies = route_policies(self.fastapi_app)
        for route, policy in self._policies:
            match, _ = route.matches(scope)
            if match == Match.FULL:
                return policy
        return RoutePolicy()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        policy = self.policy(scope)
        refusal = self.refusal(scope, headers, policy)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        if policy.json and "json" not in headers.get("content-type", ""):
            # curl -d sends a form's Content-Type, other clients none: yente reads JSON anyway
            raw = [(k, v) for k, v in scope["headers"] if k != b"content-type"]
            scope = {**scope, "headers": [*raw, (b"content-type", b"application/json")]}
        limit = self.config.max_upload_bytes if policy.upload else self.config.max_body_bytes
        has_body = "content-length" in headers or "chunked" in headers.get("transfer-encoding", "").lower()
        body = _Body(receive, limit, self.config) if has_body else None
        html = _Html(send, scope["path"])
        try:
            await self.app(scope, body.receive if body else receive, html.send)
        except HTTPException as exc:  # a body refused outside a route's own error handling
            if html.started:
                raise
            await error_response(exc.status_code, str(exc.detail))(scope, receive, send)

    def refusal(self, scope: Scope, headers: Headers, policy: RoutePolicy) -> JSONResponse | None:
        """The answer to a request refused before its body is read, or None."""
        client = scope.get("client")
        address = client[0] if client else "unknown"
        if not self.limiter.allow(self.limiter.client_of(headers, address, self.config)):
            return error_response(429, "too many requests; slow down and retry after a second")
        if policy.keyed or (policy.read and not self.config.open_reads):
            try:
                check_key(headers, self.config)
            except ApiError as exc:
                return error_response(exc.status, exc.message, exc.headers)
        if not _utf8_query(scope.get("query_string", b"")):
            return error_response(400, "the query string is not UTF-8 once percent-decoded; send UTF-8")
        limit = self.config.max_upload_bytes if policy.upload else self.config.max_body_bytes
        length = headers.get("content-length")
        if length is not None:
            if not length.strip().isdigit():
                return error_response(400, "Content-Length is not a number")
            if int(length) > limit:
                return error_response(413, too_large(limit))
        return None


def _utf8_query(query: bytes) -> bool:
    """Starlette decodes a query string with replacement characters, so ``%FF`` would reach a
    route as U+FFFD and be searched for: a value the client never sent. Refuse it instead."""
    try:
        unquote_to_bytes(query).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def too_large(limit: int) -> str:
    size = f"{limit / MB:g} MB" if limit >= MB else f"{limit:,} bytes"
    return f"request body larger than {size}; send less, or raise the limit (docs/api.md)"


class _Body:
    """The request's ``receive``, counting bytes and holding the body to a minimum rate: it must
    have arrived by ``grace + received / rate`` seconds after the headers."""

    def __init__(self, receive: Receive, limit: int, config: ApiSettings) -> None:
        self._receive = receive
        self.limit = limit
        self.grace = config.body_timeout
        self.rate = config.min_body_rate
        self.started = time.monotonic()
        self.received = 0
        self.done = False

    async def receive(self) -> Message:
        if self.done:
            return await self._receive()
        allowed = self.started + self.grace + (self.received / self.rate if self.rate else 1e9)
        remaining = allowed - time.monotonic()
        try:
            if remaining <= 0:
                raise TimeoutError
            message = await asyncio.wait_for(self._receive(), remaining)
        except TimeoutError:
            raise HTTPException(
                408,
                f"request body too slow: it must start within {self.grace:g} s and then arrive"
                f" at {self.rate:g} bytes/s or faster",
            ) from None
        if message["type"] == "http.request":
            self.received += len(message.get("body", b""))
            if self.received > self.limit:
                raise HTTPException(413, too_large(self.limit))
            self.done = not message.get("more_body", False)
        else:
            self.done = True
        return message


_SCRIPT = re.compile(rb"<script(?![^>]*\ssrc=)[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)
#: FastAPI's /docs and /redoc pages load their code from this CDN.
DOCS_PATHS = ("/docs", "/redoc", "/docs/oauth2-redirect")
DOCS_SOURCES = "https://cdn.jsdelivr.net"


def content_security_policy(html: bytes, path: str) -> str:
    """A policy that runs only the inline scripts in ``html`` (by hash) and loads nothing from
    elsewhere: script injected into the page at run time (an ``onerror`` attribute, a
    ``javascript:`` link) does not run, whatever a value smuggled in."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(body).digest()).decode() + "'"
        for body in _SCRIPT.findall(html)
    )
    external = f" {DOCS_SOURCES}" if path in DOCS_PATHS else ""
    return (
        f"default-src 'none'; script-src 'self'{external} {hashes}; "
        f"style-src 'self' 'unsafe-inline'{external}; img-src 'self' data:{' https:' if external else ''}; "
        "connect-src 'self'; font-src 'self' data:; form-action 'self'; base-uri 'none'; "
        "frame-ancestors 'none'; object-src 'none'"
    ).replace("  ", " ")


class _Html:
    """``send``, holding back an HTML response's start until its body is known, to add the
    security headers."""

    def __init__(self, send: Send, path: str) -> None:
        self._send = send
        self.path = path
        self.started = False
        self.start: Message | None = None

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.started = True
            headers = Headers(raw=message.get("headers", []))
            if headers.get("content-type", "").startswith("text/html"):
                self.start = message
                return
        elif self.start is not None and message["type"] == "http.response.body":
            start, self.start = self.start, None
            body = message.get("body", b"") if not message.get("more_body") else b""
            extra = [
                (b"content-security-policy", content_security_policy(body, self.path).encode()),
                (b"x-content-type-options", b"nosniff"),
                (b"referrer-policy", b"no-referrer"),
                (b"x-frame-options", b"DENY"),
            ]
            await self._send({**start, "headers": list(start.get("headers", [])) + extra})
        await self._send(message)
