"""The base of every typed result an analysis returns: a read-only pydantic model.

The API names these as response models (so the OpenAPI document describes each answer), the CLI
writes them with ``--format json`` through :func:`joinedup.jsonable.jsonable`, and pages and the
pack read their fields. Fields are declared in the order JSON writes them.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Record(BaseModel):
    """A record of figures: read-only, its fields in the order JSON writes them."""

    model_config = ConfigDict(frozen=True)
