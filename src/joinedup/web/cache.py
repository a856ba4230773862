"""Figures computed once per version of the data.

While `joinedup serve` runs it is the warehouse's only writer, so the data cannot change behind
its back: a computed figure stays right until the server itself stores something. Every write
the warehouse commits raises its ``data_version``; asked with a newer version, the cache empties
itself, so no route has to remember to clear it (pages, charts and packs alike).
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
        self._computing: dict[Hashable, threading.Lock] = {}
        self._version = 0

    def get(self, key: Hashable, compute: Callable[[], T], version: int) -> T:
        """The figure under ``key`` at this version of the data, computed if not cached."""
        with self._lock:
            if version != self._version:
                self._values.clear()
                self._version = version
            if key in self._values:
                found: T = self._values[key]
                return found
            # One thread computes each figure; the others asking for it at the same time wait
            # for it rather than all computing it at once (a page opened by 50 people at once).
            computing = self._computing.setdefault(key, threading.Lock())
        try:
            with computing:
                with self._lock:
                    if key in self._values:
                        ready: T = self._values[key]
                        return ready
                value = compute()
                with self._lock:
                    if len(self._values) >= LIMIT:
                        self._values.clear()
                    self._values[key] = value
        finally:
            # A figure that failed (an unknown code typed into a URL) must not leave its lock.
            with self._lock:
                self._computing.pop(key, None)
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
