"""A served app does its slow first steps before it takes requests, not in its first visitor's.

A fresh process loads Altair and SciPy, starts vl-convert's JavaScript engine and compiles the
page templates the first time a page needs them: some two seconds that
the first person to open a system page would wait (``make bench`` reports that first request).
``joinedup serve`` runs them at startup instead (uvicorn takes connections once the app's
lifespan has started); an app made for tests skips them. The chart engine is not started when
the ``drawing_cache`` folder already holds charts: those are read, not drawn.

Once warm, what the process has loaded to serve (modules, Altair's schema, reference data,
compiled templates) is kept for its life, so it is frozen out of the garbage collector's full
collections: each of those walked it all again, 80-150 ms with the GIL held, some 75 times in the
load bench (6 s of a 100 s run), and those pauses were the slowest page requests.
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any


def warm_up(app: Any) -> None:
    """Load, start and compile what the first pages would (see the module's docstring)."""
    from joinedup.publish.reports import warm

    started = [warm.statistics(), warm.chart_engine()]
    environment = app.state.templates.env
    for template in environment.list_templates(filter_func=lambda name: name.endswith(".html")):
        environment.get_template(template)
    for thread in started:
        thread.join()


@asynccontextmanager
async def warmed(app: Any) -> AsyncIterator[None]:
    """A lifespan that warms the app up (in a thread, off the event loop) before it serves."""
    import anyio.to_thread

    await anyio.to_thread.run_sync(warm_up, app)
    gc.collect()  # what warming up left as garbage goes now, not frozen with the rest
    gc.freeze()
    yield
