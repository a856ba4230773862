"""A small warehouse built by hand, whose answers are known: Hertfordshire and West Essex
(QM7, E54000025), where Hertfordshire lives almost wholly and Essex (split across three systems)
has a fifth of its people.

Boards and current members on 1 March 2025 (``AS_OF``):

* QM7-ICB, the ICB board: two Hertfordshire partner members and the ICB chair;
* QM7-ICP, the partnership: Ann (Hertfordshire councillor, also chairs its HWB), Bob (Essex
  councillor, until 31 March 2025), Cath (the ICB);
* E10000015-HWB: Ann, Dev (Hertfordshire), Eve (Healthwatch, no organisation), Fay (the ICB);
* E10000012-HWB: Gus and Hal (Essex); it met three times in the year to AS_OF and once before;
* QH8-ICB (Mid and South Essex, E54000026): Ivy for Essex;
* QM7-WE-PB: the West Essex place board, no members; the ICP met twice in the year.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from joinedup.governance.boards import add_board
from joinedup.governance.meetings import add_meeting
from joinedup.governance.memberships import add_membership
from joinedup.governance.people import add_person
from joinedup.warehouse import Warehouse, init

HERTS, ESSEX, HWE, MSE = "E10000015", "E10000012", "E54000025", "E54000026"
AS_OF = date(2025, 3, 1)
START = date(2023, 4, 1)


def build_hwe(path: Path) -> Path:
    init(path)
    with Warehouse.open(path, write=True) as warehouse:
        boards = (
            ("QM7-ICB", "NHS Hertfordshire and West Essex ICB board", "icb_board", HWE, None),
            ("QM7-ICP", "Hertfordshire and West Essex ICP", "icp", HWE, None),
            ("E10000015-HWB", "Hertfordshire Health and Wellbeing Board", "hwb", None, HERTS),
            ("E10000012-HWB", "Essex Health and Wellbeing Board", "hwb", None, ESSEX),
            ("QH8-ICB", "NHS Mid and South Essex ICB board", "icb_board", MSE, None),
            ("QM7-WE-PB", "West Essex place board", "place_board", HWE, ESSEX),
        )
        for code, name, kind, system, council in boards:
            add_board(warehouse, code, name, kind, system=system, council=council)
        people = {
            name: add_person(warehouse, name)["id"]
            for name in (
                "Ann",
                "Bob",
                "Cath",
                "Dev",
                "Eve",
                "Fay",
                "Gus",
                "Hal",
                "Ivy",
                "Jo",
                "Kit",
            )
        }
        seats = (
            ("QM7-ICB", "Jo", HERTS, None), ("QM7-ICB", "Kit", HERTS, None),
            ("QM7-ICB", "Cath", HWE, None),
            ("QM7-ICP", "Ann", HERTS, None), ("QM7-ICP", "Bob", ESSEX, date(2025, 3, 31)),
            ("QM7-ICP", "Cath", HWE, None),
            ("E10000015-HWB", "Ann", HERTS, None), ("E10000015-HWB", "Dev", HERTS, None),
            ("E10000015-HWB", "Eve", None, None), ("E10000015-HWB", "Fay", HWE, None),
            ("E10000012-HWB", "Gus", ESSEX, None), ("E10000012-HWB", "Hal", ESSEX, None),
            ("QH8-ICB", "Ivy", ESSEX, None),
        )  # fmt: skip
        for board, name, organisation, end in seats:
            add_membership(warehouse, board, people[name], "Member", start_date=START,
                           end_date=end, voting=True, councillor=False,
                           organisation=organisation)  # fmt: skip
        for board, day in (
            ("E10000012-HWB", date(2024, 1, 10)), ("E10000012-HWB", date(2024, 6, 12)),
            ("E10000012-HWB", date(2024, 9, 11)), ("E10000012-HWB", date(2025, 1, 15)),
            ("QM7-ICP", date(2024, 7, 3)), ("QM7-ICP", date(2025, 2, 5)),
        ):  # fmt: skip
            add_meeting(warehouse, board, day)
    return path


@pytest.fixture(scope="module")
def hwe(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The warehouse described above; tests must not change it (copy it to)."""
    return build_hwe(tmp_path_factory.mktemp("hwe") / "hwe.duckdb")


@pytest.fixture
def hwe_copy(hwe: Path, tmp_path: Path) -> Path:
    """A copy of it to change."""
    import shutil

    path = tmp_path / "hwe.duckdb"
    shutil.copy(hwe, path)
    return path
