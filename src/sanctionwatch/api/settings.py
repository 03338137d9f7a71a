"""Service settings, from ``SANCTIONWATCH_*`` environment variables.

| variable | meaning | default |
|---|---|---|
| ``SANCTIONWATCH_API_KEYS`` | comma-separated keys accepted for writes and uploads | none (writes refused) |
| ``SANCTIONWATCH_API_OPEN`` | ``false`` makes the read endpoints require a key too | ``true`` |
| ``SANCTIONWATCH_RATE_LIMIT`` | requests per second per client (0 turns it off) | ``50`` |
| ``SANCTIONWATCH_RATE_BURST`` | requests a client may send at once | ``200`` |
| ``SANCTIONWATCH_MAX_UPLOAD_MB`` | largest request body accepted | ``50`` |
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from sanctionwatch.errors import ConfigError


def _number(name: str, default: float) -> float:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return float(value)
    except ValueError:
        raise ConfigError(f"{name}={value!r} is not a number") from None


@dataclass(frozen=True)
class ApiSettings:
    api_keys: tuple[str, ...] = field(default_factory=tuple)
    open_reads: bool = True
    rate_limit: float = 50.0
    rate_burst: float = 200.0
    max_upload_bytes: int = 50 * 1024 * 1024

    @classmethod
    def from_environment(cls) -> ApiSettings:
        keys = tuple(k.strip() for k in os.environ.get("SANCTIONWATCH_API_KEYS", "").split(",") if k.strip())
        return cls(
            api_keys=keys,
            open_reads=os.environ.get("SANCTIONWATCH_API_OPEN", "true").strip().lower()
            not in ("false", "0", "no"),
            rate_limit=_number("SANCTIONWATCH_RATE_LIMIT", 50.0),
            rate_burst=_number("SANCTIONWATCH_RATE_BURST", 200.0),
            max_upload_bytes=int(_number("SANCTIONWATCH_MAX_UPLOAD_MB", 50) * 1024 * 1024),
        )
