"""`joinedup serve --workers 2` on one warehouse, driven over HTTP and from the command line:
a write through one worker is read by both, the command line reads and writes beside them."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import httpx2 as httpx

from joinedup.warehouse import init, served_by_workers
from tests.e2e.support import HEADER, JOINEDUP, PASSWORD, environment, serving

KENT = "E10000016"


def joinedup(db: Path, *args: str, given: str | None = None) -> str:
    command = [JOINEDUP, *args, "--db", str(db)]
    done = subprocess.run(
        command, input=given, capture_output=True, text=True, timeout=120, env=environment()
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def csrf(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, "the page has a form with a CSRF token"
    return found[1]


def test_two_workers_one_warehouse(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    init(db)
    # Each request on a connection of its own, so that requests reach both workers; one client
    # for them all (a client each loaded the certificate store each time: 2.5 s of CPU).
    with (
        serving(db, "--workers", "2") as base,
        httpx.Client(limits=httpx.Limits(max_keepalive_connections=0), timeout=60) as anew,
    ):
        assert served_by_workers(db)
        # Each worker's data version counts the snapshots it has opened: one so far. (A worker
        # that answered nothing while two writes were made opens only the newest, so versions
        # are compared with this, not between workers: that failed one run in four.)
        before = {anew.get(base + "/healthz").json()["data_version"] for _ in range(8)}
        assert before == {1}, before
        # A command-line write beside the workers: it takes its turn and they see it.
        joinedup(
            db,
            "users",
            "add",
            "workers.analyst@kent.gov.uk",
            "--role=partner_analyst",
            "--name=Workers Analyst",
            f"--org={KENT}",
            "--password-stdin",
            given=PASSWORD + "\n",
        )
        client = httpx.Client(base_url=base, follow_redirects=False, timeout=60)
        signed_in = client.post(
            "/login",
            data={
                "email": "workers.analyst@kent.gov.uk",
                "password": PASSWORD,
                "csrf": csrf(client.get("/login").text),
            },
        )
        assert signed_in.status_code == 303
        # A write through a worker...
        submitted = client.post(
            "/ledger/submit",
            data={"year": "2024-25", "csrf": csrf(client.get("/ledger/submit").text)},
            files={"file": ("kent.csv", HEADER + ",,,asc_home_care,council_core,,900000,\n")},
        )
        assert submitted.status_code == 200, submitted.text
        # ... read by every worker (many requests reach both) and by the command line.
        url = f"/api/v1/ledger/summary?council={KENT}&year=2024-25"
        totals = {anew.get(base + url).json()["total_spend"] for _ in range(12)}
        assert totals == {900000.0}
        # Every worker's health check counts the writes: each has opened a newer snapshot.
        after = {anew.get(base + "/healthz").json()["data_version"] for _ in range(8)}
        assert min(after) > max(before), (before, after)
        said = joinedup(db, "ledger", "summary", "--council", KENT, "--year", "2024-25")
        assert "900000" in said and "reading its snapshot" in said
        assert client.get("/healthz").json()["status"] == "ok"
    assert not served_by_workers(db)  # the marker goes with the server
