"""The service under hostile clients (issue 19): bodies held to their limit however they are
sent, keys checked before a body is read, slow clients cut off, long queries off the event loop,
4xx for every bad value with no server path in it, rate limits per client and bounded."""

from __future__ import annotations

import gzip
import io
import json
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

from sanctionwatch.api.app import create_app
from sanctionwatch.api.security import RateLimiter
from sanctionwatch.api.server import uvicorn_options
from sanctionwatch.api.settings import ApiSettings
from tests.api.conftest import KEY
from tests.maritime.factories import mc_row, write_marinecadastre

POST = b"POST /match/default HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
LIMITS = ApiSettings(
    api_keys=(KEY,),
    rate_limit=0,
    max_body_bytes=1024 * 1024,
    max_upload_bytes=256 * 1024,
    header_timeout=1.0,
    body_timeout=1.0,
    min_body_rate=1000.0,
)


@pytest.fixture(scope="module")
def live(api_db: Path) -> Iterator[tuple[str, int]]:
    """The app under uvicorn as ``serve`` runs it, with small limits and short timeouts."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(create_app(api_db, LIMITS), **uvicorn_options(LIMITS))
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.1)
    yield "127.0.0.1", sock.getsockname()[1]
    server.should_exit = True
    thread.join(timeout=15)


def exchange(
    address: tuple[str, int], head: bytes, body: Iterator[bytes] = iter(()), pause: float = 0
) -> bytes:
    """Send a raw request, its body piece by piece from another thread, and return what the
    server answers, as soon as it does (the body may still be on its way)."""
    with socket.create_connection(address, timeout=30) as conn:
        conn.sendall(head)

        def send() -> None:
            try:
                for piece in body:
                    conn.sendall(piece)
                    time.sleep(pause)
            except OSError:
                pass  # the server answered and closed while we were still sending

        sender = threading.Thread(target=send, daemon=True)
        sender.start()
        answer = b""
        while chunk := _recv(conn):
            answer += chunk
            if b"\r\n\r\n" in answer and answer.rstrip().endswith(b"}"):
                break
        conn.shutdown(socket.SHUT_RDWR)
    return answer


def _recv(conn: socket.socket) -> bytes:
    try:
        return conn.recv(65536)
    except (ConnectionResetError, TimeoutError):
        return b""


def test_a_chunked_body_is_held_to_the_limit(live: tuple[str, int]) -> None:
    head = POST + b"Transfer-Encoding: chunked\r\n\r\n"
    sent = []

    def chunks() -> Iterator[bytes]:
        yield b'6\r\n{"a":"\r\n'
        for _ in range(2000):  # 2000 x 8 KB = 16 MB, far past the 1 MB limit
            sent.append(1)
            yield b"2000\r\n" + b"x" * 8192 + b"\r\n"

    answer = exchange(live, head, chunks())
    assert answer.startswith(b"HTTP/1.1 413") and b"larger than" in answer
    assert len(sent) < 1000  # answered before the client had sent half of it: nothing buffered it


def test_a_declared_length_over_the_limit_is_refused_before_reading(live: tuple[str, int]) -> None:
    head = POST + b"Content-Length: 20000000\r\n\r\n"
    assert exchange(live, head).startswith(b"HTTP/1.1 413")


def test_an_unauthenticated_upload_is_refused_before_it_is_read(live: tuple[str, int]) -> None:
    before = set(Path(tempfile.gettempdir()).glob("sanctionwatch-upload-*"))
    head = (
        b"POST /ais/detect HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
        b"Content-Length: 200000\r\n\r\n"
    )
    answer = exchange(live, head)  # no body sent at all: the answer cannot have waited for it
    assert answer.startswith(b"HTTP/1.1 401") and b"API key" in answer
    assert set(Path(tempfile.gettempdir()).glob("sanctionwatch-upload-*")) == before


def test_a_body_that_trickles_in_is_cut_off(live: tuple[str, int]) -> None:
    head = POST + b"Content-Length: 100\r\n\r\n"
    answer = exchange(live, head, iter([b"{"] * 100), pause=0.5)
    assert answer.startswith(b"HTTP/1.1 408") and b"too slow" in answer


def test_connections_with_unfinished_headers_are_closed(live: tuple[str, int]) -> None:
    sockets = [socket.create_connection(live, timeout=30) for _ in range(20)]
    for conn in sockets:
        conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
    closed = [_recv(conn) == b"" for conn in sockets]  # recv returns b"" once the server closes
    for conn in sockets:
        conn.close()
    assert all(closed)
    assert httpx.get(f"http://{live[0]}:{live[1]}/healthz").status_code == 200  # the server is fine


def test_healthz_answers_while_a_long_query_runs(
    live: tuple[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A query that holds its worker must not hold the event loop: the screening is made to
    wait until /healthz has answered, so the order is decided by the server, not by timing."""
    from sanctionwatch.api.service import Service

    started, release = threading.Event(), threading.Event()
    original = Service.match

    def held_match(self: Service, *args: object, **kwargs: object) -> object:
        started.set()
        assert release.wait(120), "the test never released the query"
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Service, "match", held_match)
    body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Kim Jong Un"]}}}}
    url = f"http://{live[0]}:{live[1]}"
    finished: list[str] = []

    def long_query() -> None:
        response = httpx.post(f"{url}/match/default", json=body, timeout=180)
        finished.append(f"match {response.status_code}")

    worker = threading.Thread(target=long_query)
    worker.start()
    try:
        assert started.wait(120), "the query never reached the screener"
        assert httpx.get(f"{url}/healthz", timeout=60).status_code == 200
        finished.append("healthz")
    finally:
        release.set()
        worker.join(timeout=180)
    assert finished == ["healthz", "match 200"]


