"""How much demonstration data to build."""

from __future__ import annotations

from enum import StrEnum


class Scale(StrEnum):
    """``small`` builds quickly for tests and laptops; ``full`` matches real systems' volumes.

    Each part of the generator reads what it needs from here (for example the size of the
    person-level sample), so one flag scales the whole demonstration.
    """

    small = "small"
    full = "full"

    @property
    def people_per_system(self) -> int:
        return 2_000 if self is Scale.small else 50_000
