from __future__ import annotations

import contextlib
import threading
import time

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
        threading.Thread(target=lambda: results.append(cache.get("k", slow))) for _ in range(20)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [42] * 20 and len(calls) == 1


def test_clearing_recomputes() -> None:
    cache = FigureCache()
    values = iter([1, 2])
    assert cache.get("k", lambda: next(values)) == 1
    assert cache.get("k", lambda: next(values)) == 1
    cache.clear()
    assert cache.get("k", lambda: next(values)) == 2


def test_a_figure_that_fails_leaves_nothing_behind() -> None:
    cache = FigureCache()

    def unknown() -> int:
        raise LookupError("no such council")

    for attempt in range(50):
        with contextlib.suppress(LookupError):
            cache.get(("published", "council", f"nonsense {attempt}"), unknown)
    assert cache._computing == {}  # each typed-in code would otherwise keep a lock for ever
