"""Figures computed once per version of the data.

While `joinedup serve` runs it is the warehouse's only writer, so the data cannot change behind
its back: a computed figure stays right until the server itself stores something. Every write
the warehouse commits raises its ``data_version``; asked with a newer version, the cache empties
itself, so no route has to remember to clear it (pages, charts and packs alike).

After a write, the first request for a figure computes it afresh; anyone asking for the same
figure while that runs gets the figure of the version before (seconds old) instead of waiting
in line behind it, so a busy page does not stall for everyone at each upload. Whoever asks
when nobody is computing it waits for the fresh one, so a figure is never older than one
computation (docs/decisions.md).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")
LIMIT = 4096  # entries; far more than the pages and API routes of 42 systems and 153 councils


class FigureCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: dict[Hashable, Any] = {}
        self._previous: dict[Hashable, Any] = {}  # the version before's, while being replaced
        self._computing: dict[Hashable, threading.Lock] = {}
        self._version = 0

    def get(self, key: Hashable, compute: Callable[[], T], version: int) -> T:
        """The figure under ``key`` at this version of the data, computed if not cached."""
        with self._lock:
            if version != self._version:
                # Two writes in a row keep the figures of the last version that had them.
                self._previous = self._previous | self._values if version > self._version else {}
                if len(self._previous) > LIMIT:
                    self._previous = {}
                self._values = {}
                self._version = version
            if key in self._values:
                found: T = self._values[key]
                return found
            # One thread computes each figure; the others asking for it at the same time get
            # the previous version's (if there is one) or wait for it, rather than all
            # computing it at once (a page opened by 50 people at once).
            computing = self._computing.get(key)
            if computing is not None and key in self._previous:
                stale: T = self._previous[key]
                return stale
            if computing is None:
                computing = self._computing[key] = threading.Lock()
        try:
            with computing:
                with self._lock:
                    if key in self._values:
                        ready: T = self._values[key]
                        return ready
                value = compute()
                with self._lock:
                    # Computed from the data as it was: kept only if the data has not changed
                    # since (else it would be served as the newer version's).
                    if self._version == version:
                        if len(self._values) >= LIMIT:
                            self._values.clear()
                        self._values[key] = value
                        self._previous.pop(key, None)
        finally:
            # A figure that failed (an unknown code typed into a URL) must not leave its lock.
            with self._lock:
                if self._computing.get(key) is computing:
                    del self._computing[key]
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self._previous.clear()
