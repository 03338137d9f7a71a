"""API keys (compared in constant time), per-client rate limits and request size limits."""

from __future__ import annotations

import hmac
import threading
import time
from dataclasses import dataclass

from fastapi import Request

from sanctionwatch.api.settings import ApiSettings


class ApiError(Exception):
    """An error with its HTTP status; the handler in app.py turns it into JSON."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def presented_key(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.headers.get("x-api-key")


def check_key(request: Request, settings: ApiSettings) -> None:
    """A valid key is presented, as ``Authorization: Bearer KEY`` or ``X-API-Key: KEY``."""
    if not settings.api_keys:
        raise ApiError(
            401, "this endpoint needs an API key, and none is configured: set SANCTIONWATCH_API_KEYS"
        )
    key = presented_key(request)
    if not key:
        raise ApiError(401, "send an API key as 'Authorization: Bearer KEY' or 'X-API-Key: KEY'")
    matched = False
    for candidate in settings.api_keys:
        matched |= hmac.compare_digest(key.encode(), candidate.encode())
    if not matched:
        raise ApiError(401, "the API key is not valid")


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """A token bucket per client address: ``rate`` requests a second, bursts of ``burst``."""

    def __init__(self, rate: float, burst: float) -> None:
        self.rate = rate
        self.burst = max(burst, 1.0)
        self.buckets: dict[str, _Bucket] = {}
        self.lock = threading.Lock()

    def allow(self, client: str) -> bool:
        if self.rate <= 0:
            return True
        now = time.monotonic()
        with self.lock:
            bucket = self.buckets.get(client)
            if bucket is None:
                bucket = self.buckets[client] = _Bucket(self.burst, now)
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
            bucket.updated = now
            if bucket.tokens < 1:
                return False
            bucket.tokens -= 1
            return True
