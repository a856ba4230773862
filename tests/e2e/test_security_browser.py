"""In headless Chromium, with every request beyond this server refused: the API docs render from
the server's own files under its Content-Security-Policy, and pages break none of the policy."""

from __future__ import annotations

from typing import Any


def offline_page(chromium: Any, base: str) -> tuple[Any, list[str], list[str]]:
    """A page that may fetch from ``base`` only, with the console messages and refused URLs."""
    page = chromium.new_page()
    messages: list[str] = []
    outside: list[str] = []
    page.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))

    def only_this_server(route: Any) -> None:
        if route.request.url.startswith(base):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_this_server)
    return page, messages, outside


def test_api_docs_render_offline_under_the_policy(
    served_empty: str,
    browser: Any,
) -> None:
    page, messages, outside = offline_page(browser, served_empty)
    page.goto(f"{served_empty}/api/docs")
    page.wait_for_selector(".opblock", timeout=20_000)
    assert page.locator(".opblock").count() >= 10
    assert outside == []
    assert not [m for m in messages if "Content Security Policy" in m or "error" in m], messages
    page.close()


def test_pages_break_none_of_the_policy(
    served_empty: str,
    browser: Any,
) -> None:
    page, messages, outside = offline_page(browser, served_empty)
    for path in ("/", "/login", "/compare", "/systems/QYG"):
        page.goto(served_empty + path)
    assert outside == []
    assert not [m for m in messages if "Content Security Policy" in m], messages
    page.close()
