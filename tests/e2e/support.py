"""What the browser tests share: `joinedup serve` on a free port, the people who sign in, and
screenshots to test-artifacts/screenshots/ (with ``--screenshots``)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

#: Debian's Chromium, as its headless shell (package ``chromium-headless-shell``: the build of the
#: same source that Playwright itself runs headless) or the full browser (package ``chromium``).
#: The shell has no browser UI, so a new page starts none of the UI's own renderers: Chromium's
#: CPU in the browser tests 62 s to 37 s. ``JOINEDUP_CHROMIUM`` names another.
CHROMIUM_BUILDS = ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium")
CHROMIUM = os.environ.get("JOINEDUP_CHROMIUM") or next(
    (build for build in CHROMIUM_BUILDS if Path(build).exists()), CHROMIUM_BUILDS[0]
)
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PASSWORD = "correct horse battery"
HEADER = "financial_year,system,council,spending_type,funding_source,pooled,amount,description\n"
#: An administrator, who keeps every board's registers, and a partner analyst of Kent.
ADMIN, ANALYST = "admin@example.org", "analyst@kent.gov.uk"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def add_people(db: Path) -> None:
    """The administrator and Kent's analyst, with the tests' password."""
    from joinedup.users import add_user
    from joinedup.warehouse import Warehouse

    with Warehouse.open(db, write=True) as warehouse:
        add_user(
            warehouse,
            ADMIN,
            name="Ada Admin",
            role="system_admin",
            organisation_key=None,
            password=PASSWORD,
        )
        add_user(
            warehouse,
            ANALYST,
            name="Kent Analyst",
            role="partner_analyst",
            organisation_key="E10000016",
            password=PASSWORD,
        )


#: The ``joinedup`` command of this environment.
JOINEDUP = str(Path(sys.executable).parent / "joinedup")


def environment() -> dict[str, str]:
    """The environment of a ``joinedup`` command or server a test starts: the tests' drawing
    folder, shared (tests/conftest.py: a command that drew its charts anew spent seconds), and
    their DuckDB threads."""
    from joinedup.publish.drawings import on_disk
    from joinedup.warehouse import connection_config

    settings = dict(os.environ)
    drawn = on_disk()
    if drawn is not None:
        settings["JOINEDUP_DRAWING_CACHE"] = str(drawn)
    threads = connection_config().get("threads")
    if threads is not None:
        settings["JOINEDUP_WAREHOUSE_THREADS"] = str(threads)
    return settings


@contextmanager
def serving(db: Path, *options: str) -> Iterator[str]:
    """`joinedup serve` on a free loopback port, once it answers; stopped on leaving.

    What the server says (a line for every request it answers) goes to a file beside the
    warehouse, not a pipe: a pipe nobody reads fills after some hundreds of requests, and the
    server then stops, waiting to write its log.
    """
    port = free_port()
    log = db.with_name(f"{db.name}.serve-{port}.log")
    with log.open("wb") as said:
        process = subprocess.Popen(
            [JOINEDUP, "serve", "--db", str(db), "--port", str(port), *options],
            stdout=said,
            stderr=subprocess.STDOUT,
            env=environment(),
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                get_json(f"{base}/api/v1/about")
                break
            except OSError:
                time.sleep(0.2)
        else:
            process.kill()
            process.wait(timeout=10)
            raise RuntimeError(f"joinedup serve did not start: {log.read_text(errors='replace')}")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


#: Whether :func:`shot` writes: pytest's ``--screenshots`` option (set in tests/e2e/conftest.py).
#: A full-page capture costs Chromium about half a second of CPU, a tenth of the browser tests'
#: time, for pictures that no assertion reads: written when asked for (CI does, .ci/run).
screenshots_wanted = False


def shot(page: Any, name: str) -> None:
    """The whole page as test-artifacts/screenshots/``name``.png, when ``--screenshots`` is on."""
    if not screenshots_wanted:
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
