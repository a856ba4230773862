"""Locating and reading the reference tables shipped inside the package.

The tables live in ``joinedup/reference/data/`` as package data, so they are read with
:mod:`importlib.resources` and need neither network access nor the ``shared/`` folder.
"""

from __future__ import annotations

import atexit
import csv
import hashlib
import io
from contextlib import ExitStack
from functools import cache
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path

__all__ = ["TABLES", "data_files", "digest", "read_table", "vintage"]

#: The packaged tables, by the name used in :func:`data_files` (file name without ``.csv``).
TABLES: tuple[str, ...] = (
    "systems",
    "councils",
    "council_systems",
    "districts",
    "populations",
    "system_weighted_populations",
)

_PACKAGE = __name__.rpartition(".")[0]

# Paths handed out by data_files() must stay valid for the life of the process, even when the
# package is imported from a zip and as_file() has to extract a temporary copy.
_extracted = ExitStack()
atexit.register(_extracted.close)


def _data_dir() -> Traversable:
    return files(_PACKAGE).joinpath("data")


def _resource(name: str) -> Traversable:
    if name not in TABLES:
        raise KeyError(f"no reference table {name!r}; tables are: {', '.join(TABLES)}")
    return _data_dir().joinpath(f"{name}.csv")


@cache
def read_table(name: str) -> tuple[dict[str, str], ...]:
    """The rows of one packaged table, as read by :class:`csv.DictReader`; cached."""
    # Decode whole rather than open(): Traversable.open() does not promise newline="".
    text = _resource(name).read_bytes().decode("utf-8")
    return tuple(csv.DictReader(io.StringIO(text, newline="")))


@cache
def vintage() -> str:
    """The vintages of the shipped data, e.g. ``census2021;lad23;icb2023;...``."""
    return _data_dir().joinpath("VINTAGE").read_text(encoding="utf-8").strip()


@cache
def _paths() -> tuple[tuple[str, Path], ...]:
    paths = []
    for name in TABLES:
        resource = _resource(name)
        path = (
            resource if isinstance(resource, Path) else _extracted.enter_context(as_file(resource))
        )
        paths.append((name, Path(path)))
    return tuple(paths)


def data_files() -> dict[str, Path]:
    """Table name -> filesystem path of the packaged CSV, e.g. for loading into DuckDB."""
    return dict(_paths())


def digest() -> str:
    """SHA-256 over the packaged tables, so a warehouse can tell when its copy is stale."""
    found = hashlib.sha256()
    for name, path in sorted(data_files().items()):
        found.update(name.encode())
        found.update(path.read_bytes())
    return found.hexdigest()
