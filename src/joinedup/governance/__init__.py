"""Governance registers and the oversight of decisions.

Boards, people, memberships, meetings and agenda items, decisions and councils' sign-offs, and
declarations of interest are *registers* (:mod:`joinedup.records.registers`): every change is
checked, stored whole or not at all, and recorded in the audit log. Oversight rules decide which
decisions need the affected councils' sign-off; the review compares a system's boards with the
other systems'. Names load lazily, so importing the package costs nothing.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from joinedup.governance.boards import add_board, boards
    from joinedup.governance.decisions import (
        AlreadyDecided,
        MissingSignOffs,
        add_decision,
        check_decisions,
        decide,
        decisions,
        sign_off,
    )
    from joinedup.governance.interests import Conflict, conflicts, declare_interest
    from joinedup.governance.meetings import add_agenda_item, add_meeting
    from joinedup.governance.memberships import add_membership, current_members, end_membership
    from joinedup.governance.moderngov import import_moderngov
    from joinedup.governance.oversight import (
        CheckedDecision,
        OversightRules,
        RulesInvalid,
        load_rules,
        oversee,
    )
    from joinedup.governance.people import add_person
    from joinedup.governance.review import Review, review
    from joinedup.governance.workbook import export_file, import_file
    from joinedup.records.audit import history as audit_history

_NAMES = {
    "audit_history": ("audit", "history"),
    "add_board": ("boards", "add_board"),
    "boards": ("boards", "boards"),
    "AlreadyDecided": ("decisions", "AlreadyDecided"),
    "MissingSignOffs": ("decisions", "MissingSignOffs"),
    "add_decision": ("decisions", "add_decision"),
    "check_decisions": ("decisions", "check_decisions"),
    "decide": ("decisions", "decide"),
    "decisions": ("decisions", "decisions"),
    "sign_off": ("decisions", "sign_off"),
    "Conflict": ("interests", "Conflict"),
    "conflicts": ("interests", "conflicts"),
    "declare_interest": ("interests", "declare_interest"),
    "add_agenda_item": ("meetings", "add_agenda_item"),
    "add_meeting": ("meetings", "add_meeting"),
    "add_membership": ("memberships", "add_membership"),
    "current_members": ("memberships", "current_members"),
    "end_membership": ("memberships", "end_membership"),
    "import_moderngov": ("moderngov", "import_moderngov"),
    "CheckedDecision": ("oversight", "CheckedDecision"),
    "OversightRules": ("oversight", "OversightRules"),
    "RulesInvalid": ("oversight", "RulesInvalid"),
    "load_rules": ("oversight", "load_rules"),
    "oversee": ("oversight", "oversee"),
    "add_person": ("people", "add_person"),
    "Review": ("review", "Review"),
    "review": ("review", "review"),
    "export_file": ("workbook", "export_file"),
    "import_file": ("workbook", "import_file"),
}

__all__ = [
    "AlreadyDecided",
    "CheckedDecision",
    "Conflict",
    "MissingSignOffs",
    "OversightRules",
    "Review",
    "RulesInvalid",
    "add_agenda_item",
    "add_board",
    "add_decision",
    "add_meeting",
    "add_membership",
    "add_person",
    "audit_history",
    "boards",
    "check_decisions",
    "conflicts",
    "current_members",
    "decide",
    "decisions",
    "declare_interest",
    "end_membership",
    "export_file",
    "import_file",
    "import_moderngov",
    "load_rules",
    "oversee",
    "review",
    "sign_off",
]


def __getattr__(name: str) -> Any:
    if name in _NAMES:
        module, attribute = _NAMES[name]
        return getattr(import_module(f"joinedup.governance.{module}"), attribute)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
