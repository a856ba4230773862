"""WCAG 2.2 AA in headless Chromium: axe-core (bundled by axe-playwright-python) on every page,
signed in and out, on the demo and on an empty warehouse; no page wider than a 360 px phone, with
phone screenshots in test-artifacts/screenshots/; the skip link and visible focus by keyboard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.e2e.support import ADMIN, ANALYST, HEADER, PASSWORD, shot

PHONE = {"width": 360, "height": 740}
#: The rules axe runs: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and Deque's best practices.
#: Only violations are gathered in full (axe's ``resultTypes``): every rule still runs on every
#: element, but the passes are not written out, which halves the time a chart-heavy page takes.
RULES = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
#: Impacts that fail a page; moderate and minor ones are printed.
FAILING = ("serious", "critical")

#: Pages anyone can see, as (path, name): every kind of page the web app has.
PUBLIC = [
    ("/", "england"),
    ("/systems/E54000008", "system"),
    ("/systems/QHL", "system-published"),
    ("/councils/E10000012", "council"),
    ("/councils/E10000016", "council-kent"),
    ("/compare", "compare"),
    ("/compare/spend/prevention_share?system=QYG", "compare-spend"),
    ("/compare/spend/per_head?year=1999-00", "compare-spend-no-data"),
    ("/compare/metrics/discharge_usual_residence?system=QYG", "compare-metric"),
    ("/compare/published/adult_social_care_gbp", "compare-published"),
    ("/systems/E54000008/governance", "governance"),
    ("/systems/E54000008/decisions/1", "decision"),
    ("/systems/E54000008/plan", "plan"),
    ("/search?q=Essex", "search"),
    ("/ledger/quality", "quality"),
    ("/login", "login"),
    ("/councils/E10000012/scrutiny-pack.html", "scrutiny-pack"),
    ("/no-such-page", "not-found"),
    ("/systems/NOPE", "unknown-system"),
]
#: Pages of someone signed in: an administrator keeps every board's registers.
SIGNED_IN = [
    ("/", "england-signed-in"),
    ("/registers", "registers"),
    ("/registers/boards/QYG-ICB", "registers-board"),
    ("/registers/boards/E10000016-HWB", "registers-board-hwb"),
    ("/ledger/submit", "submit"),
    ("/ledger/submissions", "submissions"),
    ("/systems/E54000008/governance", "governance-signed-in"),
    ("/registers/boards/NOPE", "not-allowed"),
]
#: An empty warehouse: every page says what is missing, accessibly.
EMPTY = [
    ("/", "empty-england"),
    ("/systems/E54000008", "empty-system"),
    ("/councils/E10000012", "empty-council"),
    ("/compare/spend/per_head", "empty-compare-spend"),
    ("/compare/metrics/discharge_usual_residence", "empty-compare-metric"),
    ("/compare/published/per_head_gbp", "empty-compare-published"),
    ("/ledger/quality", "empty-quality"),
    ("/councils/E10000012/scrutiny-pack.html", "empty-scrutiny-pack"),
]
#: The main pages, as a phone shows them.
ON_A_PHONE = [
    ("/", "england"),
    ("/systems/E54000008", "system"),
    ("/councils/E10000012", "council"),
    ("/compare/spend/prevention_share?system=QYG", "compare-spend"),
    ("/compare/metrics/discharge_usual_residence?system=QYG", "compare-metric"),
    ("/compare/published/adult_social_care_gbp", "compare-published"),
    ("/systems/E54000008/governance", "governance"),
    ("/ledger/quality", "quality"),
    ("/login", "login"),
    ("/councils/E10000012/scrutiny-pack.html", "scrutiny-pack"),
]


def axe_violations(page: Any) -> list[dict[str, Any]]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=RULES)
    violations: list[dict[str, Any]] = results.response["violations"]
    return violations


def described(where: str, violations: list[dict[str, Any]]) -> str:
    """Violations as a person reads them: the rule, what it asks, and each element, briefly."""
    lines = []
    for violation in violations:
        lines.append(
            f"{where}: {violation['impact']} {violation['id']}: {violation['help']}"
            f" ({violation['helpUrl'].split('?')[0]})"
        )
        for node in violation["nodes"][:5]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {' > '.join(map(str, node['target']))}: {node['html'][:160]}")
            if summary:
                lines.append(f"      {summary[:300]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    ... and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def check_pages(page: Any, base: str, pages: list[tuple[str, str]]) -> None:
    """Visit each page, print every violation and fail on any serious or critical one."""
    failing: list[str] = []
    for path, _name in pages:
        response = page.goto(base + path)
        assert response is not None and response.headers["content-type"].startswith("text/html")
        violations = axe_violations(page)
        if violations:
            print(described(path, violations))
        serious = [v for v in violations if v["impact"] in FAILING]
        if serious:
            failing.append(described(path, serious))
    assert not failing, "axe found serious or critical WCAG violations:\n" + "\n".join(failing)


def sign_in(page: Any, base: str, email: str) -> None:
    page.goto(base + "/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")


def test_every_public_page_meets_wcag_2_2_aa(
    served_demo: str,
    browser: Any,
) -> None:
    page = browser.new_page()
    check_pages(page, served_demo, PUBLIC)
    page.close()


def test_an_address_no_page_answers_gets_the_sites_own_page(
    served_demo: str,
    browser: Any,
) -> None:
    page = browser.new_page()
    response = page.goto(served_demo + "/no-such-page")
    assert response is not None and response.status == 404
    assert page.locator("html").get_attribute("lang") == "en-GB"
    assert page.title() == "Not found · JoinedUp"
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    assert page.get_by_role("main").count() == 1
    page.close()


def test_signed_in_pages_and_forms_with_errors_meet_wcag_2_2_aa(
    served_demo: str,
    browser: Any,
    tmp_path: Path,
) -> None:
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, served_demo, ADMIN)
    check_pages(page, served_demo, SIGNED_IN)

    # A form sent back with its problems: the error summary, the fields and what was typed.
    page.goto(served_demo + "/registers/boards/QYG-ICB")
    page.fill("#meeting-on", "the thirty-first")
    page.click("#meeting button[type=submit]")
    assert page.get_by_role("alert").is_visible()
    serious = [v for v in axe_violations(page) if v["impact"] in FAILING]
    assert not serious, described("board form with a problem", serious)
    shot(page, "registers-board-problem")

    bad = tmp_path / "kent.csv"
    bad.write_text(HEADER + ",,,asc_day_care,council_core,,lots,\n")
    page.goto(served_demo + "/ledger/submit")
    page.fill("#organisation", "E10000016")
    page.set_input_files("#file", str(bad))
    page.click("form.form button[type=submit]")
    assert page.locator("#problems").is_visible()
    serious = [v for v in axe_violations(page) if v["impact"] in FAILING]
    assert not serious, described("submission with problems", serious)
    context.close()

    analyst = browser.new_context()
    page = analyst.new_page()
    sign_in(page, served_demo, ANALYST)
    check_pages(
        page, served_demo, [("/ledger/submit", "submit-partner"), ("/ledger/submissions", "own")]
    )
    analyst.close()


def test_a_failed_sign_in_meets_wcag_2_2_aa(
    served_demo: str,
    browser: Any,
) -> None:
    page = browser.new_page()
    page.goto(served_demo + "/login")
    page.fill("#email", ADMIN)
    page.fill("#password", "not the password")
    page.click("button[type=submit]")
    assert page.get_by_role("alert").is_visible()
    serious = [v for v in axe_violations(page) if v["impact"] in FAILING]
    assert not serious, described("failed sign-in", serious)
    page.close()


def test_an_empty_warehouses_pages_meet_wcag_2_2_aa(
    served_empty: str,
    browser: Any,
) -> None:
    page = browser.new_page()
    check_pages(page, served_empty, EMPTY)
    page.close()


def test_no_page_is_wider_than_a_phone(
    served_demo: str,
    browser: Any,
) -> None:
    """At 360 x 740 CSS pixels nothing overflows sideways: a wide table scrolls in its own
    region, which can be reached and scrolled from the keyboard."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    too_wide = []
    for path, name in ON_A_PHONE:
        page.goto(served_demo + path)
        width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if width > inner:
            too_wide.append(f"{path}: {width} px wide on a {inner} px screen")
        shot(page, f"phone-{name}")
    assert not too_wide, too_wide

    # The council page's wide tables scroll inside labelled regions, and axe is content there.
    page.goto(served_demo + "/councils/E10000012")
    regions = page.locator(".table-scroll")
    assert regions.count() >= 3
    scrolling = page.evaluate(
        "[...document.querySelectorAll('.table-scroll')]"
        ".filter(e => e.scrollWidth > e.clientWidth).length"
    )
    assert scrolling >= 1, "at 360 px some table is wider than the screen and scrolls"
    region = page.get_by_role("region", name="Spend by type, 2024-25")
    assert region.get_attribute("tabindex") == "0"
    serious = [v for v in axe_violations(page) if v["impact"] in FAILING]
    assert not serious, described("council page on a phone", serious)
    context.close()


def test_the_keyboard_reaches_the_content_and_sees_where_it_is(
    served_demo: str,
    browser: Any,
) -> None:
    page = browser.new_page()
    page.goto(served_demo + "/systems/E54000008")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("element => element === document.activeElement")
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, "visible when focused"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"
    page.keyboard.press("Tab")  # the first link in the main content
    focused = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [document.activeElement.tagName, s.outlineStyle, s.outlineWidth]; })()"
    )
    assert focused[0] == "A" and focused[1] != "none" and focused[2] != "0px", focused
    page.close()
