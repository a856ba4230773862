"""End to end in headless Chromium (Debian's, never a downloaded browser): the demo served by
`joinedup serve`, a partner signing in, uploading a spreadsheet with an error, fixing it and
seeing the figures change. Screenshots of the main pages go to test-artifacts/screenshots/."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from joinedup.money import money
from tests.demo_cache import DEMO_SEED, cached_demo, copy_demo
from tests.e2e.support import (
    ANALYST,
    HEADER,
    JOINEDUP,
    PASSWORD,
    add_people,
    environment,
    get_json,
    serving,
    shot,
)

BANNER = "Synthetic demonstration data"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory, demo_cache: Path) -> Path:
    """A copy of the session's cached demo for this module's server to change."""
    db = copy_demo(
        cached_demo(demo_cache, seed=DEMO_SEED), tmp_path_factory.mktemp("e2e") / "demo.duckdb"
    )
    add_people(db)
    return db


@pytest.fixture(scope="module")
def server(demo_db: Path) -> Iterator[str]:
    """The demo served for the tests that upload: the shared one (``served_demo``) stays as
    it is."""
    with serving(demo_db) as base:
        yield base


def test_pages_carry_the_synthetic_banner(served_demo: str, browser: Any) -> None:
    server = served_demo
    page = browser.new_page()
    for path, name in (
        ("/", "england"),
        ("/systems/E54000008", "system"),
        ("/councils/E10000012", "council"),
        ("/compare/spend/prevention_share?system=QYG", "compare-spend"),
        ("/compare/metrics/discharge_usual_residence", "compare-metric"),
    ):
        page.goto(server + path)
        assert page.get_by_role("note").inner_text().startswith(BANNER)
        shot(page, name)
    page.goto(server + "/")
    assert page.locator("a[href^='/systems/E54']").count() == 42
    # The map: 42 linked shapes, a link's accessible name its system and value.
    assert page.locator("figure.map-figure svg a").count() == 42
    page.goto(server + "/systems/E54000008")
    assert page.locator("figure.metric-chart svg[role=img]").count() >= 10
    page.close()


def test_published_figures_are_marked_and_a_missing_return_is_named(
    served_demo: str, browser: Any
) -> None:
    server = served_demo
    page = browser.new_page()
    page.goto(server + "/systems/QHL")
    section = page.get_by_role("region", name="Published figures, 2024-25")
    assert section.get_by_text("published", exact=True).is_visible()
    assert "Birmingham (E08000025): not received" in section.inner_text()
    assert "published" in page.get_by_role("note").inner_text()
    shot(page, "system-published")
    page.goto(server + "/compare/published/adult_social_care_gbp")
    assert page.locator("a[href^='/systems/E54']").count() == 42
    shot(page, "compare-published")
    page.close()


def test_sign_in_upload_an_error_fix_it_and_see_the_figures_change(
    server: str, browser: Any, tmp_path: Path
) -> None:
    before = get_json(f"{server}/api/v1/ledger/summary?council=E10000016&year=2024-25")
    page = browser.new_page()
    page.goto(server + "/login")
    page.fill("#email", ANALYST)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(server + "/")
    assert page.get_by_text("Kent Analyst").is_visible()

    bad = tmp_path / "kent.csv"
    bad.write_text(
        HEADER + ",,,asc_home_care,council_core,,900000000,\n,,,asc_day_care,council_core,,lots,\n"
    )
    page.goto(server + "/ledger/submit")
    page.set_input_files("#file", str(bad))
    page.click("form.form button[type=submit]")
    problems = page.locator("#problems")
    assert "'lots' is not an amount in pounds" in problems.inner_text()
    assert problems.locator("tbody tr").count() == 1
    shot(page, "submit-with-error")

    good = tmp_path / "kent-fixed.csv"
    good.write_text(
        HEADER + ",,,asc_home_care,council_core,,900000000,\n"
        ",,,asc_day_care,council_core,,1000000,\n"
    )
    page.set_input_files("#file", str(good))
    page.click("form.form button[type=submit]")
    assert "Stored submission" in page.locator("#stored").inner_text()
    shot(page, "submit-stored")
    after = get_json(f"{server}/api/v1/ledger/summary?council=E10000016&year=2024-25")
    assert after["total_spend"] != before["total_spend"]
    assert page.locator("#total-spend").inner_text() == money(after["total_spend"])
    page.close()


def test_the_command_line_reads_while_the_server_serves(
    server: str, demo_db: Path, tmp_path: Path
) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        found = subprocess.run(
            [JOINEDUP, *args, "--db", str(demo_db)],
            capture_output=True,
            text=True,
            timeout=120,
            env=environment(),
        )
        assert found.returncode == 0, found.stderr
        assert "reading its snapshot of" in found.stderr  # told that it reads the server's copy
        return found

    summary = run("ledger", "summary", "--system", "QYG", "--format", "json")
    assert json.loads(summary.stdout)["code"] == "E54000008"
    # The pack as HTML reads all that the PDF does. The PDF's layout and the open-data export
    # are tested on the same demo elsewhere (tests/publish/); here they would cost seconds of
    # rendering and writing for no more reading.
    run("report", "scrutiny", "--council", "Kent", "-o", str(tmp_path / "kent.html"))
    assert "Kent" in (tmp_path / "kent.html").read_text(encoding="utf-8")
    busy = subprocess.run(
        [JOINEDUP, "init", "--db", str(demo_db)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert busy.returncode != 0 and "in use by joinedup serve" in busy.stderr
    assert "version" in get_json(f"{server}/api/v1/about")  # and the server still answers
