"""The figure cache after a write: one request recomputes, the others get the previous figure
meanwhile, and nothing computed from old data is kept as the new version's."""

from __future__ import annotations

import threading

from joinedup.web.cache import FigureCache


def test_while_one_request_recomputes_the_others_get_the_previous_figure() -> None:
    cache = FigureCache()
    assert cache.get("page", lambda: "old", version=1) == "old"
    started, release = threading.Event(), threading.Event()

    def slow() -> str:
        started.set()
        release.wait(5)
        return "new"

    results: list[str] = []
    first = threading.Thread(target=lambda: results.append(cache.get("page", slow, version=2)))
    first.start()
    assert started.wait(5)
    # Asked meanwhile: the version before's figure at once, not a second computation.
    assert cache.get("page", lambda: "computed twice", version=2) == "old"
    release.set()
    first.join(5)
    assert results == ["new"]
    assert cache.get("page", lambda: "computed again", version=2) == "new"


def test_with_nothing_before_a_request_waits_for_the_figure() -> None:
    cache = FigureCache()
    started, release = threading.Event(), threading.Event()

    def slow() -> str:
        started.set()
        release.wait(5)
        return "fresh"

    worker = threading.Thread(target=lambda: cache.get("page", slow, version=1))
    worker.start()
    assert started.wait(5)
    got: list[str] = []
    waiter = threading.Thread(
        target=lambda: got.append(cache.get("page", lambda: "second", version=1))
    )
    waiter.start()
    release.set()
    worker.join(5)
    waiter.join(5)
    assert got == ["fresh"]


def test_a_figure_computed_from_data_since_changed_is_not_kept() -> None:
    cache = FigureCache()
    started, release = threading.Event(), threading.Event()

    def slow() -> str:
        started.set()
        release.wait(5)
        return "from version 1"

    worker = threading.Thread(target=lambda: cache.get("page", slow, version=1))
    worker.start()
    assert started.wait(5)
    assert cache.get("other", lambda: "x", version=2) == "x"  # a write happened meanwhile
    release.set()
    worker.join(5)
    assert cache.get("page", lambda: "from version 2", version=2) == "from version 2"


def test_two_writes_in_a_row_keep_the_last_figures_there_were() -> None:
    cache = FigureCache()
    cache.get("page", lambda: "v1", version=1)
    cache.get("other", lambda: "o", version=2)  # version 2 never computed "page"
    started, release = threading.Event(), threading.Event()

    def slow() -> str:
        started.set()
        release.wait(5)
        return "v3"

    worker = threading.Thread(target=lambda: cache.get("page", slow, version=3))
    worker.start()
    assert started.wait(5)
    assert cache.get("page", lambda: "again", version=3) == "v1"
    release.set()
    worker.join(5)
