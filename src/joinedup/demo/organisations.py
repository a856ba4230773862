"""Synthetic provider organisations: NHS trusts and VCSE partners for every system."""

from __future__ import annotations

from joinedup.demo.context import DemoContext
from joinedup.reference import systems

# Real trusts' names and codes are not in the reference data, and a demonstration must never look
# like a real organisation's figures: providers are invented and say so in their names.
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
