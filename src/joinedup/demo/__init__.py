"""The synthetic demonstration system: seeded, reproducible, marked synthetic everywhere."""

from joinedup.demo.builder import BuildSummary, DemoRefused, build
from joinedup.demo.scale import Scale

__all__ = ["BuildSummary", "DemoRefused", "Scale", "build"]
