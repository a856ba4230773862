"""The ICP's priorities and the appraisal of their interventions, partner by partner.

A plan (:mod:`joinedup.priorities.interventions`) is a system's short list of priorities, each
with interventions whose costs and benefits are recorded per partner and per year; it loads from
YAML, CSV or XLSX (:mod:`joinedup.priorities.files`). The appraisal
(:mod:`joinedup.priorities.appraisal`) gives each partner's net present value at the Green Book
discount rate, payback, who pays and who gains, and a sensitivity range.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from joinedup.priorities.appraisal import (
        Appraisal,
        appraise,
        discount_factor,
        npv,
        payback_year,
    )
    from joinedup.priorities.files import read_plan, write_plan
    from joinedup.priorities.interventions import (
        Flow,
        Intervention,
        Plan,
        Priority,
        load_plan,
        store_plan,
    )

_NAMES = {
    "Appraisal": "appraisal",
    "appraise": "appraisal",
    "discount_factor": "appraisal",
    "npv": "appraisal",
    "payback_year": "appraisal",
    "read_plan": "files",
    "write_plan": "files",
    "Flow": "interventions",
    "Intervention": "interventions",
    "Plan": "interventions",
    "Priority": "interventions",
    "load_plan": "interventions",
    "store_plan": "interventions",
}

__all__ = [
    "Appraisal",
    "Flow",
    "Intervention",
    "Plan",
    "Priority",
    "appraise",
    "discount_factor",
    "load_plan",
    "npv",
    "payback_year",
    "read_plan",
    "store_plan",
    "write_plan",
]


def __getattr__(name: str) -> Any:
    if name in _NAMES:
        return getattr(import_module(f"joinedup.priorities.{_NAMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
