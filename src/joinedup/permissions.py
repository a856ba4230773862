"""Who may change what: the one place the rules for every write are kept.

The web routes, the governance library and the command line all ask here, so a rule cannot hold
in one and not another. The roles (see :mod:`joinedup.users` and docs/web.md):

* ``partner_analyst`` submits spend for their own organisation, and nothing else;
* ``board_secretary`` keeps the registers of their own organisation's boards, and records their
  own council's sign-off of a decision, whichever board took it;
* ``system_admin`` may do everything.

Each rule is a ``may_...`` question and a ``require_...`` that raises :class:`NotPermitted`,
which the web app answers with 403 and the command line prints as one line.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from joinedup.errors import JoinedUpError
from joinedup.users import User


class NotPermitted(JoinedUpError):
    """The user's role or organisation does not allow this change."""


def may_submit_spend(user: User, organisation_code: str) -> bool:
    """Spend is submitted by the organisation's own analysts (a secretary keeps registers)."""
    return user.is_admin or (
        user.role == "partner_analyst" and user.organisation_code == organisation_code
    )


def require_submit_spend(user: User, organisation_code: str) -> None:
    if not may_submit_spend(user, organisation_code):
        if user.role != "partner_analyst":
            raise NotPermitted("Only partner analysts submit spend.")
        raise NotPermitted("This is another organisation's data.")


def board_owners(board: Mapping[str, Any]) -> set[str]:
    """The organisations whose secretaries keep a board: a council's own boards, the system's
    (ICB board, partnership) for the ICB; a place board belongs to both."""
    return {board["council"], board["system"]} - {None}


#: The roles that keep registers at all: a board secretary (their own organisation's boards) and
#: an administrator (any board).
REGISTER_KEEPERS = ("board_secretary", "system_admin")


def may_keep_registers(user: User) -> bool:
    """Whether the user's role keeps registers (which boards is :func:`may_keep_board`)."""
    return user.role in REGISTER_KEEPERS


def may_sign_for_board(user: User, decisions: Iterable[Mapping[str, Any]]) -> bool:
    """Whether a board's decisions (``decisions``: the board's, each with the organisations it
    ``affected``) affect the secretary's organisation, whose sign-off they record: they may see
    the board and sign off, but not keep it (the board is another organisation's)."""
    return user.role == "board_secretary" and any(
        user.organisation_code in decision["affected"] for decision in decisions
    )


def may_keep_board(user: User, board: Mapping[str, Any]) -> bool:
    if user.is_admin:
        return True
    return user.role == "board_secretary" and user.organisation_code in board_owners(board)


def require_keep_board(user: User, board: Mapping[str, Any]) -> None:
    if not may_keep_board(user, board):
        raise NotPermitted(f"Board {board['code']} is not kept by {user.email}.")


def may_sign_off(user: User, council_code: str) -> bool:
    """A council's sign-off is the council's to record: its own secretary's (not the secretary
    of the board that took the decision, who would otherwise approve their own proposal)."""
    if user.is_admin:
        return True
    return user.role == "board_secretary" and user.organisation_code == council_code


def require_sign_off(user: User, council_code: str) -> None:
    if not may_sign_off(user, council_code):
        raise NotPermitted(
            f"Only council {council_code}'s board secretaries (or an administrator) may record "
            f"its sign-off; {user.email} is not one."
        )


def may_give_feedback(user: User, council_code: str) -> bool:
    """A council's feedback on its system's leadership (the ICB chair...) is the council's own:
    given by its board secretaries, or an administrator."""
    return user.is_admin or (
        user.role == "board_secretary" and user.organisation_code == council_code
    )


def require_give_feedback(user: User, council_code: str) -> None:
    if not may_give_feedback(user, council_code):
        raise NotPermitted(
            f"Only council {council_code}'s board secretaries (or an administrator) may give "
            f"its feedback; {user.email} is not one."
        )


def may_plan(user: User, partners: Iterable[str]) -> bool:
    """A system's planner scenarios are saved by analysts of one of its partners (``partners``:
    the system's organisation codes), or an administrator."""
    if user.is_admin:
        return True
    return user.role == "partner_analyst" and user.organisation_code in set(partners)


def require_plan(user: User, system_code: str, partners: Iterable[str]) -> None:
    if not may_plan(user, partners):
        raise NotPermitted(
            f"Only analysts of {system_code}'s partners (or an administrator) save its planner "
            f"scenarios; {user.email} is not one."
        )
