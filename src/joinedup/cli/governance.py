"""`joinedup governance`: the registers (boards, members, meetings, decisions, interests), their
import from workbooks and Modern.gov, export and audit log. The oversight verbs are in
``cli.oversight``, the boards' review in ``cli.board_review``, decisions' money and outcomes in
``cli.decisions``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from joinedup.cli.options import (
    By,
    Config,
    Db,
    Format,
    OutputFormat,
    output_format,
    parse_day,
    settings,
)
from joinedup.cli.output import Column, emit, explained
from joinedup.jsonable import jsonable

app = typer.Typer(
    help="Governance registers: boards, members, meetings, decisions, interests, oversight.",
    no_args_is_help=True,
)

REGISTER_NAMES = (
    "boards, people, memberships, meetings, agenda-items, interests, decisions, sign-offs"
)


def _cell(value: Any) -> str:
    from joinedup.core.fields import to_cell

    shown = to_cell(value)
    return "" if shown is None else str(shown)


@app.command("list")
def list_(
    register: Annotated[str, typer.Argument(help=f"One of: {REGISTER_NAMES}.")],
    board: Annotated[
        str | None, typer.Option("--board", help="Only rows of this board (code).")
    ] = None,
    system: Annotated[
        str | None,
        typer.Option(
            "--system",
            help="decisions only: those of this system's boards, with value_gbp, regard and "
            "outcome.",
        ),
    ] = None,
    form: Format = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """List the rows of one register, in key order."""
    from joinedup.governance.workbook import register_named
    from joinedup.records.registers import rows
    from joinedup.warehouse import Warehouse

    with explained():
        chosen = register_named(register)
        if system is not None:
            if chosen.name != "decisions":
                raise typer.BadParameter(
                    "only decisions are listed by system", param_hint="--system"
                )
            from joinedup.cli.decisions import list_system_decisions

            list_system_decisions(system, form, db, config)
            return
        where, parameters = "", []
        if board is not None:
            column = {
                "boards": "code",
                "memberships": "board_code",
                "meetings": "board_code",
                "decisions": "board_code",
            }.get(chosen.name)
            if column is None:
                raise typer.BadParameter(
                    f"{chosen.name} cannot be filtered by board", param_hint="--board"
                )
            where, parameters = f"{column} = ?", [board]
        with Warehouse.open(settings(config, db=db).db) as warehouse:
            found = rows(warehouse, chosen, where, parameters)
    columns = [
        Column(item.name, item.name.replace("_", " ").capitalize(), _cell) for item in chosen.fields
    ]
    shown = output_format(form)
    emit([jsonable(row) if shown is OutputFormat.json else row for row in found], columns, shown)


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A .xlsx workbook or a .csv file.", dir_okay=False)],
    register: Annotated[
        str | None,
        typer.Option("--register", help="The register a CSV holds [default: the file's name]."),
    ] = None,
    by: By = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """Check every row of FILE and store it whole: rows with a known key change that row, others
    are added. Any problem is listed with its file, sheet, row and field and nothing is stored.

    A workbook holds one sheet per register, named after it; `export` writes one to start from.
    """
    from joinedup.governance.workbook import import_file
    from joinedup.warehouse import Warehouse

    with explained(), Warehouse.open(settings(config, db=db).db, write=True) as warehouse:
        imported = import_file(warehouse, file, register=register, who=by)
    for name, counts in imported.counts.items():
        typer.echo(
            f"{name}: {counts.get('insert', 0)} added, {counts.get('update', 0)} changed, "
            f"{counts.get('unchanged', 0)} unchanged"
        )
    if imported.ignored_sheets:
        typer.echo(f"Ignored sheets: {', '.join(imported.ignored_sheets)}")


@app.command()
def export(
    file: Annotated[Path, typer.Argument(help="The .xlsx or .csv file to write.", dir_okay=False)],
    register: Annotated[
        list[str] | None,
        typer.Option("--register", help="A register to export (repeat for more) [default: all]."),
    ] = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """Write the registers to a workbook (one sheet each, and a sheet describing the fields),
    or one register to a CSV file, in the layout `import` reads."""
    from joinedup.governance.workbook import export_file
    from joinedup.warehouse import Warehouse

    with explained(), Warehouse.open(settings(config, db=db).db) as warehouse:
        written = export_file(warehouse, file, registers=register)
    typer.echo(f"Wrote {written}.")


@app.command("import-moderngov")
def import_moderngov(
    source: Annotated[
        str,
        typer.Argument(
            help="A Modern.gov address (https://...), a saved response, or a "
            "folder of saved responses."
        ),
    ],
    council: Annotated[str, typer.Option("--council", help="The council whose Modern.gov it is.")],
    since: Annotated[
        str | None, typer.Option("--from", help="Meetings from this date [default: 2 years ago].")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--to", help="Meetings to this date [default: a year ahead].")
    ] = None,
    by: By = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """Import a council's health boards, councillors, meetings, agendas and declared interests
    from its Modern.gov web service (mgWebService.asmx) and register of interests pages.

    An address is fetched only when given; saved XML and HTML files work the same. Importing the
    same data again changes nothing.
    """
    from joinedup.governance.moderngov import import_moderngov as run_import
    from joinedup.warehouse import Warehouse

    first, last = parse_day(since, "--from"), parse_day(until, "--to")
    with explained(), Warehouse.open(settings(config, db=db).db, write=True) as warehouse:
        imported = run_import(warehouse, source, council, who=by, from_date=first, to_date=last)
    typer.echo(f"Read {len(imported.sources)} response(s) for council {imported.council}.")
    for name, counts in imported.counts.items():
        typer.echo(
            f"{name}: {counts.get('insert', 0)} added, {counts.get('update', 0)} changed, "
            f"{counts.get('unchanged', 0)} unchanged"
        )
    if imported.skipped_committees:
        typer.echo(
            "Skipped (not health boards, deleted or expired): "
            + "; ".join(imported.skipped_committees)
        )
    for note in imported.notes:
        typer.echo(f"Note: {note}")


@app.command()
def audit(
    table: Annotated[
        str | None, typer.Option("--table", help="Only changes to this table.")
    ] = None,
    key: Annotated[str | None, typer.Option("--key", help="Only changes to this row.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many, newest first.")] = 50,
    form: Format = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """Show the audit log: who changed what and when, with the row before and after."""
    from joinedup.records.audit import history
    from joinedup.warehouse import Warehouse

    with explained(), Warehouse.open(settings(config, db=db).db) as warehouse:
        found = history(warehouse, table=table, key=key, limit=limit)
    columns = [
        Column("id", "#", justify="right"),
        Column("changed_at", "When", str),
        Column("who", "Who"),
        Column("action", "Action"),
        Column("table_name", "Table"),
        Column("key", "Key"),
        Column("note", "Note", lambda note: note or ""),
    ]
    shown = output_format(form)
    emit([jsonable(row) for row in found] if shown is OutputFormat.json else found, columns, shown)
