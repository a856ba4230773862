"""Load test on loopback: 50 concurrent clients on the pages, API figures and the pack.

`joinedup serve` runs on a fresh demonstration warehouse in another process; clients are
asyncio tasks over keep-alive connections. Baseline, in the same run: the trivial
`/api/v1/about` route under the same load. Last, the system page again while a partner uploads
a spend return over and over (each upload is a write: it waits for the write lock, supersedes the
council's figures and refreshes the snapshot), so that the cost of writes to readers shows.
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
#: `joinedup serve --workers N` (1: the server process alone).
WORKERS = int(os.environ.get("JOINEDUP_BENCH_WORKERS", "1"))
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


UPLOADER = "bench.uploader@kent.gov.uk"
PASSWORD = "correct horse battery"
RETURN = (
    "financial_year,system,council,spending_type,funding_source,pooled,amount,description\n"
    ",,,asc_home_care,council_core,,{amount},\n,,,ph_sexual_health,council_core,,"
    "2500000,\n"
)


async def _uploads(base: str, deadline: float) -> tuple[list[float], int]:
    """A partner uploading Kent's return again and again until the deadline."""
    import re

    import httpx2 as httpx

    def token(page: str) -> str:
        found = re.search(r'name="csrf" value="([^"]+)"', page)
        return found[1] if found else ""

    latencies: list[float] = []
    errors = 0
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        login = await client.get("/login")
        await client.post(
            "/login", data={"email": UPLOADER, "password": PASSWORD, "csrf": token(login.text)}
        )
        amount = 900_000_000
        while time.perf_counter() < deadline:
            form = await client.get("/ledger/submit")
            amount += 1_000
            start = time.perf_counter()
            response = await client.post(
                "/ledger/submit",
                data={"year": "2024-25", "csrf": token(form.text)},
                files={"file": ("kent.csv", RETURN.format(amount=amount).encode())},
            )
            latencies.append(time.perf_counter() - start)
            errors += response.status_code != 200
    return latencies, errors


async def _hammer_while_uploading(
    base: str, path: str
) -> tuple[tuple[list[float], int, int], tuple[list[float], int]]:
    deadline = time.perf_counter() + SECONDS
    pages, uploads = await asyncio.gather(_hammer(base, path), _uploads(base, deadline))
    return pages, uploads


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
    from joinedup.users import add_user
    from joinedup.warehouse import Warehouse

    with tempfile.TemporaryDirectory() as work:
        db = Path(work) / "demo.duckdb"
        build(db, seed=1)
        with Warehouse.open(db, write=True) as warehouse:
            add_user(
                warehouse,
                UPLOADER,
                name="Bench Uploader",
                role="partner_analyst",
                organisation_key="E10000016",
                password=PASSWORD,
            )
        port = _free_port()
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "joinedup"),
                "serve",
                "--db",
                str(db),
                "--port",
                str(port),
                "--workers",
                str(WORKERS),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait(base)
            lines = [
                f"{CLIENTS} concurrent clients for {SECONDS:g} s per route, `joinedup serve "
                f"--workers {WORKERS}` on loopback.",
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
            path = ROUTES["system page /systems/E54000008"]
            (latencies, errors, count), (uploads, failed) = asyncio.run(
                _hammer_while_uploading(base, path)
            )
            p95 = _percentile(latencies, 0.95)
            lines.append(
                f"| system page while a partner uploads | {count:,} | {count / SECONDS:,.0f} | "
                f"{statistics.median(latencies) * 1000:,.0f} | {p95 * 1000:,.0f} | "
                f"{_percentile(latencies, 0.99) * 1000:,.0f} | {errors} | "
                f"{statistics.median(latencies) / baseline:.1f} | {p95 / baseline_p95:.1f} |"
            )
            lines += [
                "",
                f"Uploads meanwhile: {len(uploads)} (each a whole return stored, figures "
                f"superseded and the snapshot rewritten), median "
                f"{statistics.median(uploads) * 1000:,.0f} ms, {failed} failed.",
            ]
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
