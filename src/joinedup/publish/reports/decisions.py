"""The pack's decisions page: major decisions affecting the council and whether it signed
them off, as the oversight rules see them (``governance.decisions.check_decisions``).

A decision is *major* when an oversight rule covers it (it needs the affected councils'
sign-off) or the rules flag it (a conflict of interest, no regard to the strategy). Members with
a conflict are named by board role only: the pack is about the decision, not the person. Each
decision carries what it commits, the priorities it serves, the metrics it aims to move and
their SPC verdict (``governance.outcomes``); each system, the share of its decided money that
serves the strategy (``governance.alignment``).
"""

from __future__ import annotations

from typing import Any

from joinedup.governance.boards import boards
from joinedup.governance.decisions import check_decisions, sign_offs
from joinedup.governance.oversight import CheckedDecision, OversightRules
from joinedup.reference import Council
from joinedup.warehouse import Warehouse

# How the council stands on each decision, most urgent first (the order the page lists them).
STANDINGS = (
    "approved_without_sign_off",
    "awaiting_sign_off",
    "signed_off",
    "rejected",
    "no_sign_off_needed",
)


def decisions_section(
    warehouse: Warehouse, member: Council, rules: OversightRules | None = None
) -> dict[str, Any]:
    """Decisions of the boards of the council's systems that affect the council."""
    from joinedup.governance.alignment import alignment
    from joinedup.governance.outcomes import judged_decisions

    found: dict[int, CheckedDecision] = {}
    board_names: dict[str, str] = {}
    judged: dict[int, dict[str, Any]] = {}
    aligned = []
    for membership in member.systems:
        judged |= {row["id"]: row for row in judged_decisions(warehouse, membership.system_code)}
        aligned.append(alignment(warehouse, membership.system_code))
        board_names |= {
            board["code"]: board["name"] for board in boards(warehouse, membership.system_code)
        }
        for row in check_decisions(warehouse, system=membership.system_code, rules=rules):
            if member.code in row.affected_councils:
                found[row.decision] = row
    titles = {
        code: item["title"] for system in aligned for code, item in system["by_priority"].items()
    }
    records = [
        _record(warehouse, row, member.code, board_names) | _money_and_outcome(judged[key], titles)
        for key, row in found.items()
    ]
    major = [record for record in records if record["rules"] or record["flags"]]
    major.sort(key=lambda record: record["date"], reverse=True)
    major.sort(key=lambda record: STANDINGS.index(record["standing"]))
    return {
        "major": major,
        "others": [record for record in records if record not in major],
        "without_sign_off": [r for r in major if r["standing"] == "approved_without_sign_off"],
        "awaiting": [r for r in major if r["standing"] == "awaiting_sign_off"],
        "with_conflicts": [r for r in major if r["conflicts"]],
        "alignment": aligned,
    }


def _money_and_outcome(row: dict[str, Any], titles: dict[str, str]) -> dict[str, Any]:
    return {
        "value_gbp": row["value_gbp"],
        "priorities": [titles.get(code, code) for code in row["priorities"]],
        "target_metrics": [item["title"] for item in row["outcomes"]] or row["target_metrics"],
        "outcome": row["outcome"],
        "regard": row["regard"],
    }


def _record(
    warehouse: Warehouse, row: CheckedDecision, code: str, board_names: dict[str, str]
) -> dict[str, Any]:
    signed = [entry for entry in sign_offs(warehouse, row.decision) if entry["council"] == code]
    return {
        "id": row.decision,
        "title": row.title,
        "type": row.type,
        "value": row.value,
        "date": row.date,
        "status": row.status,
        "board": row.board,
        "board_name": board_names.get(row.board, row.board),
        "rules": row.rules,
        "flags": row.flags,
        "standing": _standing(row, code),
        "sign_off": signed[0] if signed else None,
        "conflicts": [
            {"role": conflict.role, "organisation": _name(warehouse, conflict.organisation)}
            for conflict in row.conflicts
        ],
        "shows_regard": row.shows_regard,
    }


def _standing(row: CheckedDecision, code: str) -> str:
    if row.status == "rejected":
        return "rejected"
    if code in row.missing_sign_offs:
        return "approved_without_sign_off" if row.status == "approved" else "awaiting_sign_off"
    if code in row.signed_off:
        return "signed_off"
    return "no_sign_off_needed"


def _name(warehouse: Warehouse, code: str) -> str:
    found = warehouse.query("SELECT name FROM organisations WHERE code = ?", [code])
    return str(found[0]["name"]) if found else code
