"""The pack's boards page: how many seats councillors hold on the ICB board and the ICP of each
of the council's systems, and whether the council has a voice (IMPOWER/CCN recommendation 11).

Figures come from ``governance.review.review``. Board seats are public appointments that every
board publishes with its members' names, so their counts are shown as they are: disclosure
control protects people in health and care records, and a board of 11 with one councillor is
the finding the review exists to show (see docs/scrutiny-pack.md).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from joinedup.governance.review import review
from joinedup.reference import Council
from joinedup.warehouse import Warehouse

SHOWN = ("icb_board", "icp")


def boards_section(warehouse: Warehouse, member: Council, as_of: date | None) -> dict[str, Any]:
    """For each of the council's systems: its ICB board and ICP, and the council's voice."""
    systems = []
    for membership in member.systems:
        found = review(warehouse, membership.system_code, as_of=as_of)
        without_voice = {council.code for council in found.councils_without_voice}
        without_vote = {council.code for council in found.councils_without_vote}
        systems.append(
            {
                "code": found.system,
                "name": found.name,
                "as_of": found.as_of,
                "boards": [
                    board
                    for board in found.boards
                    if board.kind in SHOWN and board.system == found.system
                ],
                "has_icb_board": bool(found.icb_boards),
                "voice": member.code not in without_voice,
                "vote": member.code not in without_vote,
                "other_councils_without_voice": [
                    council.name
                    for council in found.councils_without_voice
                    if council.code != member.code
                ],
                "comparison": found.comparison,
            }
        )
    return {"systems": systems}
