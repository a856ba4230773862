"""Charts already drawn, found again by the digest of their Vega-Lite spec.

vl-convert takes tens to hundreds of milliseconds to draw a chart and a system page draws fifteen;
a write to the warehouse changes few of them, so a chart whose spec is unchanged is not drawn
again, whatever else changed. Each process keeps the most recent ones in memory. When the
``chart_cache`` setting names a folder, they are kept there too, shared by every process that
draws: ``joinedup serve``'s workers, a server started again, ``joinedup report``.

On disk a chart is one file named by a digest of its spec, the kind of output and vl-convert's
version (a new vl-convert draws afresh), written whole and then renamed into place, so that no
reader sees half of one. The folder may be emptied at any time; it is trimmed to the
``ON_DISK_MAX`` charts used most recently. Text is laid out with the fonts the machine has: after
installing or removing fonts, empty it. A folder that cannot be read or written is a folder not
used, never a chart not drawn.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

Drawing = TypeVar("Drawing", str, bytes)

IN_MEMORY_MAX = 512
ON_DISK_MAX = 4096
#: Every this many charts written to the folder, it is trimmed to ``ON_DISK_MAX``.
TRIM_EVERY = 64

log = logging.getLogger(__name__)

_in_memory: OrderedDict[tuple[str, str], str | bytes] = OrderedDict()
_lock = threading.Lock()
_folder: Path | None = None
_written = 0


def keep_on_disk(folder: Path | None) -> None:
    """Keep drawn charts in ``folder`` as well as in memory; None: in memory only. A folder made
    here is its owner's only: a chart may show what only those signed in see, and what the
    folder holds goes into pages as it is."""
    global _folder
    if folder is not None:
        folder = Path(folder).expanduser()
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as error:
            log.warning("Drawn charts kept in memory only: %s cannot be made: %s", folder, error)
            folder = None
    _folder = folder


def on_disk() -> Path | None:
    """The folder drawn charts are kept in, if any (a process this one starts can share it)."""
    return _folder


def drawn(kind: str, spec: str, draw: Callable[[str], Drawing]) -> Drawing:
    """The chart ``draw(spec)`` draws as ``kind`` ("svg", "png"), drawn only if it has not been."""
    key = (kind, hashlib.sha256(spec.encode()).hexdigest())
    with _lock:
        if key in _in_memory:
            _in_memory.move_to_end(key)
            return _in_memory[key]  # type: ignore[return-value]
    folder = _folder
    path = folder / _file_name(kind, spec) if folder is not None else None
    chart = _read(path, kind) if path is not None else None
    if chart is None:
        chart = draw(spec)
        if path is not None:
            _write(path, chart)
    with _lock:
        _in_memory[key] = chart
        while len(_in_memory) > IN_MEMORY_MAX:
            _in_memory.popitem(last=False)
    return chart  # type: ignore[return-value]


def _file_name(kind: str, spec: str) -> str:
    import vl_convert

    version = getattr(vl_convert, "__version__", "")  # not in its type stubs
    digest = hashlib.sha256(f"{version}\n{kind}\n{spec}".encode()).hexdigest()
    return f"{digest}.{kind}"


def _read(path: Path, kind: str) -> str | bytes | None:
    try:
        content = path.read_bytes()
        os.utime(path)  # used now: the last to be trimmed
    except OSError:
        return None
    return content if kind == "png" else content.decode("utf-8", errors="replace")


def _write(path: Path, chart: str | bytes) -> None:
    global _written
    content = chart.encode("utf-8") if isinstance(chart, str) else chart
    partial = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    try:
        partial.write_bytes(content)
        partial.replace(path)
    except OSError as error:
        log.warning("A drawn chart could not be kept in %s: %s", path.parent, error)
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        return
    with _lock:
        _written += 1
        trim = _written % TRIM_EVERY == 0
    if trim:
        _trim(path.parent)


def _trim(folder: Path) -> None:
    """Remove the charts used least recently beyond ``ON_DISK_MAX``, and any left half-written
    an hour ago."""
    import time

    used: list[tuple[float, Path]] = []
    for path in folder.iterdir():
        try:
            modified = path.stat().st_mtime
        except OSError:
            continue  # removed by another process meanwhile
        if not path.name.startswith("."):
            used.append((modified, path))
        elif modified < time.time() - 3600:
            path.unlink(missing_ok=True)  # left half-written by a process that was stopped
    used.sort(reverse=True)
    for _, path in used[ON_DISK_MAX:]:
        path.unlink(missing_ok=True)
