"""What the metric-file importers hand back, and the errors they raise."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from joinedup.errors import JoinedUpError
from joinedup.metrics.values import MetricValue
from joinedup.problems import Problem

__all__ = ["BadImportOption", "MetricImport", "UnknownImportKind", "UnreadableImport"]


@dataclass(frozen=True, slots=True)
class MetricImport:
    """Everything read from one published file of metric values.

    ``values`` carry resolved areas (``england``, ``system`` or ``council`` and its code) and
    parsed periods; ``row`` is the row number a person sees in the file. ``problems`` are rows
    that could not be read (each names file, sheet, row and field); ``notes`` say what was read
    and every kind of row skipped on purpose, with counts.
    """

    kind: str
    path: Path
    sha256: str
    values: tuple[MetricValue, ...]
    problems: tuple[Problem, ...]
    notes: tuple[str, ...]


class UnknownImportKind(JoinedUpError):
    """A kind of metric file that JoinedUp has no importer for."""

    exit_code = 2  # a usage error, like an unknown code


class BadImportOption(JoinedUpError):
    """An option that does not fit the kind of file: an indicator map naming an unknown metric,
    or a period given for a file that names its own."""

    exit_code = 2


class UnreadableImport(JoinedUpError):
    """A file that is not the expected kind: wrong format, missing sheet, header or column."""
