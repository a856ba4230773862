"""National workforce and pay figures as their publishers gave them, packaged with the source,
address and confidence of each (``published.csv``; CALIBRATION.md item 13 and the pages named in
it). They are facts, not estimates: a figure no publication gives is not in this file."""

from __future__ import annotations

import csv
from dataclasses import asdict, dataclass
from functools import cache
from importlib import resources
from typing import Any

FILE = "published.csv"
CONFIDENCE = ("exact", "secondary")


@dataclass(frozen=True, slots=True)
class NationalFigure:
    """One published figure for England: ``value`` in ``unit`` for financial year ``period``."""

    measure: str
    period: str
    value: float
    unit: str
    label: str
    source: str
    url: str
    confidence: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"status": "published"}


@cache
def national_figures() -> tuple[NationalFigure, ...]:
    """Every packaged figure, in file order; a row with a bad number or confidence is refused."""
    text = resources.files("joinedup.workforce").joinpath(FILE).read_text(encoding="utf-8")
    figures = []
    for line, row in enumerate(csv.DictReader(text.splitlines()), start=2):
        if row["confidence"] not in CONFIDENCE:
            raise ValueError(f"{FILE} line {line}: confidence {row['confidence']!r}")
        figures.append(
            NationalFigure(
                measure=row["measure"],
                period=row["period"],
                value=float(row["value"]),
                unit=row["unit"],
                label=row["label"],
                source=row["source"],
                url=row["url"],
                confidence=row["confidence"],
            )
        )
    return tuple(figures)


def national_figure(measure: str, period: str | None = None) -> NationalFigure | None:
    """The figure for ``measure`` in ``period`` (the latest period when None), if published."""
    found = [f for f in national_figures() if f.measure == measure]
    if period is not None:
        found = [f for f in found if f.period == period]
    return max(found, key=lambda f: f.period) if found else None
