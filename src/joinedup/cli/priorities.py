"""`joinedup priorities`: the ICP's priorities and the appraisal of their interventions."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any

import typer

from joinedup.cli import planner
from joinedup.cli.options import (
    By,
    Config,
    Db,
    Format,
    OutputFormat,
    System,
    output_format,
    settings,
)
from joinedup.cli.output import Column, emit, emit_one, explained
from joinedup.jsonable import jsonable
from joinedup.money import money

app = typer.Typer(
    help="The ICP's priorities: interventions, each partner's costs and benefits, appraisal.",
    no_args_is_help=True,
)


def _pounds(value: Any) -> str:
    # One money format in every table (joinedup.money); JSON and CSV keep the pence.
    return "" if value is None or value == "" else money(value)


@app.command()
def load(
    file: Annotated[
        Path, typer.Argument(help="A .yaml, .csv or .xlsx file of priorities.", dir_okay=False)
    ],
    system: System,
    by: By = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """Check FILE and store it as the system's priorities, replacing the ones before (which the
    audit log keeps). Any problem is listed with its file, row (or YAML path) and field, and
    nothing is stored. More than five priorities draws a warning."""
    from joinedup.priorities.files import read_plan
    from joinedup.priorities.interventions import store_plan
    from joinedup.reference import system as find_system
    from joinedup.warehouse import Warehouse

    with explained():
        code = find_system(system).code
        plan = read_plan(file, code)
        with Warehouse.open(settings(config, db=db).db, write=True) as warehouse:
            stored = store_plan(warehouse, plan, who=by, file=file.name)
    for warning in stored.warnings:
        typer.echo(f"Warning: {warning}", err=True)
    if not stored.changed:
        typer.echo(f"{file.name} matches the priorities stored for {code}; nothing changed.")
        return
    typer.echo(
        f"Stored {stored.priorities} priorities, {stored.interventions} interventions and "
        f"{stored.flows} costs and benefits for {code}."
    )


@app.command("list")
def list_(system: System, form: Format = None, db: Db = None, config: Config = None) -> None:
    """List the system's priorities and their interventions."""
    from joinedup.priorities.interventions import load_plan
    from joinedup.reference import system as find_system
    from joinedup.warehouse import Warehouse

    with explained():
        code = find_system(system).code
        with Warehouse.open(settings(config, db=db).db) as warehouse:
            plan = load_plan(warehouse, code)
    records = [
        {
            "rank": priority.rank,
            "priority": priority.code,
            "title": priority.title,
            "interventions": [
                item.code for item in plan.interventions if item.priority == priority.code
            ],
        }
        for priority in plan.priorities
    ]
    for warning in plan.warnings:
        typer.echo(f"Warning: {warning}", err=True)
    emit(
        records,
        [
            Column("rank", "#", justify="right"),
            Column("priority", "Code"),
            Column("title", "Priority"),
            Column("interventions", "Interventions", lambda codes: ", ".join(codes)),
        ],
        output_format(form),
    )


@app.command()
def export(
    file: Annotated[Path, typer.Argument(help="The .yaml, .csv or .xlsx file to write.")],
    system: System,
    db: Db = None,
    config: Config = None,
) -> None:
    """Write the system's priorities in the layout `load` reads."""
    from joinedup.priorities.files import write_plan
    from joinedup.priorities.interventions import load_plan
    from joinedup.reference import system as find_system
    from joinedup.warehouse import Warehouse

    with explained():
        code = find_system(system).code
        with Warehouse.open(settings(config, db=db).db) as warehouse:
            written = write_plan(load_plan(warehouse, code), file)
    typer.echo(f"Wrote {written}.")


def _rate(value: str) -> Decimal:
    try:
        return Decimal(value.strip().rstrip("%")) / (100 if value.strip().endswith("%") else 1)
    except InvalidOperation:
        raise typer.BadParameter(f"{value!r} is not a rate (3.5% is 0.035)") from None


@app.command()
def appraise(
    system: System,
    discount_rate: Annotated[
        str,
        typer.Option(
            "--discount-rate",
            help="Annual discount rate (HM Treasury Green Book: 0.035); year 0 is not discounted.",
        ),
    ] = "0.035",
    form: Format = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """Appraise each intervention partner by partner: net present value, payback year, who
    pays and who gains, and the range with benefits 20% lower or higher and discounting at 1.5%
    or 5%. A partner's NPV is rounded to the penny; the intervention's is their sum."""
    from joinedup.priorities.appraisal import appraise as run_appraisal
    from joinedup.priorities.appraisal import plain_percent
    from joinedup.warehouse import Warehouse

    rate = _rate(discount_rate)
    with explained(), Warehouse.open(settings(config, db=db).db) as warehouse:
        record = run_appraisal(warehouse, system, rate=rate)
    for warning in record.warnings:
        typer.echo(f"Warning: {warning}", err=True)
    shown = output_format(form)
    if shown is OutputFormat.json:
        emit_one(record, shown, record.name)
        return
    rows = [
        {
            "intervention": item.code,
            "priority": item.priority,
            "partner": partner.name,
            "organisation": partner.organisation,
            "role": partner.role,
            "npv": partner.npv,
            "payback_year": partner.payback_year,
            "low": partner.sensitivity["low"],
            "high": partner.sensitivity["high"],
        }
        for item in record.interventions
        for partner in item.partners
    ] + [
        {
            "intervention": item.code,
            "priority": item.priority,
            "partner": "All partners",
            "organisation": "",
            "role": "",
            "npv": item.npv,
            "payback_year": item.payback_year,
            "low": item.sensitivity["low"],
            "high": item.sensitivity["high"],
        }
        for item in record.interventions
    ]
    rows.sort(key=lambda row: (row["priority"], row["intervention"], row["organisation"] == ""))
    if shown is OutputFormat.csv:
        emit(jsonable(rows), [Column(key, key) for key in rows[0]] if rows else [], shown)
        return
    title = f"{record.name}: appraisal at {plain_percent(record.discount_rate)}% a year"
    if record.synthetic:
        title += " (synthetic demonstration data)"
    typer.echo(title)
    emit(
        rows,
        [
            Column("intervention", "Intervention"),
            Column("partner", "Partner"),
            Column("role", "Pays / gains"),
            Column("npv", "NPV", _pounds, "right"),
            Column(
                "payback_year",
                "Payback year",
                lambda year: "never" if year is None else str(year),
                "right",
            ),
            Column("low", "Low", _pounds, "right"),
            Column("high", "High", _pounds, "right"),
        ],
        shown,
    )


# The prevention-shift planner's verbs live in their own module (joinedup.cli.planner).
app.command("plan")(planner.plan)
app.add_typer(planner.scenario_app, name="scenario")
