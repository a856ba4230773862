"""Population health: person-level records segmented, with cost and activity attributed.

Persons, activity events and condition records are loaded and checked (``loading``), segmented
(``segmentation``, rules in ``segments.yaml``; the Cambridge Multimorbidity Score in
``multimorbidity``) and attributed to systems, places, councils and segments (``attribution``).
Segmentation and attribution are written once, as ibis expressions, and run on DuckDB or Spark
(``engines``). ``generator`` writes synthetic populations; ``runs`` ties it together;
``results`` stores runs in the warehouse and reads them back. Heavy modules (ibis, pyarrow,
DuckDB) load only when used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from joinedup.population.generator import generate
    from joinedup.population.loading import PopulationRejected, load_population
    from joinedup.population.results import current_attribution, store_segmentation
    from joinedup.population.rules import load_rules
    from joinedup.population.runs import Segmentation, analyse, segment_population

__all__ = [
    "PopulationRejected",
    "Segmentation",
    "analyse",
    "current_attribution",
    "generate",
    "load_population",
    "load_rules",
    "segment_population",
    "store_segmentation",
]

_HOMES = {
    "generate": "generator",
    "PopulationRejected": "loading",
    "load_population": "loading",
    "load_rules": "rules",
    "Segmentation": "runs",
    "analyse": "runs",
    "current_attribution": "results",
    "segment_population": "runs",
    "store_segmentation": "results",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        from importlib import import_module

        return getattr(import_module(f"joinedup.population.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
