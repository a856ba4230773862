"""`joinedup settings`: every setting, its value now and where to change it."""

from __future__ import annotations

from joinedup.cli.options import Config, Format, output_format, settings
from joinedup.cli.output import Column, emit


def show(config: Config = None, form: Format = None) -> None:
    """Show every setting with its value, environment variable and description."""
    from joinedup.settings import describe

    current = settings(config).model_dump(mode="json")
    rows = [row | {"value": str(current[row["name"]])} for row in describe()]
    columns = [
        Column("name", "Setting"),
        Column("value", "Value"),
        Column("environment", "Environment variable"),
        Column("description", "Description"),
    ]
    emit(rows, columns, output_format(form))
