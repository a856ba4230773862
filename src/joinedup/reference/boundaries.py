"""Generalised official boundaries of the systems and councils, for maps.

ONS's April 2023 integrated care board and December 2023 county and unitary boundaries, made
small enough for a page by ``scripts/build_boundaries.py`` and shipped in ``geography/`` with
their source, licence and vintage (``geography/SOURCES.md``). Each feature carries the area's
``code`` (E54... for a system, the council's code) and ``name``; the build checks every code
against the reference tables, and :func:`boundaries` checks again on reading.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any, Literal

from .council_registry import councils
from .system_registry import systems

__all__ = ["ATTRIBUTION", "BoundaryLayer", "boundaries", "boundary_vintage"]

BoundaryLayer = Literal["systems", "councils"]

#: The attribution the Open Government Licence asks for, shown under every map.
ATTRIBUTION = (
    "Source: Office for National Statistics licensed under the Open Government Licence v.3.0. "
    "Contains OS data © Crown copyright and database right 2023"
)


def _directory() -> Any:
    return files(__name__.rpartition(".")[0]).joinpath("geography")


@cache
def boundaries(layer: BoundaryLayer = "systems") -> tuple[dict[str, Any], ...]:
    """The GeoJSON features of one layer, sorted by code; cached.

    Raises ``ValueError`` if the shipped file and the reference tables disagree on the codes:
    a map that silently dropped an area would mislead.
    """
    if layer not in ("systems", "councils"):
        raise ValueError(f"no boundary layer {layer!r}; choose systems or councils")
    text = _directory().joinpath(f"{layer}.geojson").read_text(encoding="utf-8")
    features = tuple(json.loads(text)["features"])
    expected = {item.code for item in (systems() if layer == "systems" else councils())}
    found = {feature["properties"]["code"] for feature in features}
    if found != expected:
        raise ValueError(
            f"geography/{layer}.geojson does not match the reference tables: "
            f"missing {sorted(expected - found)}, unknown {sorted(found - expected)}"
        )
    return features


@cache
def boundary_vintage() -> str:
    """The vintages of the shipped boundaries, e.g. ``icb2023-04-bsc;ctyua2023-12-bsc``."""
    return str(_directory().joinpath("VINTAGE").read_text(encoding="utf-8").strip())
