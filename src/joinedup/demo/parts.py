"""The parts of the demonstration data, in the order they are built.

A part owns some tables: it is given a seeded random generator of its own (so adding a part never
changes another part's data) and fills its tables from the reference structure. Each later module
adds its part here when its tables land.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from joinedup.demo.scale import Scale
from joinedup.reference import systems
from joinedup.warehouse import Warehouse


@dataclass(frozen=True, slots=True)
class DemoContext:
    warehouse: Warehouse
    random: random.Random
    scale: Scale
    seed: int


@dataclass(frozen=True, slots=True)
class Part:
    name: str
    description: str
    # Rows of these tables where `synthetic` is true are replaced on every build.
    tables: tuple[str, ...]
    build: Callable[[DemoContext], None]


# Provider organisations are invented: real trusts' names and codes are not in the reference data,
# and a demonstration must never look like a real organisation's figures.
PROVIDER_KINDS = (
    ("ACUTE", "nhs_trust", "Acute Hospitals NHS Trust"),
    ("COMM", "nhs_trust", "Community and Mental Health NHS Trust"),
    ("VCSE", "vcse", "Voluntary Sector Alliance"),
)


def build_providers(context: DemoContext) -> None:
    rows = [
        (
            f"SYN-{found.ods_code}-{suffix}",
            f"{found.short_name} {label} (synthetic)",
            kind,
            found.code,
        )
        for found in systems()
        for suffix, kind, label in PROVIDER_KINDS
    ]
    context.warehouse.connection.executemany(
        "INSERT INTO organisations (code, name, kind, system_code, synthetic) "
        "VALUES (?, ?, ?, ?, true)",
        rows,
    )


PARTS: tuple[Part, ...] = (
    Part(
        "providers",
        "NHS trusts and VCSE partners",
        ("organisations",),
        build_providers,
    ),
)
