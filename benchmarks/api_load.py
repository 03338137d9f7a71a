"""API load benchmark: the server on loopback, /match driven by a concurrent client for a bounded
time; requests per second and p50/p99 latency. yente documents about 4 requests per second per
CPU with logic-v2.

    python benchmarks/api_load.py [--seconds 20] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
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


async def drive(url: str, seconds: float, concurrency: int) -> tuple[list[float], int]:
    payloads = bodies()
    latencies: list[float] = []
    failures = 0
    stop = time.perf_counter() + seconds
    async with httpx.AsyncClient(base_url=url, timeout=10) as client:

        async def worker(offset: int) -> None:
            nonlocal failures
            number = offset
            while time.perf_counter() < stop:
                started = time.perf_counter()
                response = await client.post("/match/default", json=payloads[number % len(payloads)])
                latencies.append(time.perf_counter() - started)
                failures += response.status_code != 200
                number += concurrency

        await asyncio.gather(*(worker(i) for i in range(concurrency)))
    return latencies, failures


def main() -> None:
    parser = argparse.ArgumentParser(description="load /match on loopback")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--concurrency", type=int, default=16)
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
            [sys.executable, "-m", "sanctionwatch", "serve", "--port", str(port), "--db", str(db)],
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
            asyncio.run(drive(url, 2, args.concurrency))  # warm-up
            latencies, failures = asyncio.run(drive(url, args.seconds, args.concurrency))
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
        f"/match on loopback, {args.concurrency} concurrent clients, {args.seconds:g} s:"
        f" {len(latencies):,} requests, {failures} failed, {rate:,.0f} requests/s,"
        f" p50 {p50:.1f} ms, p99 {p99:.1f} ms"
    )
    console.print(
        f"yente with logic-v2 (documented): {YENTE_PER_CPU:g} requests/s per CPU x {cpus} CPUs ="
        f" {YENTE_PER_CPU * cpus:g}; ratio {rate / (YENTE_PER_CPU * cpus):,.0f}x"
    )


if __name__ == "__main__":
    main()
