"""Building the synthetic demonstration warehouse."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from joinedup.demo.context import DemoContext
from joinedup.demo.parts import PARTS
from joinedup.demo.scale import Scale
from joinedup.errors import JoinedUpError
from joinedup.warehouse import Warehouse, init

Progress = Callable[[str, int, int], None]


class DemoRefused(JoinedUpError):
    pass


@dataclass(frozen=True, slots=True)
class BuildSummary:
    path: Path
    seed: int
    scale: Scale
    rows: dict[str, int] = field(default_factory=dict)


def build(
    path: Path, *, seed: int = 1, scale: Scale | str = Scale.small, progress: Progress | None = None
) -> BuildSummary:
    """Create or rebuild the demonstration data in the warehouse at ``path``.

    The same seed and scale give the same rows. A warehouse that is not a demonstration warehouse
    is refused: synthetic data must never mix with a system's real submissions.
    """
    try:
        chosen = Scale(scale)
    except ValueError:
        choices = ", ".join(member.value for member in Scale)
        raise DemoRefused(f"Unknown scale {scale!r}; choose one of {choices}.") from None
    path = Path(path)
    if path.exists():
        with Warehouse.open(path, allow_older=True) as existing:
            if not existing.synthetic:
                raise DemoRefused(
                    f"{path} is not a demonstration warehouse, so the demo will not write to it; "
                    "choose a new file with --db."
                )
    init(path)
    steps = len(PARTS) + 1
    report = progress or (lambda step, done, total: None)
    rows: dict[str, int] = {}
    with Warehouse.open(path, write=True) as warehouse, warehouse.transaction() as connection:
        for done, part in enumerate(PARTS):
            report(f"Building {part.description}", done, steps)
            for table in part.tables:
                connection.execute(f"DELETE FROM {table} WHERE synthetic")
            part.build(DemoContext(warehouse, random.Random(f"{seed}:{part.name}"), chosen, seed))
            for table in part.tables:
                counted = connection.execute(
                    f"SELECT count(*) FROM {table} WHERE synthetic"
                ).fetchone()
                rows[table] = int(counted[0]) if counted else 0
        report("Marking the warehouse synthetic", len(PARTS), steps)
        warehouse.set_meta("synthetic", "true")
        warehouse.set_meta("demo_seed", str(seed))
        warehouse.set_meta("demo_scale", chosen.value)
        report("Done", steps, steps)
    return BuildSummary(path, seed, chosen, rows)
