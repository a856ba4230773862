"""Importers for metric values that national bodies publish, one module per kind of file.

:func:`read_import` reads one file of a known kind (:data:`KINDS`) and returns a
:class:`MetricImport`: the metric values it holds, with areas and periods resolved, the rows it
could not read (``problems``) and what it skipped on purpose (``notes``). Nothing is stored here:
the caller stores the values whole, or nothing if there is any problem. See
docs/metrics-imports.md.

Importing this package is cheap: openpyxl loads only when a workbook is read.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from joinedup.metrics.definition import Metric, national_metrics
from joinedup.metrics.period import BadPeriod, parse_period

from .fingertips import DEFAULT_INDICATOR_MAP, read_fingertips
from .records import BadImportOption, MetricImport, UnknownImportKind, UnreadableImport
from .skills_for_care import METRIC as SKILLS_FOR_CARE_METRIC
from .skills_for_care import METRICS as SKILLS_FOR_CARE_METRICS
from .skills_for_care import read_skills_for_care

__all__ = [
    "DEFAULT_INDICATOR_MAP",
    "KINDS",
    "SKILLS_FOR_CARE_METRIC",
    "SKILLS_FOR_CARE_METRICS",
    "BadImportOption",
    "MetricImport",
    "UnknownImportKind",
    "UnreadableImport",
    "read_import",
]

#: Each kind of metric file, with a one-line description for help text.
KINDS: dict[str, str] = {
    "fingertips": (
        "OHID Fingertips indicator data (.csv, the 26- or 27-column API or website download): "
        "values and 95% intervals of mapped indicators for England, ICBs and upper-tier councils"
    ),
    "skills-for-care": (
        "Skills for Care workforce estimates by local authority (the LA data download .xlsx, "
        "or an LG Inform .csv export): each council's adult social care vacancy rate and, "
        "from LG Inform, its staff turnover rate"
    ),
}


def read_import(
    kind: str,
    path: Path,
    indicator_map: Mapping[str, str] | None = None,
    *,
    definitions: Mapping[str, Metric] | None = None,
    period: str | None = None,
) -> MetricImport:
    """Read one file of metric values of ``kind`` (a key of :data:`KINDS`).

    ``indicator_map`` (Fingertips only) maps Fingertips indicator IDs, as text, to metric ids;
    when None, :data:`DEFAULT_INDICATOR_MAP` is used. A map given replaces the default; merge
    them with ``{**DEFAULT_INDICATOR_MAP, ...}`` to add to it. ``definitions`` are the metrics
    the map may name, by id (default: the national set; pass
    ``joinedup.metrics.catalogue.metrics(warehouse)`` to allow a system's local metrics).
    ``period`` (Skills for Care only) is the financial year of a workbook whose name and columns
    do not say, e.g. ``"2023-24"``.

    Raises :class:`UnknownImportKind` for a kind with no importer, :class:`BadImportOption` for a
    map naming an unknown metric or an option the kind does not take, and
    :class:`UnreadableImport` for a file that is not that kind of file. Rows that cannot be read
    do not raise: they are the result's ``problems``.
    """
    if kind not in KINDS:
        raise UnknownImportKind(
            f"Unknown kind of metric file {kind!r}; the kinds are: {', '.join(KINDS)}."
        )
    known = national_metrics() if definitions is None else definitions
    path = Path(path)
    if kind == "fingertips":
        if period is not None:
            raise BadImportOption(
                "A period applies to Skills for Care files only; Fingertips rows name their own."
            )
        mapping = _checked_map(DEFAULT_INDICATOR_MAP if indicator_map is None else indicator_map)
        for indicator, metric_id in mapping.items():
            if metric_id not in known:
                raise BadImportOption(
                    f"The indicator map sends Fingertips indicator {indicator} to {metric_id!r}, "
                    f"which is not a known metric (known: {', '.join(sorted(known))})."
                )
        _check_file(path)
        return read_fingertips(path, mapping, known)
    if indicator_map:
        raise BadImportOption(
            "An indicator map applies to Fingertips files only; Skills for Care files are read "
            f"as {' and '.join(SKILLS_FOR_CARE_METRICS)}, by their names."
        )
    missing = [metric_id for metric_id in SKILLS_FOR_CARE_METRICS if metric_id not in known]
    if missing:
        raise BadImportOption(f"The metrics given do not include {', '.join(missing)}.")
    given = None
    if period is not None:
        try:
            given = parse_period(period)
        except BadPeriod as error:
            raise BadImportOption(f"{error}.") from None
        if given.frequency != known[SKILLS_FOR_CARE_METRIC].frequency:
            raise BadImportOption(
                f"{SKILLS_FOR_CARE_METRIC} is {known[SKILLS_FOR_CARE_METRIC].frequency}: give a "
                f"financial year such as 2023-24, not {given.label}."
            )
    _check_file(path)
    return read_skills_for_care(path, known, given)


def _checked_map(mapping: Mapping[str, str]) -> dict[str, str]:
    checked: dict[str, str] = {}
    for indicator, metric_id in mapping.items():
        key = str(indicator).strip()
        if not key.isdigit():
            raise BadImportOption(
                f"The indicator map's key {indicator!r} is not a Fingertips indicator ID "
                "(digits, such as 22401)."
            )
        checked[key] = str(metric_id).strip()
    return checked


def _check_file(path: Path) -> None:
    if not path.is_file():
        raise UnreadableImport(f"{path}: no such file.")
