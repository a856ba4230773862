"""Options shared by many verbs, declared once."""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from joinedup.settings import Settings


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


Db = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="Warehouse file [default: ./joinedup.duckdb, or $JOINEDUP_DB].",
        show_default=False,
        dir_okay=False,
    ),
]
Config = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="Config file [default: $JOINEDUP_CONFIG, or ./joinedup.toml if present].",
        show_default=False,
        dir_okay=False,
    ),
]
System = Annotated[str, typer.Option("--system", help="The system (E54 code, ODS code or name).")]
SomeSystem = Annotated[
    str | None, typer.Option("--system", help="A system (E54 code, ODS code or name).")
]
By = Annotated[
    str | None, typer.Option("--by", help="Who is making the change [default: your user name].")
]
Format = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format [default: table on a terminal, csv otherwise].",
        show_default=False,
        case_sensitive=False,
    ),
]


def output_format(chosen: OutputFormat | None) -> OutputFormat:
    if chosen is not None:
        return chosen
    return OutputFormat.table if sys.stdout.isatty() else OutputFormat.csv


def settings(config: Path | None = None, **flags: object) -> Settings:
    from joinedup.settings import load_settings

    loaded = load_settings(config, **flags)
    if loaded.warehouse_threads is not None:
        from joinedup.warehouse import use_threads

        use_threads(loaded.warehouse_threads)
    if loaded.drawing_cache is not None:
        from joinedup.publish.drawings import keep_on_disk

        keep_on_disk(loaded.drawing_cache)
    return loaded


#: The day memberships are counted on (overlap, voice).
MembersOn = Annotated[
    str | None, typer.Option("--as-of", help="Count members on this day [default: today].")
]


def parse_day(value: str | None, option: str) -> date | None:
    """A date given to ``option`` (YYYY-MM-DD), or a usage error naming the option."""
    from joinedup.core.fields import parse_date

    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint=option) from None
