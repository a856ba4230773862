"""The figure cache after a write: one request recomputes, the others get the previous figure
meanwhile, and nothing computed from old data is kept as the new version's."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from joinedup.web.cache import FigureCache


@dataclass
class Slow:
    """A computation that starts, then waits to be released before giving ``value``."""

    value: str
    started: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)

    def __call__(self) -> str:
        self.started.set()
        self.release.wait(5)
        return self.value


def in_background(ask: Callable[[], str], answers: list[str]) -> threading.Thread:
    thread = threading.Thread(target=lambda: answers.append(ask()))
    thread.start()
    return thread


def test_while_one_request_recomputes_the_others_get_the_previous_figure() -> None:
    cache = FigureCache()
    assert cache.get("page", lambda: "old", version=1) == "old"
    slow, answers = Slow("new"), list[str]()
    first = in_background(lambda: cache.get("page", slow, version=2), answers)
    assert slow.started.wait(5)
    # Asked meanwhile: the version before's figure at once, not a second computation.
    assert cache.get("page", lambda: "computed twice", version=2) == "old"
    slow.release.set()
    first.join(5)
    assert answers == ["new"]
    assert cache.get("page", lambda: "computed again", version=2) == "new"


def test_with_nothing_before_a_request_waits_for_the_figure() -> None:
    cache = FigureCache()
    slow, answers = Slow("fresh"), list[str]()
    worker = in_background(lambda: cache.get("page", slow, version=1), [])
    assert slow.started.wait(5)
    waiter = in_background(lambda: cache.get("page", lambda: "second", version=1), answers)
    slow.release.set()
    worker.join(5)
    waiter.join(5)
    assert answers == ["fresh"]


def test_a_figure_computed_from_data_since_changed_is_not_kept() -> None:
    cache = FigureCache()
    slow = Slow("from version 1")
    worker = in_background(lambda: cache.get("page", slow, version=1), [])
    assert slow.started.wait(5)
    assert cache.get("other", lambda: "x", version=2) == "x"  # a write happened meanwhile
    slow.release.set()
    worker.join(5)
    assert cache.get("page", lambda: "from version 2", version=2) == "from version 2"


def test_two_writes_in_a_row_keep_the_last_figures_there_were() -> None:
    cache = FigureCache()
    cache.get("page", lambda: "v1", version=1)
    cache.get("other", lambda: "o", version=2)  # version 2 never computed "page"
    slow = Slow("v3")
    worker = in_background(lambda: cache.get("page", slow, version=3), [])
    assert slow.started.wait(5)
    assert cache.get("page", lambda: "again", version=3) == "v1"
    slow.release.set()
    worker.join(5)


def test_a_full_cache_drops_its_oldest_figure(monkeypatch: pytest.MonkeyPatch) -> None:
    from joinedup.web import cache as module

    monkeypatch.setattr(module, "LIMIT", 3)
    cache = FigureCache()
    for key in "abc":
        cache.get(key, lambda key=key: key, version=1)
    assert cache.get("a", lambda: "recomputed", version=2) == "recomputed"  # now the newest
    cache.get("d", lambda: "d", version=1)
    assert list(cache._values) == ["c", "a", "d"]  # "b" went, not everything
    assert cache.get("c", lambda: "again", version=1) == "c"


def test_pages_asked_for_at_many_addresses_cannot_fill_the_memory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Pages are kept by address and query (``?utm=1``, ``?utm=2``...): the cache holds a
    budget of rendered bytes, and the oldest pages go first when it is spent."""
    from joinedup.web import cache as module

    monkeypatch.setattr(module, "BYTES", 1000)
    cache = FigureCache()
    for n in range(10):
        cache.get(("page", f"?utm={n}"), lambda: "x" * 300, version=1)
    assert sum(len(entry.value) for entry in cache._values.values()) <= 1000
    assert list(cache._values) == [("page", "?utm=7"), ("page", "?utm=8"), ("page", "?utm=9")]
    assert cache._bytes == 900
    cache.get("record", lambda: {"a": 1}, version=1)  # a record counts no bytes
    cache.get(("page", "?utm=9"), lambda: "y" * 100, version=2)  # replaced: its bytes too
    assert cache._bytes == 700 and len(cache._values) == 4
    cache.clear()
    assert cache._bytes == 0


def test_a_request_showing_previous_figures_takes_this_ones_previous_too() -> None:
    """After an upload, a request already served the previous spend summary is served the
    previous spend chart too, not one drawn anew that could not be kept (50 requests at once
    would each draw it); with no previous figure it computes one, and does not keep it."""
    cache = FigureCache()
    assert cache.get("chart", lambda: "old chart", version=1) == "old chart"
    told: list[str] = []
    answer = cache.get(
        "chart",
        lambda: pytest.fail("computed although the previous figure would do"),
        version=2,
        keep=lambda: False,
        on_previous=lambda: told.append("previous"),
        previous_will_do=True,
    )
    assert answer == "old chart" and told == ["previous"]
    assert cache.get("chart", lambda: "new chart", version=2) == "new chart"  # not kept before
    drawn = cache.get(
        "other", lambda: "drawn", version=2, keep=lambda: False, previous_will_do=True
    )
    assert drawn == "drawn"
    assert cache.get("other", lambda: "again", version=2) == "again"
