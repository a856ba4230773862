"""Boards: the ICB board, the ICP, Health and Wellbeing Boards, place boards, scrutiny committees.

A board belongs to a system (ICB board, ICP), a council (HWB, scrutiny committee) or both (a
place board: one council area of a system). A board is named by a code people choose, such as
``QYG-ICB`` or ``E06000006-HWB``.
"""

from __future__ import annotations

from typing import Any

from joinedup.records.registers import (
    Batch,
    Field,
    Kind,
    Register,
    Report,
    rows,
    store,
)
from joinedup.warehouse import Warehouse

KINDS = ("icb_board", "icp", "hwb", "place_board", "scrutiny")
KIND_NAMES = {
    "icb_board": "ICB board",
    "icp": "Integrated Care Partnership",
    "hwb": "Health and Wellbeing Board",
    "place_board": "place board",
    "scrutiny": "scrutiny committee",
}
NEEDS_SYSTEM = ("icb_board", "icp", "place_board")
NEEDS_COUNCIL = ("hwb", "place_board")


def check_board(batch: Batch, board: dict[str, Any], report: Report) -> None:
    """A board has the system and council its kind needs, and the council is in the system."""
    kind = board["kind"]
    if kind in NEEDS_SYSTEM and board["system"] is None:
        report("system", f"a {KIND_NAMES[kind]} belongs to a system; give its code")
    if kind in NEEDS_COUNCIL and board["council"] is None:
        report("council", f"a {KIND_NAMES[kind]} belongs to a council; give its code")
    if kind == "scrutiny" and board["system"] is None and board["council"] is None:
        report("council", "a scrutiny committee belongs to a council (or, if joint, a system)")
    if board["system"] and board["council"]:
        from joinedup.reference import council

        systems = [membership.system_code for membership in council(board["council"]).systems]
        if board["system"] not in systems:
            report("council", f"council {board['council']} is not in system {board['system']}")


BOARDS = Register(
    "boards",
    "governance_boards",
    (
        Field("code", Kind.text, required=True, help="A code you choose, e.g. QYG-ICB."),
        Field("name", Kind.text, required=True),
        Field(
            "kind",
            Kind.choice,
            required=True,
            choices=KINDS,
            help="icb_board, icp, hwb, place_board or scrutiny.",
        ),
        Field(
            "system",
            Kind.text,
            column="system_code",
            refers_to="systems",
            help="The system (E54 code, ODS code or name).",
        ),
        Field(
            "council",
            Kind.text,
            column="council_code",
            refers_to="councils",
            help="The council (ONS code).",
        ),
        Field("external_ref", Kind.text, help="Where it was imported from, if it was."),
    ),
    generated=False,
    check=check_board,
    description="ICB boards, ICPs, Health and Wellbeing Boards, place boards, scrutiny",
)


def add_board(
    warehouse: Warehouse,
    code: str,
    name: str,
    kind: str,
    *,
    system: str | None = None,
    council: str | None = None,
    who: str | None = None,
) -> dict[str, Any]:
    """Register a board (or change the one with this code); returns it as stored."""
    entry = {"code": code, "name": name, "kind": kind, "system": system, "council": council}
    return store(warehouse, BOARDS, [entry], who=who)[0].after


def boards(warehouse: Warehouse, system: str | None = None) -> list[dict[str, Any]]:
    """Every board, or those of one system: its own and those of its councils."""
    if system is None:
        return rows(warehouse, BOARDS)
    from joinedup.reference import system as find_system

    code = find_system(system).code
    return rows(
        warehouse,
        BOARDS,
        "system_code = ? OR council_code IN "
        "(SELECT council_code FROM ref_council_systems WHERE system_code = ?)",
        [code, code],
    )
