from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from joinedup.web.cache import FigureCache


def test_a_figure_is_computed_once_however_many_ask_at_once() -> None:
    cache = FigureCache()
    calls: list[int] = []

    def slow() -> int:
        calls.append(1)
        time.sleep(0.05)
        return 42

    results: list[int] = []
    threads = [
        threading.Thread(target=lambda: results.append(cache.get("k", slow, 0))) for _ in range(20)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [42] * 20 and len(calls) == 1


def test_clearing_recomputes() -> None:
    cache = FigureCache()
    values = iter([1, 2])
    assert cache.get("k", lambda: next(values), 0) == 1
    assert cache.get("k", lambda: next(values), 0) == 1
    cache.clear()
    assert cache.get("k", lambda: next(values), 0) == 2


def test_a_figure_that_fails_leaves_nothing_behind() -> None:
    cache = FigureCache()

    def unknown() -> int:
        raise LookupError("no such council")

    for attempt in range(50):
        with contextlib.suppress(LookupError):
            cache.get(("published", "council", f"nonsense {attempt}"), unknown, 0)
    assert cache._computing == {}  # each typed-in code would otherwise keep a lock for ever


def test_a_write_to_the_warehouse_empties_the_cache(tmp_path: Path) -> None:
    from joinedup.warehouse import Warehouse, init

    init(tmp_path / "w.duckdb")
    cache = FigureCache()
    computed: list[int] = []
    with Warehouse.open(tmp_path / "w.duckdb", write=True) as warehouse:
        view = warehouse.for_thread()  # a request's own connection
        for _ in range(2):
            cache.get("figure", lambda: computed.append(1) or len(computed), view.data_version)
        with warehouse.transaction():
            warehouse.set_meta("marker", "changed")
        assert view.data_version == 1  # every view hears of a write through any other
        cache.get("figure", lambda: computed.append(1) or len(computed), view.data_version)
        view.close()
    assert len(computed) == 2  # once before the write, once after


@pytest.fixture
def own_figures(demo_client: Any) -> Iterator[FigureCache]:
    """A figure cache of the test's own on the session's demo app, put back afterwards (the
    session's may already hold what the test counts)."""
    state = demo_client.app.state
    session_figures = state.figures
    state.figures = FigureCache()
    yield state.figures
    state.figures = session_figures


def test_the_scrutiny_pack_is_made_once_per_version_of_the_data(
    demo_client: Any, own_figures: FigureCache, monkeypatch: Any
) -> None:
    from joinedup.publish import reports

    made: list[str] = []
    real = reports.render_scrutiny_pack

    def counting(*args: Any, **kwargs: Any) -> Any:
        made.append(kwargs.get("format", "pdf"))
        return real(*args, **kwargs)

    monkeypatch.setattr(reports, "render_scrutiny_pack", counting)
    for _ in range(3):
        response = demo_client.get("/councils/E10000016/scrutiny-pack.html")
        assert response.status_code == 200 and "Health and care in Kent" in response.text
    assert made == ["html"]
    # The PDF is laid out from the page already made: the pack's figures are not gathered again.
    for _ in range(2):
        pdf = demo_client.get("/councils/E10000016/scrutiny-pack.pdf")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert made == ["html"]


def test_a_page_is_kept_under_the_parameters_its_route_declares(
    demo_client: Any, own_figures: FigureCache
) -> None:
    """Parameters a page does not read (a crawler's ``utm_source``, another order) are served the
    page already drawn, not each given a place in the cache; those it reads still count."""

    figures = own_figures

    def pages() -> int:
        return sum(1 for key in figures._values if isinstance(key, tuple) and key[0] == "page")

    first = demo_client.get("/compare/spend/prevention_share?system=QYG")
    assert first.status_code == 200 and pages() == 1
    for junk in ("&utm_source=crawler", "&utm_source=another", "&x=1&y=2"):
        again = demo_client.get(f"/compare/spend/prevention_share?system=QYG{junk}")
        assert again.text == first.text
    assert pages() == 1
    other = demo_client.get("/compare/spend/prevention_share?system=QHL")
    assert other.status_code == 200 and other.text != first.text and pages() == 2
    both = demo_client.get("/compare/spend/per_head?year=2023-24&system=QYG")
    same = demo_client.get("/compare/spend/per_head?system=QYG&year=2023-24")
    assert both.text == same.text and pages() == 3


def test_no_page_reads_a_query_parameter_behind_its_routes_back() -> None:
    """Pages are kept under the parameters their route declares: a module reading
    ``request.query_params`` itself would be served another address's page. Only the modules
    that handle every route's query alike may (the cache key, the API's pages and CSV)."""
    import joinedup.web

    web = Path(joinedup.web.__file__).parent
    alike = {"dependencies.py", "paging.py", "api_responses.py"}
    readers = sorted(
        path.name
        for path in web.rglob("*.py")
        if path.name not in alike and "query_params" in path.read_text(encoding="utf-8")
    )
    assert readers == [], "declare the parameter on the route instead"


def test_a_record_with_a_body_that_is_not_bytes_is_kept_and_counts_nothing() -> None:
    """Kept API answers count their body's bytes; a figure that merely has a ``body`` field
    (text, or none) must still be kept."""
    from dataclasses import dataclass

    from joinedup.web.cache import FigureCache

    @dataclass(frozen=True)
    class Notice:
        body: str | None

    figures = FigureCache()
    assert figures.get("notice", lambda: Notice(None), 1) == Notice(None)
    assert figures.get("notice", lambda: Notice("again"), 1) == Notice(None)  # kept
