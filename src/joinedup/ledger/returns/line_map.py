"""Matching the lines of a national return to the taxonomy's spending types (its ``maps_from``).

A return line is named by a *descriptor*: its dimension values from the broadest to the most
specific, joined by ``" / "``, e.g. ``Long Term Care / Community: Home Care``. A line maps to the
spending type whose ``maps_from`` descriptor is the longest leading part of the line's own, so
``Short Term Care`` in the taxonomy takes ``Short Term Care / ST-Max`` and every other short-term
line. Both sides are cut at every ``/`` and compared part by part, ignoring case and runs of
spaces, so a value that itself holds a slash still matches the taxonomy's spelling of it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from joinedup.errors import JoinedUpError

__all__ = ["SEPARATOR", "LineMap", "TaxonomyMappingError", "descriptor", "line_map"]

SEPARATOR = " / "


class TaxonomyMappingError(JoinedUpError):
    """The taxonomy's ``maps_from`` entries cannot be used as written."""


def _key(text: str) -> tuple[str, ...]:
    return tuple(" ".join(part.split()).casefold() for part in text.split("/"))


def descriptor(segments: Sequence[str]) -> str:
    """The descriptor of a return line, from its dimension values, broadest first."""
    return SEPARATOR.join(" ".join(segment.split()) for segment in segments)


@dataclass(frozen=True, slots=True)
class LineMap:
    """The descriptors one return's lines map from, each with its spending type."""

    source: str
    #: normalised descriptor segments -> (spending type code, descriptor as the taxonomy writes it)
    entries: Mapping[tuple[str, ...], tuple[str, str]]

    def match(self, line: str) -> tuple[str, str] | None:
        """``(spending type, taxonomy descriptor)`` for a line's descriptor, or None."""
        key = _key(line)
        for length in range(len(key), 0, -1):
            found = self.entries.get(key[:length])
            if found is not None:
                return found
        return None

    @property
    def descriptors(self) -> tuple[str, ...]:
        """Every descriptor the taxonomy lists for this return, as written there."""
        return tuple(sorted(written for _, written in self.entries.values()))

    @classmethod
    def from_taxonomy(cls, document: Mapping[str, Any], source: str) -> LineMap:
        """The map for ``source`` (a ``maps_from`` key such as ``asc_fr``) of a parsed taxonomy."""
        entries: dict[tuple[str, ...], tuple[str, str]] = {}
        for group in document.get("groups") or ():
            for kind in group.get("types") or ():
                for written in (kind.get("maps_from") or {}).get(source) or ():
                    key = _key(str(written))
                    if not all(key):
                        raise TaxonomyMappingError(
                            f"taxonomy.yaml: {source} descriptor {written!r} of {kind['code']} "
                            f"has an empty part; write it like 'Long Term Care / Residential'."
                        )
                    earlier = entries.setdefault(key, (str(kind["code"]), str(written)))
                    if earlier[0] != kind["code"]:
                        raise TaxonomyMappingError(
                            f"taxonomy.yaml: {source} descriptor {written!r} maps to both "
                            f"{earlier[0]} and {kind['code']}; keep it under one spending type."
                        )
        return cls(source=source, entries=entries)


@cache
def _taxonomy_document() -> dict[str, Any]:
    import yaml

    text = resources.files("joinedup.ledger").joinpath("taxonomy.yaml").read_text("utf-8")
    document = yaml.safe_load(text)
    if not isinstance(document, dict):
        raise TaxonomyMappingError("taxonomy.yaml does not hold a mapping at the top level.")
    return document


def funding_source_codes() -> frozenset[str]:
    """The funding source codes the shipped taxonomy defines."""
    return frozenset(str(source["code"]) for source in _taxonomy_document()["funding_sources"])


@cache
def line_map(source: str) -> LineMap:
    """The shipped taxonomy's map for one return (a ``maps_from`` key such as ``asc_fr``)."""
    return LineMap.from_taxonomy(_taxonomy_document(), source)
