"""A list publisher on the loopback interface, for ``lists update`` tests: no test leaves the machine.

``Publisher`` serves files on a port the OS picks, like a publisher's web server: ETags and
Last-Modified, 304 to a conditional request for an unchanged file, and, on request, the ways a
real one fails: a status for the next N requests (404, 500, 503 with Retry-After), a body that
stalls after its headers, a body cut short of its Content-Length, a web page (text/html) in
place of the list. It also answers as an HTTP proxy (a request in absolute form), so that proxies
from the environment can be tested with a host name that does not exist.
"""

from __future__ import annotations

import hashlib
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest


@dataclass
class Route:
    body: bytes
    content_type: str = "application/xml"
    etag: bool = True
    last_modified: float = 1_700_000_000.0
    #: statuses answered, one per request, before the file is served
    failures: list[int] = field(default_factory=list)
    retry_after: str | None = None
    #: "stall": headers, then a pause longer than the client waits; "truncate": half the body
    #: and the connection closed
    mode: str = ""
    stall_seconds: float = 3.0
    #: more headers sent with the file (a Content-Encoding the body is compressed with)
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def tag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    proxied: bool
    status: int = 0


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A client that stops reading (a body over its size limit) is no error of the publisher;
        the default prints a traceback on stderr, where the tests read the client's messages."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class Publisher:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.seen: list[Seen] = []
        publisher = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # quiet in the test output
                pass

            def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
                publisher.answer(self)

            def do_POST(self) -> None:  # noqa: N802 - a POST (an LLM server's API) reads as a GET
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                publisher.answer(self)

        self.server = _QuietServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def serve(self, path: str, body: bytes, **options: object) -> str:
        self.routes[path] = Route(body, **options)  # type: ignore[arg-type]
        return self.url(path)

    def requests(self, path: str) -> list[Seen]:
        return [seen for seen in self.seen if seen.path == path]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        proxied = "://" in handler.path
        path = urlsplit(handler.path).path if proxied else handler.path.split("?")[0]
        seen = Seen(path, dict(handler.headers.items()), proxied)
        self.seen.append(seen)
        route = self.routes.get(path)
        if route is None:
            seen.status = 404
            self._plain(handler, 404, b"not found")
            return
        if route.failures:
            seen.status = route.failures.pop(0)
            extra = {"Retry-After": route.retry_after} if route.retry_after else {}
            self._plain(handler, seen.status, b"failure", extra)
            return
        modified = formatdate(route.last_modified, usegmt=True)
        if (route.etag and handler.headers.get("If-None-Match") == route.tag) or (
            not route.etag and handler.headers.get("If-Modified-Since") == modified
        ):
            seen.status = 304
            handler.send_response(304)
            handler.send_header("ETag", route.tag) if route.etag else None
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        seen.status = 200
        handler.send_response(200)
        handler.send_header("Content-Type", route.content_type)
        handler.send_header("Content-Length", str(len(route.body)))
        handler.send_header("Last-Modified", modified)
        if route.etag:
            handler.send_header("ETag", route.tag)
        for name, value in route.headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        if route.mode == "stall":
            handler.wfile.write(route.body[:100])
            handler.wfile.flush()
            time.sleep(route.stall_seconds)
            handler.close_connection = True
            return
        if route.mode == "truncate":
            handler.wfile.write(route.body[: len(route.body) // 2])
            handler.wfile.flush()
            handler.close_connection = True
            return
        handler.wfile.write(route.body)

    @staticmethod
    def _plain(
        handler: BaseHTTPRequestHandler, status: int, body: bytes, extra: dict[str, str] | None = None
    ) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", "text/plain")
        handler.send_header("Content-Length", str(len(body)))
        for name, value in (extra or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)


@pytest.fixture()
def publisher(monkeypatch: pytest.MonkeyPatch) -> Iterator[Publisher]:
    """A publisher on a free loopback port; proxies from the test's own environment are cleared
    so that requests reach it directly."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    server = Publisher()
    yield server
    server.close()
