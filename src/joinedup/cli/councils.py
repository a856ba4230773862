"""`joinedup councils`: upper-tier councils and the systems they belong to."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from joinedup.cli.options import Format, output_format
from joinedup.cli.output import Column, emit, emit_one, thousands

if TYPE_CHECKING:
    from joinedup.reference.records import CouncilMembership

app = typer.Typer(
    help="Upper-tier councils (social care and public health authorities).",
    no_args_is_help=True,
)


def _memberships(systems: Sequence[CouncilMembership]) -> str:
    return ", ".join(f"{item.code} ({item.population_share:.1%})" for item in systems)


COLUMNS = [
    Column("code", "Code"),
    Column("name", "Council"),
    Column("type", "Type"),
    Column("population", "Population", thousands, "right"),
    Column("systems", "Systems (share of population)", _memberships),
]
CSV_COLUMNS = [Column(key, key) for key in ("code", "name", "type", "population", "systems")]


@app.command("list")
def list_(
    system: Annotated[
        str | None,
        typer.Option("--system", "-s", help="Only councils with population in this system."),
    ] = None,
    form: Format = None,
) -> None:
    """List upper-tier councils with their type, population and systems.

    In CSV, `systems` is `code:population_share:population` items joined by `;`.
    """
    from joinedup.cli.options import OutputFormat
    from joinedup.reference.records import council_records

    chosen = output_format(form)
    columns = CSV_COLUMNS if chosen is OutputFormat.csv else COLUMNS
    emit(council_records(system), columns, chosen)


@app.command()
def show(
    code: Annotated[str, typer.Argument(help="ONS code (E06, E08, E09 or E10) or name.")],
    form: Format = None,
) -> None:
    """Show one council and every system it belongs to."""
    from joinedup.cli.options import OutputFormat
    from joinedup.reference.records import council_detail

    record = council_detail(code)
    chosen = output_format(form)
    emit_one(record, chosen, record.name)
    if chosen is OutputFormat.table:
        emit(
            record.systems,
            [
                Column("code", "System"),
                Column("name", "Name"),
                Column("population", "Population", thousands, "right"),
                Column("population_share", "Share", lambda share: f"{share:.1%}", "right"),
            ],
            chosen,
        )
