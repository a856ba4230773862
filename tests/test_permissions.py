"""The register rules the web app asks: who keeps registers, which boards, whose sign-off."""

from __future__ import annotations

from joinedup.permissions import may_keep_board, may_keep_registers, may_sign_for_board
from joinedup.users import User

KENT, MEDWAY, ICB = "E10000016", "E06000035", "QKS"
PLACE_BOARD = {"code": "kent-place", "council": KENT, "system": ICB}
ICB_BOARD = {"code": "icb-board", "council": None, "system": ICB}


def person(role: str, organisation: str | None) -> User:
    return User(1, f"{role}@example.org", role.replace("_", " "), role, organisation, False)


def test_only_secretaries_and_administrators_keep_registers() -> None:
    assert may_keep_registers(person("board_secretary", KENT))
    assert may_keep_registers(person("system_admin", None))
    assert not may_keep_registers(person("partner_analyst", KENT))


def test_a_secretary_keeps_their_organisations_boards_only() -> None:
    assert may_keep_board(person("board_secretary", KENT), PLACE_BOARD)
    assert may_keep_board(person("board_secretary", ICB), PLACE_BOARD)
    assert not may_keep_board(person("board_secretary", KENT), ICB_BOARD)
    assert not may_keep_board(person("board_secretary", MEDWAY), PLACE_BOARD)
    assert may_keep_board(person("system_admin", None), ICB_BOARD)


def test_a_secretary_signs_for_a_board_whose_decision_affects_their_council() -> None:
    decisions = [{"id": 1, "affected": [MEDWAY]}, {"id": 2, "affected": []}]
    assert may_sign_for_board(person("board_secretary", MEDWAY), decisions)
    assert not may_sign_for_board(person("board_secretary", KENT), decisions)
    assert not may_sign_for_board(person("partner_analyst", MEDWAY), decisions)
    assert not may_sign_for_board(person("board_secretary", MEDWAY), [])
