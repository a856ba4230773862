"""Load test on loopback: 50 concurrent clients on the pages, API figures and the pack.

`joinedup serve` runs on a fresh demonstration warehouse in another process; clients are
asyncio tasks over keep-alive connections. Baseline, in the same run: the trivial
`/api/v1/about` route under the same load.
"""

from __future__ import annotations

import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CLIENTS = 50
SECONDS = float(os.environ.get("JOINEDUP_BENCH_LOAD_SECONDS", "10"))
ROUTES = {
    "baseline: /api/v1/about": "/api/v1/about",
    "system page /systems/E54000008": "/systems/E54000008",
    "council page /councils/E10000016": "/councils/E10000016",
    "comparison page /compare/spend/per_head?system=QYG": "/compare/spend/per_head?system=QYG",
    "system API /api/v1/ledger/summary?system=E54000008": "/api/v1/ledger/summary?system=E54000008",
    "system metrics API /api/v1/metrics/areas/E54000008": "/api/v1/metrics/areas/E54000008",
    "published API /api/v1/published?system=E54000008": "/api/v1/published?system=E54000008",
    "scrutiny pack PDF /councils/E10000016/scrutiny-pack.pdf": (
        "/councils/E10000016/scrutiny-pack.pdf"
    ),
}
#: Goal (issue 14): every page's p95 within this many times the baseline's p95, with no errors.
P95_GOAL = 2.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _hammer(base: str, path: str) -> tuple[list[float], int, int]:
    import httpx2 as httpx

    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + SECONDS
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:

        async def worker() -> None:
            nonlocal errors
            while time.perf_counter() < deadline:
                start = time.perf_counter()
                try:
                    response = await client.get(path)
                    if response.status_code >= 400:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1
                latencies.append(time.perf_counter() - start)

        await asyncio.gather(*(worker() for _ in range(CLIENTS)))
    return latencies, errors, len(latencies)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def load() -> list[str]:
    from joinedup.demo import build

    with tempfile.TemporaryDirectory() as work:
        db = Path(work) / "demo.duckdb"
        build(db, seed=1)
        port = _free_port()
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "joinedup"),
                "serve",
                "--db",
                str(db),
                "--port",
                str(port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait(base)
            lines = [
                f"{CLIENTS} concurrent clients for {SECONDS:g} s per route, one `joinedup serve` "
                "process (uvicorn, one worker) on loopback.",
                "",
                "| route | requests | req/s | p50 ms | p95 ms | p99 ms | errors | p50 / baseline "
                "| p95 / baseline p95 |",
                "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            ]
            baseline = baseline_p95 = 0.0
            for label, path in ROUTES.items():
                _warm(base, path)  # the first request of each route is the cold path, timed apart
                latencies, errors, count = asyncio.run(_hammer(base, path))
                p50 = statistics.median(latencies)
                p95 = _percentile(latencies, 0.95)
                baseline = baseline or p50
                baseline_p95 = baseline_p95 or p95
                lines.append(
                    f"| {label} | {count:,} | {count / SECONDS:,.0f} | {p50 * 1000:,.0f} | "
                    f"{p95 * 1000:,.0f} | "
                    f"{_percentile(latencies, 0.99) * 1000:,.0f} | {errors} | "
                    f"{p50 / baseline:.1f} | {p95 / baseline_p95:.1f} |"
                )
            lines += ["", f"Goal: p95 / baseline p95 at most {P95_GOAL:g}, no errors.", ""]
            lines += [f"Cold first request: {label} {ms:,.0f} ms" for label, ms in COLD.items()]
        finally:
            server.terminate()
            server.wait(timeout=10)
    return lines


COLD: dict[str, float] = {}


def _warm(base: str, path: str) -> None:
    import httpx2 as httpx

    start = time.perf_counter()
    httpx.get(f"{base}{path}", timeout=120)
    COLD[path] = (time.perf_counter() - start) * 1000


def _wait(base: str) -> None:
    import httpx2 as httpx

    for _ in range(150):
        try:
            httpx.get(f"{base}/api/v1/about", timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError("joinedup serve did not start")
