"""`joinedup places`: places within each system, what is delegated to them, councils' voice."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer

from joinedup.cli.options import (
    By,
    Config,
    Db,
    Format,
    MembersOn,
    OutputFormat,
    System,
    output_format,
    settings,
)
from joinedup.cli.output import Column, emit, emit_one, explained, percent, thousands
from joinedup.jsonable import jsonable

app = typer.Typer(
    help="Places within each system, what is delegated to them, and each council's voice.",
    no_args_is_help=True,
)
Place = Annotated[str, typer.Argument(help="The place's code.")]


def _money(value: Any) -> str:
    from joinedup.money import money

    return "" if value is None else money(value)


def _share(value: Any) -> str:
    return "" if value is None else percent(value)


def day_option(value: str | None, option: str) -> date | None:
    from joinedup.core.fields import parse_date

    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint=option) from None


PLACE_COLUMNS = [
    Column("code", "Place"),
    Column("name", "Name"),
    Column("councils", "Councils", lambda codes: ", ".join(codes)),
    Column("population", "Residents", thousands, "right"),
    Column("board", "Place board", lambda board: board or ""),
    Column(
        "delegations",
        "Delegated now",
        lambda found: "; ".join(
            f"{row['function']} ({_money(row['budget_gbp']) or 'no budget'})"
            for row in found
            if row["current"]
        ),
    ),
]
VOICE_COLUMNS = [
    Column("name", "Council"),
    Column("residents_in_system", "Residents", thousands, "right"),
    Column("population_share", "People share", _share, "right"),
    Column("seats", "Seats", justify="right"),
    Column("seat_share", "Seat share", _share, "right"),
    Column("representation", "Seats / people", lambda v: "" if v is None else f"{v:.2f}", "right"),
    Column("split", "Split", lambda split: "yes" if split else ""),
    Column("voice", "Voice", lambda voice: "yes" if voice else "NO"),
    Column("boards", "Boards", justify="right"),
    Column("meetings", "Meetings a year", justify="right"),
]


@app.command("list")
def list_(system: System, form: Format = None, db: Db = None, config: Config = None) -> None:
    """List a system's places with their councils, place board and delegations.

    Until places are registered for the system, its default places are listed (one per council
    with at least 5% of its residents in the system), marked registered: false.
    """
    from joinedup.places.places import system_places
    from joinedup.warehouse import Warehouse

    with explained(), Warehouse.open(settings(config, db=db).db) as warehouse:
        found = [jsonable(row) for row in system_places(warehouse, system)]
    shown = output_format(form)
    if shown is OutputFormat.csv:  # one cell per place: each delegation in words
        found = [
            row | {"delegations": [_delegation(d) for d in row["delegations"]]} for row in found
        ]
    emit(found, PLACE_COLUMNS, shown)


def _delegation(row: dict[str, Any]) -> str:
    until = row["to_date"] or "on"
    budget = "" if row["budget_gbp"] is None else f" £{row['budget_gbp']:.2f}"
    return f"{row['function']}{budget} {row['from_date']} to {until}"


DELEGATION_COLUMNS = [
    Column("id", "#", justify="right"),
    Column("place", "Place"),
    Column("function", "Function"),
    Column("budget_gbp", "Budget", _money, "right"),
    Column("from_date", "From", str),
    Column("to_date", "To", lambda day: day or "runs on"),
    Column("delegated_by", "Delegated by", lambda code: code or ""),
    Column("current", "Current", lambda current: "yes" if current else ""),
]


@app.command()
def delegations(system: System, form: Format = None, db: Db = None, config: Config = None) -> None:
    """List every delegation to a system's places, past and current, one row each."""
    from joinedup.places.delegations import delegations as find
    from joinedup.reference import system as find_system
    from joinedup.warehouse import Warehouse

    with explained(), Warehouse.open(settings(config, db=db).db) as warehouse:
        found = find(warehouse, find_system(system).code)
    emit([jsonable(row) for row in found], DELEGATION_COLUMNS, output_format(form))