def test_bad_values_are_4xx_without_server_paths(client: TestClient) -> None:
    surrogate = '{"queries": {"q": {"schema": "Person", "properties": {"name": ["Kim\\ud800"]}}}}'
    responses = [
        client.post("/match/default", content=surrogate, headers={"content-type": "application/json"}),
        client.post(
            "/match/default",
            json={
                "queries": {
                    "q": {"schema": "Person", "properties": {"name": ["Kim"], "birthDate": ["1984-02-30"]}}
                }
            },
        ),
        client.post("/claims", json={"text": "x" * 1_000_001}, headers={"X-API-Key": KEY}),
        client.post(
            "/claims",
            content='{"text": "North Korea \\udfff"}',
            headers={"X-API-Key": KEY, "content-type": "application/json"},
        ),
    ]
    for response in responses:
        assert 400 <= response.status_code < 500, response.text
        assert json.loads(response.text)["detail"]


def test_a_query_string_that_is_not_utf8_is_refused_not_replaced(client: TestClient) -> None:
    """``%FF`` would reach the route as U+FFFD and be searched for: a name nobody asked for."""
    bad = client.get("/search/default?q=Kim%FF")
    good = client.get("/search/default?q=Kim%20%EA%B9%80")  # "Kim 김", valid UTF-8
    assert bad.status_code == 400, bad.text
    assert "UTF-8" in json.loads(bad.text)["detail"]
    assert good.status_code == 200, good.text


def _upload(client: TestClient, name: str, data: bytes) -> httpx.Response:
    files = {"file": (name, io.BytesIO(data), "application/octet-stream")}
    return client.post("/ais/detect", files=files, headers={"X-API-Key": KEY})


def test_broken_uploads_are_4xx_naming_the_upload_not_the_server(client: TestClient, tmp_path: Path) -> None:
    rows = [mc_row(445000001, 1_717_200_000 + i * 600, 39.9, 127.0, 0.1, "X", "") for i in range(40)]
    csv = write_marinecadastre(tmp_path / "ais.csv", rows).read_bytes()
    truncated = gzip.compress(csv)[:-40]
    parquet = b"PAR1" + b"\x00garbage" * 50 + b"PAR1"
    for name, data in (("ais.csv.gz", truncated), ("ais.parquet", parquet), ("ais.csv", b"hello")):
        response = _upload(client, name, data)
        assert 400 <= response.status_code < 500, (name, response.text)
        detail = response.json()["detail"]
        assert tempfile.gettempdir() not in detail and "sanctionwatch-upload" not in detail, detail


def test_html_pages_have_a_content_security_policy(client: TestClient) -> None:
    for path in (
        "/ui/screen",
        "/ui/claims",
        "/ui/incidents",
        "/docs",
        "/reconcile/default/preview?id=KPi.023",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        policy = response.headers["content-security-policy"]
        scripts = policy.split("script-src")[1].split(";")[0]
        assert "default-src 'none'" in policy and "unsafe-inline" not in scripts, (path, policy)
        assert response.headers["x-content-type-options"] == "nosniff"


def test_rate_limit_is_per_key_when_a_client_has_one(api_db: Path) -> None:
    app = create_app(api_db, ApiSettings(api_keys=(KEY,), rate_limit=0.01, rate_burst=2))
    with TestClient(app) as client:
        statuses = [client.get("/healthz").status_code for _ in range(3)]
        assert statuses == [200, 200, 429]
        keyed = [client.get("/healthz", headers={"X-API-Key": KEY}).status_code for _ in range(3)]
        assert keyed == [200, 200, 429]  # its own bucket, not the address's empty one
        assert (
            client.get("/healthz", headers={"X-API-Key": "guess"}).status_code == 429
        )  # a bad key is no key


def test_rate_limit_buckets_are_bounded() -> None:
    limiter = RateLimiter(rate=1000, burst=5, max_clients=100)
    for number in range(5000):
        assert limiter.allow(f"address:10.0.{number // 256}.{number % 256}")
    assert len(limiter.buckets) <= 100
