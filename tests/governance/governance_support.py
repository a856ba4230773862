"""Helpers shared by the governance tests (imported as a module: test folders are not packages)."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from joinedup.warehouse import Warehouse, init

KENT, MEDWAY, KM = "E10000016", "E06000035", "E54000032"
ICB_BOARD = "QKS-ICB"
Member = Callable[..., int]  # the `member` fixture: member(board, role, **options) -> person


def kent_and_medway_board(warehouse: Warehouse) -> str:
    """Kent and Medway's ICB board, with no members yet."""
    from joinedup.governance.boards import add_board

    add_board(warehouse, ICB_BOARD, "NHS Kent and Medway ICB board", "icb_board", system=KM)
    return ICB_BOARD


def run(app: Any, *args: str) -> tuple[int, str, str]:
    """Invoke a command group the way `joinedup` would, returning status, stdout and stderr."""
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def build_parts(path: Path, seed: int) -> Path:
    """The providers, priorities and governance demo parts, as the demo builder runs them."""
    from joinedup.demo.context import DemoContext
    from joinedup.demo.governance import GOVERNANCE_TABLES, build_governance
    from joinedup.demo.organisations import build_providers
    from joinedup.demo.priorities import PRIORITY_TABLES, build_priorities
    from joinedup.demo.scale import Scale

    init(path)
    parts = (("providers", ("organisations",), build_providers),
             ("priorities", PRIORITY_TABLES, build_priorities),
             ("governance", GOVERNANCE_TABLES, build_governance))  # fmt: skip
    with Warehouse.open(path, write=True) as opened, opened.transaction() as connection:
        for name, tables, build in parts:
            for table in tables:
                connection.execute(f"DELETE FROM {table} WHERE synthetic")
            build(DemoContext(opened, random.Random(f"{seed}:{name}"), Scale.small, seed))
        opened.set_meta("synthetic", "true")
    return path
