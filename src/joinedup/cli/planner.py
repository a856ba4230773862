"""`joinedup priorities plan` and `joinedup priorities scenario`: the prevention-shift planner."""

from __future__ import annotations

from typing import Annotated, Any

import typer

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

scenario_app = typer.Typer(
    help="Save and remove the planner's what-if scenarios (every change is in the audit log).",
    no_args_is_help=True,
)

Transfers = Annotated[
    list[str] | None,
    typer.Option(
        "--transfer",
        help=(
            "A transfer as key=value words: from=PARTNER:TYPE to=[PARTNER:]TYPE (or to=PARTNER) "
            "gbp=£ a year (2m, 500k) years=N, optional start=N (years after the first), "
            "return=£ avoided per £ moved (default 0) and lag=N years (default 1). Repeat it."
        ),
        show_default=False,
    ),
]
Rate = Annotated[
    str,
    typer.Option("--discount-rate", help="Annual discount rate (HM Treasury Green Book: 0.035)."),
]


def _transfers(texts: list[str] | None) -> tuple[Any, ...]:
    from joinedup.priorities.scenarios import parse_transfer

    return tuple(parse_transfer(text) for text in texts or [])


def _money(value: Any) -> str:
    from joinedup.money import money

    return money(value)


def plan(
    system: System,
    transfer: Transfers = None,
    discount_rate: Rate = "0.035",
    form: Format = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """The prevention-shift planner: today's prevention share of total joint spend (the ledger's
    latest year), the £ that must move into prevention for +1 percentage point (gbp_for_1pp: 1%
    of total joint spend), the five-year path to it, and the saved scenarios side by side, each
    transfer appraised partner by partner. --transfer adds an unsaved "what if" scenario."""
    from joinedup.cli.priorities import _rate
    from joinedup.priorities.planner import plan as run_plan
    from joinedup.warehouse import Warehouse

    rate = _rate(discount_rate)
    with explained():
        what_if = _transfers(transfer)
        with Warehouse.open(settings(config, db=db).db) as warehouse:
            record = run_plan(warehouse, system, what_if=what_if, rate=rate)
    shown = output_format(form)
    if shown is OutputFormat.json:
        emit_one(jsonable(record), shown, record["name"])
        return
    if shown is OutputFormat.csv:
        rows = jsonable(record["path"])
        emit(rows, [Column(key, key) for key in rows[0]], shown)
        return
    _plan_tables(record)


def _plan_tables(record: dict[str, Any]) -> None:
    form = OutputFormat.table
    title = f"{record['name']}: the shift to prevention from {record['financial_year']}"
    if record["synthetic"]:
        title += " (synthetic demonstration data)"
    typer.echo(title)
    share = record["prevention_share"]
    typer.echo(
        f"Prevention is {'not known' if share is None else f'{share:.2%}'} of total joint spend "
        f"of {_money(record['total_spend'])}. To raise it by 1 percentage point, "
        f"{_money(record['gbp_for_1pp'])} (£{record['gbp_for_1pp']:,.2f}) must move into "
        "prevention; over five years:"
    )
    emit(
        record["path"],
        [
            Column("financial_year", "Year"),
            Column("target_share", "Share", lambda v: f"{v:.2%}", "right"),
            Column("prevention_gbp", "In prevention", _money, "right"),
            Column("move_this_year_gbp", "Move this year", _money, "right"),
            Column("above_today_gbp", "Above today", _money, "right"),
        ],
        form,
    )
    scenarios = record["scenarios"]
    if not scenarios:
        typer.echo("No saved scenarios: save one with `joinedup priorities scenario save`.")
        return
    emit(_side_by_side(scenarios), _scenario_columns(scenarios), form)


def _side_by_side(scenarios: list[dict[str, Any]]) -> list[dict[str, str]]:
    """One row per measure, one column per scenario."""
    names = {p["organisation"]: p["name"] for s in scenarios for p in s["partners"]}
    rows: list[dict[str, str]] = []

    def row(label: str, value: Any) -> None:
        rows.append({"measure": label} | {s["name"]: value(s) for s in scenarios})

    row("Transfers", lambda s: str(len(s["transfers"])))
    row("Into prevention a year", lambda s: _money(s["prevention_gbp_per_year"]))
    row(
        "Share of +1pp", lambda s: "" if s["share_of_goal"] is None else f"{s['share_of_goal']:.0%}"
    )
    row("NPV, all partners", lambda s: _money(s["npv"]))
    for code, name in sorted(names.items(), key=lambda item: item[1]):
        row(f"NPV, {name}", lambda s, code=code: _partner_npv(s, code))
    row("Payback year", lambda s: "never" if s["payback_year"] is None else str(s["payback_year"]))
    row("Segments reached", lambda s: ", ".join(seg["label"] for seg in s["segments"]))
    return rows


def _partner_npv(scenario: dict[str, Any], code: str) -> str:
    found = [p["npv"] for p in scenario["partners"] if p["organisation"] == code]
    return _money(found[0]) if found else ""


def _scenario_columns(scenarios: list[dict[str, Any]]) -> list[Column]:
    return [Column("measure", "")] + [Column(s["name"], s["name"]) for s in scenarios]


@scenario_app.command("save")
def save(
    name: Annotated[str, typer.Argument(help="The scenario's name (saving again replaces it).")],
    system: System,
    transfer: Transfers = None,
    description: Annotated[
        str | None, typer.Option("--description", help="What the scenario tries.")
    ] = None,
    by: By = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """Save a what-if scenario of transfers for the system's planner, replacing one of the same
    name; the audit log keeps both."""
    from joinedup.priorities.scenarios import Scenario, save_scenario
    from joinedup.reference import system as find_system
    from joinedup.warehouse import Warehouse

    with explained():
        code = find_system(system).code
        scenario = Scenario(code, name.strip(), _transfers(transfer), description or None)
        with Warehouse.open(settings(config, db=db).db, write=True) as warehouse:
            saved = save_scenario(warehouse, scenario, who=by)
    count = len(saved.transfers)
    typer.echo(f"Saved scenario {saved.name!r} for {code}: {count} transfer{'s' * (count != 1)}.")


@scenario_app.command("remove")
def remove(
    name: Annotated[str, typer.Argument(help="The scenario's name.")],
    system: System,
    by: By = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """Remove a saved scenario (the audit log keeps it)."""
    from joinedup.priorities.scenarios import remove_scenario
    from joinedup.reference import system as find_system
    from joinedup.warehouse import Warehouse

    with explained():
        code = find_system(system).code
        with Warehouse.open(settings(config, db=db).db, write=True) as warehouse:
            remove_scenario(warehouse, code, name, who=by)
    typer.echo(f"Removed scenario {name!r} of {code}.")
