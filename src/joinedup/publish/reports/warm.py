"""Starting the pack's slow-to-start libraries in the background, once per process.

The first pack of a process pays for vl-convert's JavaScript engine (over half a second), the
statistics library's first interval (SciPy's special functions load, some tenths of a second)
and WeasyPrint's import and fonts (about a second). Much of that time is spent outside Python,
and the pack's first seconds are DuckDB queries that release the GIL too, so starting them in
threads at once takes most of it off the pack. A later call finds them started and costs nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cache

# The smallest chart: rendering it starts vl-convert's JavaScript engine.
_TINY_CHART = '{"data": {"values": [{"a": 1}]}, "mark": "point", "encoding": {"x": {"field": "a"}}}'


def _in_background(name: str, work: Callable[[], object]) -> threading.Thread:
    def run() -> None:
        try:
            work()
        except Exception:  # the real call reports any failure in full
            return

    thread = threading.Thread(target=run, name=f"joinedup-warm-up-{name}", daemon=True)
    thread.start()
    return thread


def _chart_engine() -> None:
    import vl_convert

    from joinedup.publish import chart_library  # noqa: F401 - imported for the time it takes

    vl_convert.vegalite_to_svg(_TINY_CHART)


def _statistics() -> None:
    from joinedup.metrics.stats import proportion_ci

    proportion_ci(1, 2)


def _pdf_engine() -> None:
    import weasyprint  # type: ignore[import-untyped]

    weasyprint.HTML(string="<p>JoinedUp</p>").write_pdf()


def chart_engine() -> threading.Thread:
    """The chart engine's start, once a process; none while the drawing folder holds charts
    (``publish.drawings``): those are read, not drawn, so the engine starts with the first new
    chart instead, and a process that draws none never starts it (half a second of CPU for each
    command and server that would)."""
    from joinedup.publish import drawings

    if _engine_started.cache_info().currsize == 0 and drawings.holds_charts():
        return _nothing_to_wait_for()
    return _engine_started()


@cache
def _nothing_to_wait_for() -> threading.Thread:
    # One finished thread, joined at once by every chart of a pack, rather than one each.
    return _in_background("nothing", lambda: None)


@cache
def _engine_started() -> threading.Thread:
    return _in_background("charts", _chart_engine)


@cache
def statistics() -> threading.Thread:
    return _in_background("statistics", _statistics)


@cache
def pdf_engine() -> threading.Thread:
    return _in_background("pdf", _pdf_engine)
