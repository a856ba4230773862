"""The synthetic demonstration system: seeded, reproducible, marked synthetic everywhere.

The builder loads lazily, so the command line can offer `--scale` without importing it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from joinedup.demo.scale import Scale

if TYPE_CHECKING:
    from joinedup.demo.builder import BuildSummary, DemoRefused, build

__all__ = ["BuildSummary", "DemoRefused", "Scale", "build"]


def __getattr__(name: str) -> Any:
    if name in ("BuildSummary", "DemoRefused", "build"):
        from joinedup.demo import builder

        return getattr(builder, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
