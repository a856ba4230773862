"""Figures computed once per version of the data they read.

While `joinedup serve` runs it is the warehouse's only writer, so the data cannot change behind
its back: a computed figure stays right until the server itself stores something it reads. Each
figure is kept with the version of the data it was computed from (``Warehouse.version_of`` the
topics it reads, see ``web.figure_reads``); asked with another version, the cache computes it
afresh, so no route has to remember to clear it, and a sign-in does not redraw a metric chart.

After a write, the first request for a figure computes it afresh; anyone asking for the same
figure while that runs gets the one kept before instead of waiting in line behind it, so a busy
page does not stall for everyone at each upload. Whoever asks when nobody is computing it waits
for the fresh one. The one kept before is as old as the last time someone asked for that figure
(seconds on a busy page, longer on a quiet one): it is served only while its fresh one is being
computed, to a request begun before the write, or to a request already showing other figures of
the time before (docs/decisions.md).

The cache holds at most ``LIMIT`` figures and ``BYTES`` of rendered pages, charts and packs,
dropping the oldest first: pages are kept by their address and query, and anyone can ask for
many addresses.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")
LIMIT = 4096  # entries; far more than the pages and API routes of 42 systems and 153 councils
BYTES = 256 * 1024 * 1024  # of text and bytes (a system page is some 280 KB, a pack 2 MB)


@dataclass(frozen=True, slots=True)
class _Entry:
    version: Hashable
    value: Any

    @property
    def size(self) -> int:
        """The bytes it holds, counted for rendered text and files (a record counts nothing)."""
        if isinstance(self.value, str | bytes):
            return len(self.value)
        body = getattr(self.value, "body", None)  # an API answer (web.api_responses)
        return len(body) if isinstance(body, bytes) else 0


class FigureCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        # Each figure with the version of the data it was computed from; one of an older
        # version is the "previous" figure, served while someone computes the new one. Oldest
        # stored first (a dict keeps its order): the first to go when the cache is full.
        self._values: dict[Hashable, _Entry] = {}
        self._bytes = 0
        self._computing: dict[Hashable, threading.Lock] = {}

    def get(
        self,
        key: Hashable,
        compute: Callable[[], T],
        version: Hashable,
        keep: Callable[[], bool] | None = None,
        on_previous: Callable[[], None] | None = None,
        *,
        previous_will_do: bool = False,
    ) -> T:
        """The figure under ``key`` at this version of the data, computed if not cached.

        ``keep`` says, once a figure is computed, whether it may be kept as this version's: not
        if its data changed while it was computed (it may mix the data before and after).
        ``on_previous`` is told when the previous version's figure is returned instead.
        ``previous_will_do``: the caller is already showing previous figures of this data, so a
        previous version of this one is as good as a new one and is returned rather than
        computed (a new one drawn from its previous figures could not be kept anyway).
        """
        with self._lock:
            found = self._values.get(key)
            if found is not None and found.version == version:
                fresh: T = found.value
                return fresh
            if found is not None and previous_will_do:
                earlier: T = found.value
                if on_previous is not None:
                    on_previous()
                return earlier
            # One thread computes each figure; the others asking for it at the same time get
            # the previous version's (if there is one) or wait for it, rather than all
            # computing it at once (a page opened by 50 people at once).
            computing = self._computing.get(key)
            if computing is not None and found is not None:
                stale: T = found.value
                if on_previous is not None:
                    on_previous()
                return stale
            if computing is None:
                computing = self._computing[key] = threading.Lock()
        try:
            with computing:
                with self._lock:
                    found = self._values.get(key)
                    if found is not None and found.version == version:
                        ready: T = found.value
                        return ready
                value = compute()
                if keep is None or keep():
                    self._store(key, _Entry(version, value))
        finally:
            # A figure that failed (an unknown code typed into a URL) must not leave its lock.
            with self._lock:
                if self._computing.get(key) is computing:
                    del self._computing[key]
        return value

    def kept(self, key: Hashable) -> tuple[Hashable, Any] | None:
        """The version and figure kept under ``key``, if any, without computing or waiting."""
        with self._lock:
            found = self._values.get(key)
        return None if found is None else (found.version, found.value)

    def _store(self, key: Hashable, entry: _Entry) -> None:
        with self._lock:
            replaced = self._values.pop(key, None)  # stored again: the newest, the last to go
            if replaced is not None:
                self._bytes -= replaced.size
            while self._values and (len(self._values) >= LIMIT or self._bytes + entry.size > BYTES):
                oldest = self._values.pop(next(iter(self._values)))
                self._bytes -= oldest.size
            self._values[key] = entry
            self._bytes += entry.size

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self._bytes = 0
