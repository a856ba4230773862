"""Records as JSON can carry them, one way everywhere: the API, ``--format json``, the audit log.

- **Money** (a ``Decimal`` of pounds) is a JSON number of pounds, pence after the point:
  ``1234500.5``, ``840000.0``; the ledger's figures and the API's typed records (pydantic
  ``float`` fields) are written the same way (docs/decisions.md, "Money in JSON"). Any other
  ``Decimal`` (a discount rate) is a number too.
- **Dates and times** in ISO 8601 (``2025-03-31``, ``2025-03-31T09:30:00``).
- Tuples and sets as lists; mappings with text keys; a path as its text; dataclasses and
  pydantic models as their fields.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from pathlib import PurePath
from typing import Any


def money_number(amount: Decimal) -> float:
    """An amount of pounds as a JSON number (exact to the penny for any amount below £10
    trillion: a float carries 15 significant figures).

    >>> money_number(Decimal("1234500.50")), money_number(Decimal("840000"))
    (1234500.5, 840000.0)
    """
    return float(amount)


def jsonable(value: Any) -> Any:
    """``value`` with every part JSON can not carry made into one it can, recursively.

    >>> jsonable({"total": Decimal("12.50"), "on": date(2025, 3, 31), "codes": ("a", "b")})
    {'total': 12.5, 'on': '2025-03-31', 'codes': ['a', 'b']}
    """
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return money_number(value)
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    if isinstance(value, Enum):
        return jsonable(value.value)
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return jsonable(dataclasses.asdict(value))
    if hasattr(value, "model_dump"):  # a pydantic model
        return jsonable(value.model_dump())
    return value


__all__ = ["jsonable", "money_number"]
