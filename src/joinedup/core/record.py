"""The base of every typed result an analysis returns: a read-only pydantic model.

The API names these as response models (so the OpenAPI document describes each answer), the CLI
writes them with ``--format json`` through :func:`joinedup.jsonable.jsonable`, and pages and the
pack read their fields. Fields are declared in the order JSON writes them.

Money kept exact (a ``Decimal`` of pounds, as the appraisal sums it to the penny) is a
:data:`Money` field: a ``Decimal`` to read, a JSON number of pounds when written, as
:func:`joinedup.jsonable.money_number` writes it (docs/decisions.md, "Money in JSON"). Any
other exact number (a discount rate) is an :data:`Exact` field, written the same way.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, PlainSerializer

#: An exact number (a ``Decimal``), written to JSON as a number, described so in OpenAPI.
Exact = Annotated[Decimal, PlainSerializer(float, return_type=float, when_used="json")]

#: An exact amount of pounds, written to JSON as a number of pounds (``1234500.5``).
Money = Exact


class Record(BaseModel):
    """A record of figures: read-only, its fields in the order JSON writes them."""

    model_config = ConfigDict(frozen=True)
