"""Running the service under uvicorn, with a deadline on request headers.

uvicorn times out idle keep-alive connections but not a client that opens a connection and sends
its headers slowly or never finishes them: a hundred such sockets stay open for good. uvicorn
takes its HTTP protocol as a class (``Config(http=...)``), so the protocol used here is uvicorn's
own with one addition: from the first byte of a request (or the opening of the connection), its
headers must be complete within ``SANCTIONWATCH_HEADER_TIMEOUT`` seconds, or the connection is
closed. The body's pace is held by ``guard.py``.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
from pathlib import Path
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

from sanctionwatch.api.settings import ApiSettings

try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as _Fast
except ImportError:  # httptools is optional in uvicorn; h11 always works
    _Fast = H11Protocol  # type: ignore[assignment,misc]


def _no_delay(transport: asyncio.Transport) -> None:
    """Turn Nagle's algorithm off on a TCP connection. asyncio does this itself only for sockets
    it knows are TCP; with ``--workers N`` uvicorn hands each worker the listening socket by file
    descriptor as an AF_UNIX socket object, so asyncio skips it and every response waits for
    the client's delayed ACK: 40 ms a request on Linux."""
    sock = transport.get_extra_info("socket")
    if sock is None:
        return
    with contextlib.suppress(OSError):  # a real Unix socket, where the option does not exist
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class _HeaderDeadline:
    """Mixed into a uvicorn HTTP protocol: closes a connection whose request headers are not
    complete ``header_timeout`` seconds after they began."""

    header_timeout: float = ApiSettings.from_environment().header_timeout
    transport: asyncio.Transport
    cycle: Any
    loop: asyncio.AbstractEventLoop

    def connection_made(self, transport: asyncio.Transport) -> None:
        _no_delay(transport)
        super().connection_made(transport)  # type: ignore[misc]
        self._deadline: asyncio.TimerHandle | None = None
        self._arm()

    def data_received(self, data: bytes) -> None:
        if self._deadline is None and not self._in_request():
            self._arm()
        super().data_received(data)  # type: ignore[misc]

    def connection_lost(self, exc: Exception | None) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None
        super().connection_lost(exc)  # type: ignore[misc]

    def _in_request(self) -> bool:
        return self.cycle is not None and not self.cycle.response_complete

    def _arm(self) -> None:
        if self.header_timeout > 0:
            waiting_since = self.cycle  # a new request replaces it once its headers are read
            self._deadline = self.loop.call_later(self.header_timeout, self._expire, waiting_since)

    def _expire(self, waiting_since: Any) -> None:
        self._deadline = None
        if self.cycle is waiting_since and not self._in_request() and not self.transport.is_closing():
            self.transport.close()


class HttpToolsProtocol(_HeaderDeadline, _Fast):  # type: ignore[misc]
    """uvicorn's httptools protocol with the header deadline."""


class H11HeaderProtocol(_HeaderDeadline, H11Protocol):  # type: ignore[misc]
    """uvicorn's h11 protocol with the header deadline."""


def uvicorn_options(config: ApiSettings) -> dict[str, Any]:
    """The server settings every way of serving uses."""
    HttpToolsProtocol.header_timeout = H11HeaderProtocol.header_timeout = config.header_timeout
    return {
        "http": HttpToolsProtocol,
        "timeout_keep_alive": 5,
        "h11_max_incomplete_event_size": 64 * 1024,  # headers larger than this are refused
        "log_level": "warning",
    }


def access_logging() -> dict[str, Any]:
    """uvicorn's logging set-up with its access log on (stdout) and its start-up chatter off."""
    import copy

    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["uvicorn"]["level"] = "WARNING"
    config["loggers"]["uvicorn.error"]["level"] = "WARNING"
    config["loggers"]["uvicorn.access"]["level"] = "INFO"
    return config


def _can_open(db: Path | None) -> None:
    """Raise the store's own one-line error (``StoreBusy`` while a load writes it) before the
    server starts: raised inside uvicorn's start-up, it reached the user as two tracebacks."""
    from sanctionwatch import settings
    from sanctionwatch.lists.store import Store

    path = settings.db_path(db)
    if path.exists():
        Store(path, read_only=True).close()


def serve(host: str, port: int, db: Path | None, workers: int = 1) -> None:
    """Serve on ``host:port`` (port 0: one the system picks), saying where on stderr."""
    import sys

    import uvicorn

    config = ApiSettings.from_environment()
    _can_open(db)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    bound = sock.getsockname()[1]
    print(
        f"sanctionwatch serving on http://{host}:{bound} ({workers} worker(s))", file=sys.stderr, flush=True
    )
    if db is not None:
        os.environ["SANCTIONWATCH_DB"] = str(db)  # worker processes read their settings from here
    # an access log on stdout, one line per request; uvicorn's own messages only from warnings up
    options = {**uvicorn_options(config), "log_level": None, "log_config": access_logging()}
    if workers > 1:
        uvicorn.run(
            "sanctionwatch.api.app:app_from_environment",
            factory=True,
            fd=sock.fileno(),
            workers=workers,
            **options,
        )
    else:
        from sanctionwatch.api.app import create_app

        server = uvicorn.Server(uvicorn.Config(create_app(db, config), **options))
        server.run(sockets=[sock])
