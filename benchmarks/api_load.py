"""API load benchmark: ``sanctionwatch serve`` on loopback, /match driven by concurrent
keep-alive clients for a bounded time, with the rate limit off and on (on: a limit above the
load offered, so that what is measured is its cost, not its refusals); requests per second,
p50/p99 latency and errors. Then, with a 30,000-word query in flight, how long /healthz takes.

yente's own figure beside it: about 4 requests per second per vCPU with logic-v2 and the default
50 candidates (yente's documentation, "Scaling", https://yente.followthemoney.tech/deploy/scaling/).

    python benchmarks/api_load.py [--seconds 15] [--concurrency 4] [--workers 2]
    python benchmarks/api_load.py --in-process     # the app's own cost, to compare commits
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
from rich.console import Console

from sanctionwatch.lists.bundled import load_bundled
from sanctionwatch.lists.store import Store

QUERIES = Path(__file__).parent / "screening_eval" / "queries.csv"
SCHEMA = {"person": "Person", "organization": "Company", "vessel": "Vessel", "any": "LegalEntity"}
YENTE_PER_CPU = 4.0


def bodies() -> list[dict]:
    with QUERIES.open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["name"]]
    return [
        {"queries": {"q": {"schema": SCHEMA[r["type"]], "properties": {"name": [r["name"]]}}}} for r in rows
    ]


async def drive(port: int, seconds: float, concurrency: int) -> tuple[list[float], int]:
    """Keep-alive connections sending prepared requests: a client light enough not to be the
    bottleneck on a 2-core machine that also runs the server."""
    requests = []
    for body in bodies():
        data = json.dumps(body).encode()
        head = (
            f"POST /match/default HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(data)}\r\n\r\n"
        ).encode()
        requests.append(head + data)
    latencies: list[float] = []
    failures = 0
    statuses: dict[bytes, int] = {}
    stop = time.perf_counter() + seconds

    async def worker(offset: int) -> None:
        nonlocal failures
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        number = offset
        while time.perf_counter() < stop:
            started = time.perf_counter()
            writer.write(requests[number % len(requests)])
            status = await reader.readline()
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            if b" 200 " not in status:
                failures += 1
                statuses[status[9:12]] = statuses.get(status[9:12], 0) + 1
            number += concurrency
        writer.close()

    await asyncio.gather(*(worker(i) for i in range(concurrency)))
    return latencies, failures


def start(db: Path, workers: int, env: dict[str, str]) -> tuple[subprocess.Popen[str], str, int]:
    """``sanctionwatch serve`` on a port the system picks; its URL once /readyz answers."""
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sanctionwatch",
            "serve",
            "--port",
            "0",
            "--db",
            str(db),
            "--workers",
            str(workers),
        ],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert server.stderr is not None
    line = server.stderr.readline()
    if "serving on" not in line:
        raise SystemExit(f"the server did not start: {line}{server.stderr.read()}")
    url = line.split("serving on ")[1].split()[0]
    deadline = time.monotonic() + 300
    while True:
        try:
            if httpx.get(f"{url}/readyz", timeout=5).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            raise SystemExit("the server did not become ready")
        time.sleep(0.5)
    return server, url, int(url.rsplit(":", 1)[1])


def healthz_during_long_query(url: str, words: int = 30_000) -> tuple[float, float, int]:
    """(slowest /healthz in ms, the long query's seconds, /healthz answers) while a query of
    ``words`` words is screened. One name of 30,000 words is refused at once (names over 1,000
    characters are not screened), so the words go as the longest query the service accepts:
    names of 150 words (under 1,000 characters each)."""
    tokens = [f"kim{i % 97} jong{i % 89} un{i % 83}" for i in range(words // 3)]
    names = [" ".join(tokens[i : i + 50]) for i in range(0, len(tokens), 50)]
    body = {"queries": {"q": {"schema": "Person", "properties": {"name": names}}}}
    done: list[float] = []

    def long_query() -> None:
        started = time.perf_counter()
        answer = httpx.post(f"{url}/match/default", json=body, timeout=300)
        if answer.status_code != 200:
            raise SystemExit(f"the long query was refused: {answer.status_code} {answer.text[:200]}")
        done.append(time.perf_counter() - started)

    slowest, answers = 0.0, 0
    with httpx.Client(timeout=60) as client:
        client.get(f"{url}/healthz")  # the connection is open before the long query starts
        thread = threading.Thread(target=long_query)
        thread.start()
        while not done:
            started = time.perf_counter()
            client.get(f"{url}/healthz")
            slowest = max(slowest, time.perf_counter() - started)
            answers += 1
            time.sleep(0.002)
    thread.join()
    return slowest * 1000, done[0], answers


def in_process(db: Path, count: int = 400) -> float:
    """Milliseconds a /match request costs the app itself, with no server or network: ``count``
    queries one after another through httpx's ASGI transport, after a warm-up pass. Less
    sensitive to a busy machine than the load test, so two commits can be compared."""
    from sanctionwatch.api.app import create_app
    from sanctionwatch.api.settings import ApiSettings

    app = create_app(db, ApiSettings(rate_limit=0))
    sample = bodies()[:count]

    async def run() -> float:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
                for body in sample:
                    await client.post("/match/default", json=body)
                started = time.perf_counter()
                for body in sample:
                    await client.post("/match/default", json=body)
                return (time.perf_counter() - started) / len(sample) * 1000

    return asyncio.run(run())


def main() -> None:
    parser = argparse.ArgumentParser(description="load /match on loopback")
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--in-process", action="store_true", help="only the app's own cost per request")
    args = parser.parse_args()
    console = Console()
    cpus = os.cpu_count() or 1
    modes = {
        "rate limit off": {"SANCTIONWATCH_RATE_LIMIT": "0"},
        "rate limit on": {"SANCTIONWATCH_RATE_LIMIT": "100000", "SANCTIONWATCH_RATE_BURST": "100000"},
    }
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.duckdb"
        with Store(db) as store:
            load_bundled(store)
        if args.in_process:
            console.print(f"/match in process: {in_process(db):.2f} ms a request")
            return
        for mode, env in modes.items():
            server, url, port = start(db, args.workers, env)
            try:
                asyncio.run(drive(port, 2, args.concurrency))  # warm-up
                latencies, failures = asyncio.run(drive(port, args.seconds, args.concurrency))
                slowest, long_seconds, answers = healthz_during_long_query(url)
            finally:
                server.terminate()
                server.wait(timeout=30)
            latencies.sort()
            rate = len(latencies) / args.seconds
            p50 = statistics.median(latencies) * 1000
            p99 = latencies[max(0, int(len(latencies) * 0.99) - 1)] * 1000
            console.print(
                f"/match, {mode}: {args.workers} server workers, {args.concurrency} keep-alive clients,"
                f" {args.seconds:g} s: {len(latencies):,} requests, {failures} errors,"
                f" {rate:,.0f} requests/s, p50 {p50:.1f} ms, p99 {p99:.1f} ms"
            )
            console.print(
                f"  /healthz while a 30,000-word query ran ({long_seconds:.1f} s): slowest of {answers}"
                f" answers {slowest:.1f} ms"
            )
        shutil.rmtree(folder, ignore_errors=True)
    console.print(
        f"yente, logic-v2 (documented, per vCPU): {YENTE_PER_CPU:g} requests/s x {cpus} CPUs ="
        f" {YENTE_PER_CPU * cpus:g}"
    )


if __name__ == "__main__":
    main()
