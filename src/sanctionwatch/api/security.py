"""API keys (compared in constant time) and per-client rate limits.

A key is presented the three ways yente clients and our own send it: ``Authorization: ApiKey
KEY`` (yente-client), ``Authorization: Bearer KEY`` and ``X-API-Key: KEY``. The checks are
written once here; ``guard.py`` runs them before a request's body is read, and the FastAPI
dependencies below declare them to the OpenAPI spec so that ``/docs`` can send a key.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass

from fastapi import Request, Security
from fastapi.security import APIKeyHeader

from sanctionwatch.api.settings import ApiSettings

SCHEMES = ("apikey ", "bearer ")


class ApiError(Exception):
    """An error with its HTTP status; the handler in app.py turns it into JSON."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers


def presented_key(headers: Mapping[str, str]) -> str | None:
    """The key a request carries, or None."""
    header = headers.get("authorization", "")
    for scheme in SCHEMES:
        if header[: len(scheme)].lower() == scheme:
            return header[len(scheme) :].strip() or None
    return headers.get("x-api-key") or None


def valid_key(key: str | None, settings: ApiSettings) -> bool:
    if not key:
        return False
    matched = False
    for candidate in settings.api_keys:  # every key is compared, so timing tells nothing
        matched |= hmac.compare_digest(key.encode("utf-8", "replace"), candidate.encode())
    return matched


def check_key(headers: Mapping[str, str], settings: ApiSettings) -> None:
    """Raise a 401 unless a valid key is presented."""
    if not settings.api_keys:
        raise ApiError(
            401, "this endpoint needs an API key, and none is configured: set SANCTIONWATCH_API_KEYS"
        )
    key = presented_key(headers)
    if not key:
        raise ApiError(
            401,
            "send an API key as 'Authorization: ApiKey KEY', 'Authorization: Bearer KEY' or 'X-API-Key: KEY'",
            {"WWW-Authenticate": "ApiKey"},
        )
    if not valid_key(key, settings):
        raise ApiError(401, "the API key is not valid", {"WWW-Authenticate": "ApiKey"})


# The schemes the OpenAPI spec declares (so /docs has an "Authorize" button); auto_error is off
# because the one check above decides, with our messages.
_authorization = APIKeyHeader(
    name="Authorization",
    scheme_name="Authorization",
    description="`ApiKey KEY` (as yente clients send it) or `Bearer KEY`",
    auto_error=False,
)
_x_api_key = APIKeyHeader(name="X-API-Key", scheme_name="X-API-Key", auto_error=False)


async def require_key(
    request: Request,
    _authorization: str | None = Security(_authorization),
    _x_api_key: str | None = Security(_x_api_key),
) -> None:
    """Routes that write or upload: a valid key, always."""
    check_key(request.headers, request.app.state.config)


async def read_access(
    request: Request,
    _authorization: str | None = Security(_authorization),
    _x_api_key: str | None = Security(_x_api_key),
) -> None:
    """Routes that read: a valid key unless reads are open (``SANCTIONWATCH_API_OPEN``)."""
    config: ApiSettings = request.app.state.config
    if not config.open_reads:
        check_key(request.headers, config)


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """A token bucket per client: ``rate`` requests a second, bursts of ``burst``.

    A client is its API key when it presents a valid one (so clients behind one proxy or NAT
    with their own keys do not share a bucket), else its address. Buckets live in the server
    process: with ``--workers N`` each worker keeps its own, so a client gets up to N times the
    rate (documented in docs/api.md). A bucket that has refilled is the same as no bucket, so
    such buckets are dropped whenever the table passes ``max_clients``: memory stays bounded
    however many addresses a client cycles through.
    """

    def __init__(self, rate: float, burst: float, max_clients: int = 10_000) -> None:
        self.rate = rate
        self.burst = max(burst, 1.0)
        self.max_clients = max_clients
        self.buckets: dict[str, _Bucket] = {}
        self.lock = threading.Lock()

    @staticmethod
    def client_of(headers: Mapping[str, str], address: str, settings: ApiSettings) -> str:
        key = presented_key(headers)
        if key and valid_key(key, settings):
            return "key:" + hashlib.sha256(key.encode()).hexdigest()[:16]
        return "address:" + address

    def allow(self, client: str) -> bool:
        if self.rate <= 0:
            return True
        now = time.monotonic()
        with self.lock:
            bucket = self.buckets.get(client)
            if bucket is None:
                if len(self.buckets) >= self.max_clients:
                    self._evict(now)
                bucket = self.buckets[client] = _Bucket(self.burst, now)
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
            bucket.updated = now
            if bucket.tokens < 1:
                return False
            bucket.tokens -= 1
            return True

    def _evict(self, now: float) -> None:
        """Drop full buckets; if every client is busy, the oldest half (they refill first)."""
        full = now - (self.burst / self.rate)
        idle = [client for client, bucket in self.buckets.items() if bucket.updated <= full]
        if len(idle) < len(self.buckets) // 10:
            ordered = sorted(self.buckets, key=lambda c: self.buckets[c].updated)
            idle = ordered[: len(ordered) // 2]
        for client in idle:
            del self.buckets[client]
