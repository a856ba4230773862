"""Partner organisations: ICBs and councils (from the reference data), trusts and VCSE partners."""

from __future__ import annotations

from dataclasses import dataclass
from difflib import get_close_matches

from joinedup.errors import JoinedUpError
from joinedup.reference import UnknownCode, council, system
from joinedup.warehouse import Warehouse


class UnknownOrganisation(JoinedUpError):
    exit_code = 2


@dataclass(frozen=True, slots=True)
class Organisation:
    code: str
    name: str
    kind: str  # icb | council | nhs_trust | vcse | other
    system_code: str | None  # an ICB's own system, a provider's home system; None for councils
    synthetic: bool


def organisation(warehouse: Warehouse, key: str) -> Organisation:
    """The organisation with this code; an ICB may also be named by any key its system has."""
    code = key.strip()
    for candidate in (code, code.upper(), _reference_code(code)):
        if candidate is None:
            continue
        rows = warehouse.query(
            "SELECT code, name, kind, system_code, synthetic FROM organisations WHERE code = ?",
            [candidate],
        )
        if rows:
            return Organisation(**rows[0])
    known = [row["code"] for row in warehouse.query("SELECT code FROM organisations")]
    close = get_close_matches(code.upper(), known, n=3, cutoff=0.5)
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    raise UnknownOrganisation(f"Unknown organisation {key!r}.{hint}")


def _reference_code(key: str) -> str | None:
    for lookup in (system, council):
        try:
            return lookup(key).code
        except UnknownCode:
            continue
    return None