@app.command()
def add(
    code: Place,
    system: System,
    name: Annotated[str, typer.Option("--name", help="The place's name, e.g. West Kent.")],
    council: Annotated[
        list[str], typer.Option("--council", help="A council in the place (repeat for more).")
    ],
    board: Annotated[
        str | None, typer.Option("--board", help="Its place board's code, once registered.")
    ] = None,
    by: By = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """Register a place (or change the one with this code), recorded in the audit log."""
    from joinedup.places.places import add_place
    from joinedup.warehouse import Warehouse

    with explained(), Warehouse.open(settings(config, db=db).db, write=True) as warehouse:
        stored = add_place(warehouse, code, system, name, council, board=board, who=by)
    typer.echo(f"Place {stored['code']} ({stored['name']}): {', '.join(stored['councils'])}.")


@app.command("add-defaults")
def add_defaults(system: System, by: By = None, db: Db = None, config: Config = None) -> None:
    """Register a system's default places: one per council with at least 5% of its residents in
    the system, leaving out councils already in a registered place."""
    from joinedup.places.places import add_default_places
    from joinedup.warehouse import Warehouse

    with explained(), Warehouse.open(settings(config, db=db).db, write=True) as warehouse:
        stored = add_default_places(warehouse, system, who=by)
    typer.echo(f"Registered {len(stored)} place(s): {', '.join(p['code'] for p in stored)}.")


@app.command()
def remove(code: Place, by: By = None, db: Db = None, config: Config = None) -> None:
    """Remove a place and its delegations; the audit log keeps them as they were."""
    from joinedup.places.places import remove_place
    from joinedup.warehouse import Warehouse

    with explained(), Warehouse.open(settings(config, db=db).db, write=True) as warehouse:
        removed = remove_place(warehouse, code, who=by)
    typer.echo(f"Removed place {removed['code']} ({removed['name']}).")


@app.command()
def delegate(
    place: Place,
    function: Annotated[
        str, typer.Option("--function", help="What is delegated, e.g. Community services.")
    ],
    since: Annotated[str, typer.Option("--from", help="The delegation's first day.")],
    until: Annotated[
        str | None, typer.Option("--to", help="Its last day [default: it runs on].")
    ] = None,
    budget: Annotated[
        str | None, typer.Option("--budget", help="The budget delegated with it, in £.")
    ] = None,
    delegated_by: Annotated[
        str | None, typer.Option("--delegated-by", help="The organisation delegating it.")
    ] = None,
    by: By = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """Record a function (and budget) delegated to a place, recorded in the audit log."""
    from joinedup.places.delegations import delegate as record
    from joinedup.warehouse import Warehouse

    first, last = day_option(since, "--from"), day_option(until, "--to")
    assert first is not None  # --from is required
    with explained(), Warehouse.open(settings(config, db=db).db, write=True) as warehouse:
        stored = record(warehouse, place, function, from_date=first, to_date=last,
                        budget=budget, delegated_by=delegated_by, who=by)  # fmt: skip
    typer.echo(
        f"Delegation {stored['id']}: {stored['function']} to {stored['place']} "
        f"from {stored['from_date']} ({_money(stored['budget']) or 'no budget'})."
    )


@app.command("end-delegation")
def end_delegation(
    delegation: Annotated[int, typer.Argument(help="The delegation's id.")],
    on: Annotated[str, typer.Option("--on", help="Its last day.")],
    by: By = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """Record the last day of a delegation (it is kept as history)."""
    from joinedup.places.delegations import end_delegation as record
    from joinedup.warehouse import Warehouse

    day = day_option(on, "--on")
    assert day is not None  # --on is required
    with explained(), Warehouse.open(settings(config, db=db).db, write=True) as warehouse:
        stored = record(warehouse, delegation, day, who=by)
    typer.echo(f"Delegation {stored['id']} ends on {stored['to_date']}.")


@app.command("remove-delegation")
def remove_delegation(
    delegation: Annotated[int, typer.Argument(help="The delegation's id.")],
    by: By = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """Remove a delegation recorded in error; the audit log keeps it as it was."""
    from joinedup.places.delegations import remove_delegation as record
    from joinedup.warehouse import Warehouse

    with explained(), Warehouse.open(settings(config, db=db).db, write=True) as warehouse:
        removed = record(warehouse, delegation, who=by)
    typer.echo(f"Removed delegation {removed['id']} ({removed['function']}).")


@app.command()
def voice(
    system: System,
    as_of: MembersOn = None,
    form: Format = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """Each council's seats on the system's boards against its share of the system's people,
    its board burden (boards and meetings a year), and the councils split across systems with
    no member on this system's boards."""
    from joinedup.places.voice import system_voice
    from joinedup.warehouse import Warehouse

    day = day_option(as_of, "--as-of")
    with explained(), Warehouse.open(settings(config, db=db).db) as warehouse:
        record = jsonable(system_voice(warehouse, system, as_of=day))
    shown = output_format(form)
    if shown is OutputFormat.json:
        emit_one(record, shown, record["name"])
        return
    rows = [
        row | {"boards": row["burden"]["boards"], "meetings": row["burden"]["meetings"]}
        for row in record["councils"]
    ]
    emit(rows, VOICE_COLUMNS, shown)
    if shown is OutputFormat.table:
        silent = record["split_without_voice"]
        names = ", ".join(f"{c['name']} ({c['code']})" for c in silent) or "none"
        typer.echo(f"Councils split across systems with no member on this system's boards: {names}")
