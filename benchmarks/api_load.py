"""API load benchmark: the server on loopback, /match driven by a concurrent client for a bounded
time; requests per second and p50/p99 latency. yente documents about 4 requests per second per
CPU with logic-v2.

    python benchmarks/api_load.py [--seconds 20] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
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
            failures += b" 200 " not in status
            number += concurrency
        writer.close()

    await asyncio.gather(*(worker(i) for i in range(concurrency)))
    return latencies, failures


def main() -> None:
    parser = argparse.ArgumentParser(description="load /match on loopback")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.duckdb"
        with Store(db) as store:
            load_bundled(store)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        env = {**os.environ, "SANCTIONWATCH_RATE_LIMIT": "0"}
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "sanctionwatch",
                "serve",
                "--port",
                str(port),
                "--db",
                str(db),
                "--workers",
                str(args.workers),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit(
                        f"the server did not start: {server.stderr.read().decode() if server.stderr else ''}"
                    )
                time.sleep(0.5)
            asyncio.run(drive(port, 2, args.concurrency))  # warm-up
            latencies, failures = asyncio.run(drive(port, args.seconds, args.concurrency))
        finally:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
    latencies.sort()
    rate = len(latencies) / args.seconds
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000
    cpus = os.cpu_count() or 1
    console = Console()
    console.print(
        f"/match on loopback, {args.workers} server workers, {args.concurrency} concurrent clients,"
        f" {args.seconds:g} s:"
        f" {len(latencies):,} requests, {failures} failed, {rate:,.0f} requests/s,"
        f" p50 {p50:.1f} ms, p99 {p99:.1f} ms"
    )
    console.print(
        f"yente with logic-v2 (documented): {YENTE_PER_CPU:g} requests/s per CPU x {cpus} CPUs ="
        f" {YENTE_PER_CPU * cpus:g}; ratio {rate / (YENTE_PER_CPU * cpus):,.0f}x"
    )


if __name__ == "__main__":
    main()
