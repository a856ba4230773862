"""What each part of the demonstration generator is given."""

from __future__ import annotations

import random
from dataclasses import dataclass

from joinedup.demo.scale import Scale
from joinedup.warehouse import Warehouse


@dataclass(frozen=True, slots=True)
class DemoContext:
    warehouse: Warehouse
    # The part's own generator, seeded from the build's seed and the part's name, so adding a
    # part never changes another part's data.
    random: random.Random
    scale: Scale
    seed: int
