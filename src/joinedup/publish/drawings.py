"""Charts and packs already drawn, found again by the digest of what they were drawn from.

vl-convert takes tens to hundreds of milliseconds to draw a chart and a system page draws fifteen;
WeasyPrint takes one or two seconds to lay out a scrutiny pack as a PDF. A write to the warehouse
changes few charts, and a pack whose page is unchanged makes the same PDF, so neither is drawn
again from the same source, whatever else changed. Each process keeps its most recent charts in
memory (not PDFs: they are large, and the web app keeps its packs already). When the
``drawing_cache`` setting names a folder, both are kept there too, shared by every process that
draws: ``joinedup serve``'s workers, a server started again, ``joinedup report``.

On disk a drawing is one file named by a digest of its source, its kind and the drawing
library's version and options (a new vl-convert or WeasyPrint draws afresh), written whole and
then renamed into place, so that no reader sees half of one. The folder may be emptied at any
time; it is trimmed to the ``ON_DISK_MAX`` drawings used most recently. Text is laid out with the
fonts the machine has: after installing or removing fonts, empty it. A folder that cannot be read
or written is a folder not used, never a drawing not made.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

Drawing = TypeVar("Drawing", str, bytes)

#: The distribution that draws each kind: a drawing is a function of its version too.
_DRAWN_BY = {"svg": "vl-convert-python", "png": "vl-convert-python", "pdf": "weasyprint"}
#: Kinds kept in memory too: charts are small and asked for again and again.
_KEPT_IN_MEMORY = {"svg", "png"}

IN_MEMORY_MAX = 512
ON_DISK_MAX = 4096
#: Every this many drawings written to the folder, it is trimmed to ``ON_DISK_MAX``.
TRIM_EVERY = 64

log = logging.getLogger(__name__)

_in_memory: OrderedDict[tuple[str, str], str | bytes] = OrderedDict()
_lock = threading.Lock()
_folder: Path | None = None
_written = 0


def keep_on_disk(folder: Path | None) -> None:
    """Keep drawings in ``folder`` as well as in memory; None: in memory only. A folder made
    here is its owner's only: a chart may show what only those signed in see, and what the
    folder holds goes into pages as it is."""
    global _folder
    if folder is not None:
        folder = Path(folder).expanduser()
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as error:
            log.warning("Drawings kept in memory only: %s cannot be made: %s", folder, error)
            folder = None
    _folder = folder


def on_disk() -> Path | None:
    """The folder drawings are kept in, if any (a process this one starts can share it)."""
    return _folder


def holds_charts() -> bool:
    """Whether the folder holds charts drawn before (by this process or another)."""
    folder = _folder
    if folder is None:
        return False
    try:
        return any(path.suffix == ".svg" for path in folder.iterdir())
    except OSError:
        return False


def drawn(kind: str, source: str, draw: Callable[[str], Drawing], options: str = "") -> Drawing:
    """What ``draw(source)`` draws as ``kind`` ("svg", "png": a chart from its Vega-Lite spec;
    "pdf": a pack from its page), drawn only if it has not been. ``options`` names whatever else
    ``draw`` is told, so that changing them draws afresh."""
    key = (kind, hashlib.sha256(f"{options}\n{source}".encode()).hexdigest())
    in_memory = kind in _KEPT_IN_MEMORY
    if in_memory:
        with _lock:
            if key in _in_memory:
                _in_memory.move_to_end(key)
                return _in_memory[key]  # type: ignore[return-value]
    folder = _folder
    path = folder / _file_name(kind, source, options) if folder is not None else None
    drawing = _read(path, kind) if path is not None else None
    if drawing is None:
        drawing = draw(source)
        if path is not None:
            _write(path, drawing)
    if in_memory:
        with _lock:
            _in_memory[key] = drawing
            while len(_in_memory) > IN_MEMORY_MAX:
                _in_memory.popitem(last=False)
    return drawing  # type: ignore[return-value]


def _file_name(kind: str, source: str, options: str) -> str:
    version = _version(_DRAWN_BY[kind])
    digest = hashlib.sha256(f"{version}\n{kind}\n{options}\n{source}".encode()).hexdigest()
    return f"{digest}.{kind}"


@functools.cache
def _version(distribution: str) -> str:
    """The installed version, from its metadata: a PDF found on disk needs no WeasyPrint
    imported (half a second) to be found."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return ""


def _read(path: Path, kind: str) -> str | bytes | None:
    try:
        content = path.read_bytes()
        os.utime(path)  # used now: the last to be trimmed
    except OSError:
        return None
    return content.decode("utf-8", errors="replace") if kind == "svg" else content


def _write(path: Path, drawing: str | bytes) -> None:
    global _written
    content = drawing.encode("utf-8") if isinstance(drawing, str) else drawing
    partial = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    try:
        partial.write_bytes(content)
        partial.replace(path)
    except OSError as error:
        log.warning("A drawing could not be kept in %s: %s", path.parent, error)
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        return
    with _lock:
        _written += 1
        trim = _written % TRIM_EVERY == 0
    if trim:
        _trim(path.parent)


def _trim(folder: Path) -> None:
    """Remove the drawings used least recently beyond ``ON_DISK_MAX``, and any left half-written
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
