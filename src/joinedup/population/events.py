"""Activity events: one row per contact, admission, package or prescription, with its cost.

Columns (after loading): ``person_id``, ``event_date``, ``setting`` (a spending type of the
ledger's taxonomy, such as ``acute_non_elective`` or ``asc_home_care``, so that a person's costs
line up with the joint ledger's spend), ``cost_pence`` (the cost in whole pence, so sums are exact
on every engine) and ``condition_codes`` (optional reasons, ``;``-separated codes of the
condition catalogue, e.g. ``maternity``). The loader adds ``setting_id`` (the setting's position
in the taxonomy, a small integer the engines count by, far faster than comparing text) and
``in_hospital`` (whether the setting is in hospital, as the taxonomy says).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from joinedup.ledger.taxonomy import spending_types

if TYPE_CHECKING:
    import pyarrow as pa

CODE_SEPARATOR = ";"


@cache
def settings() -> dict[str, bool]:
    """Every setting an event may have, mapped to True when it is in hospital.

    >>> settings()["acute_non_elective"], settings()["asc_home_care"]
    (True, False)
    """
    return {code: kind.setting == "in_hospital" for code, kind in spending_types().items()}


def setting_id(setting: str) -> int:
    """The setting's number: its position in the taxonomy (stable while the taxonomy is).

    >>> setting_id("acute_elective")
    0
    """
    return list(settings()).index(setting)


def schema() -> pa.Schema:
    import pyarrow as pa

    return pa.schema(
        [
            ("person_id", pa.string()),
            ("event_date", pa.date32()),
            ("setting", pa.string()),
            ("setting_id", pa.int8()),
            ("in_hospital", pa.bool_()),
            ("cost_pence", pa.int64()),
            ("condition_codes", pa.string()),
        ]
    )
