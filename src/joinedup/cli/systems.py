"""`joinedup systems`: England's 42 integrated care systems."""

from __future__ import annotations

from typing import Annotated

import typer

from joinedup.cli.options import Format, output_format
from joinedup.cli.output import Column, emit, emit_one, percent, thousands

app = typer.Typer(help="England's 42 integrated care systems (ICBs).", no_args_is_help=True)

COLUMNS = [
    Column("code", "Code"),
    Column("short_name", "System"),
    Column("region", "NHS region"),
    Column("population", "Population", thousands, "right"),
    Column("councils", "Councils", lambda codes: str(len(codes)), "right"),
]
CSV_COLUMNS = [
    Column("code", "code"),
    Column("name", "name"),
    Column("short_name", "short_name"),
    Column("ods_code", "ods_code"),
    Column("region", "region"),
    Column("region_code", "region_code"),
    Column("population", "population"),
    Column("councils", "councils"),
]
COUNCIL_COLUMNS = [
    Column("code", "Code"),
    Column("name", "Council"),
    Column("type", "Type"),
    Column("population_in_system", "Population in system", thousands, "right"),
    Column("population_share", "Share of council", percent, "right"),
]


@app.command("list")
def list_(form: Format = None) -> None:
    """List every system with its region, Census 2021 population and councils."""
    from joinedup.cli.options import OutputFormat
    from joinedup.reference.records import system_records

    chosen = output_format(form)
    columns = CSV_COLUMNS if chosen is OutputFormat.csv else COLUMNS
    emit(system_records(), columns, chosen)


@app.command()
def show(
    code: Annotated[str, typer.Argument(help="E54 code, pre-2023 code, ODS code or name.")],
    form: Format = None,
) -> None:
    """Show one system and the councils in it, with the share of each council's population."""
    from joinedup.cli.options import OutputFormat
    from joinedup.reference.records import system_detail

    record = system_detail(code)
    chosen = output_format(form)
    if chosen is OutputFormat.table:
        emit_one(record, chosen, record.name)
        emit(record.council_detail, COUNCIL_COLUMNS, chosen)
    else:
        emit_one(record, chosen, record.name)
