"""Service settings, from ``SANCTIONWATCH_*`` environment variables.

| variable | meaning | default |
|---|---|---|
| ``SANCTIONWATCH_API_KEYS`` | comma-separated keys accepted for writes and uploads | none (writes refused) |
| ``SANCTIONWATCH_API_OPEN`` | ``false`` makes the read endpoints require a key too | ``true`` |
| ``SANCTIONWATCH_RATE_LIMIT`` | requests per second per client or key, per server process (0: off) | ``50`` |
| ``SANCTIONWATCH_RATE_BURST`` | requests a client may send at once | ``200`` |
| ``SANCTIONWATCH_MAX_UPLOAD_MB`` | largest upload (``/ais/detect``) | ``50`` |
| ``SANCTIONWATCH_MAX_BODY_MB`` | largest body of any other request (JSON, forms) | ``8`` |
| ``SANCTIONWATCH_HEADER_TIMEOUT`` | seconds a client has to send a request's headers | ``10`` |
| ``SANCTIONWATCH_BODY_TIMEOUT`` | seconds of grace before a body must arrive at the minimum rate | ``10`` |
| ``SANCTIONWATCH_MIN_BODY_RATE`` | bytes per second a body must average after the grace | ``1024`` |
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from sanctionwatch.errors import ConfigError

MB = 1024 * 1024


def _number(name: str, default: float) -> float:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = float(value)
    except ValueError:
        raise ConfigError(f"{name}={value!r} is not a number") from None
    if number < 0 or number != number:
        raise ConfigError(f"{name}={value!r} must be zero or more")
    return number


@dataclass(frozen=True)
class ApiSettings:
    api_keys: tuple[str, ...] = field(default_factory=tuple)
    open_reads: bool = True
    rate_limit: float = 50.0
    rate_burst: float = 200.0
    max_upload_bytes: int = 50 * MB
    max_body_bytes: int = 8 * MB
    header_timeout: float = 10.0
    body_timeout: float = 10.0
    min_body_rate: float = 1024.0

    @classmethod
    def from_environment(cls) -> ApiSettings:
        keys = tuple(k.strip() for k in os.environ.get("SANCTIONWATCH_API_KEYS", "").split(",") if k.strip())
        return cls(
            api_keys=keys,
            open_reads=os.environ.get("SANCTIONWATCH_API_OPEN", "true").strip().lower()
            not in ("false", "0", "no"),
            rate_limit=_number("SANCTIONWATCH_RATE_LIMIT", 50.0),
            rate_burst=_number("SANCTIONWATCH_RATE_BURST", 200.0),
            max_upload_bytes=int(_number("SANCTIONWATCH_MAX_UPLOAD_MB", 50) * MB),
            max_body_bytes=int(_number("SANCTIONWATCH_MAX_BODY_MB", 8) * MB),
            header_timeout=_number("SANCTIONWATCH_HEADER_TIMEOUT", 10.0),
            body_timeout=_number("SANCTIONWATCH_BODY_TIMEOUT", 10.0),
            min_body_rate=_number("SANCTIONWATCH_MIN_BODY_RATE", 1024.0),
        )
