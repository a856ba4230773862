"""Councils' voice: seats against population share, board burden, and split councils with no
member on one of their systems' boards, on the hand-built warehouse of conftest.py."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from joinedup.cli import app
from joinedup.places.voice import burden, council_voice, system_voice
from joinedup.warehouse import Warehouse

from ..governance.governance_support import run
from .conftest import AS_OF, ESSEX, HERTS, HWE, MSE


def test_seats_against_population_share(hwe: Path) -> None:
    code, out, err = run(app, "places", "voice", "--system", "QM7", "--as-of", "2025-03-01",
                         "--format", "json", "--db", str(hwe))  # fmt: skip
    assert code == 0, err
    record = json.loads(out)
    assert record["council_seats"] == 4  # Jo, Kit, Ann for Hertfordshire; Bob for Essex
    herts, essex = record["councils"]  # most residents first
    # 1,178,569 and 319,649 of the system's 1,498,218 residents (Census 2021)
    assert (herts["code"], herts["seats"], herts["seat_share"]) == (HERTS, 3, 0.75)
    assert (herts["population_share"], herts["representation"]) == (0.7866, 0.953)
    assert (essex["code"], essex["seats"], essex["seat_share"]) == (ESSEX, 1, 0.25)
    assert (essex["population_share"], essex["representation"]) == (0.2134, 1.172)
    assert essex["split"] and essex["systems_count"] == 3 and essex["voice"]
    assert record["split_without_voice"] == []


def test_a_split_council_with_no_member_is_named(hwe: Path) -> None:
    with Warehouse.open(hwe) as warehouse:
        after = system_voice(warehouse, HWE, as_of=date(2025, 6, 1))  # Bob has left the ICP
        essex = council_voice(warehouse, ESSEX, as_of=date(2025, 6, 1))
        mid_and_south = system_voice(warehouse, MSE, as_of=date(2025, 6, 1))
    assert after["split_without_voice"] == [
        {"code": ESSEX, "name": "Essex", "share_of_council_population": 0.2126}
    ]
    assert next(row for row in after["councils"] if row["code"] == ESSEX)["seat_share"] == 0.0
    # Essex sits on Mid and South Essex's ICB board; Suffolk and North East Essex has no
    # board at all registered, so Essex has no voice there either.
    assert essex["split"] and essex["without_voice_in"] == ["E54000023", "E54000025"]
    assert ESSEX not in {row["code"] for row in mid_and_south["split_without_voice"]}


def test_board_burden_counts_boards_seats_and_meetings_in_the_year(hwe: Path) -> None:
    with Warehouse.open(hwe) as warehouse:
        found = burden(warehouse, ESSEX, as_of=AS_OF)
    # The year of meetings ends at the last one recorded by AS_OF (the ICP's, 5 February 2025):
    # the ICP (Bob; 2 meetings), Essex's HWB (Gus, Hal; 3 meetings: the one of January 2024 is
    # older than that year), Mid and South Essex's ICB board (Ivy; none recorded).
    assert [(b["board"], b["seats"], b["meetings"]) for b in found["by_board"]] == [
        ("E10000012-HWB", 2, 3),
        ("QH8-ICB", 1, 0),
        ("QM7-ICP", 1, 2),
    ]
    assert (found["boards"], found["seats"], found["meetings"], found["seat_meetings"]) == (
        3, 4, 5, 8
    )  # fmt: skip
    assert (found["from_date"], found["to_date"]) == ("2024-02-07", "2025-02-05")


def test_voice_table_flags_the_silent(hwe: Path) -> None:
    code, out, _ = run(app, "places", "voice", "--system", "QM7", "--as-of", "2025-06-01",
                       "--format", "table", "--db", str(hwe))  # fmt: skip
    assert code == 0
    assert "no member on this system's boards: Essex (E10000012)" in out
