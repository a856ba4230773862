"""`joinedup workforce`: social care and NHS vacancies, turnover and pay, by system."""

from __future__ import annotations

import json
import sys
from typing import Any

import typer

from joinedup.cli.options import Config, Db, Format, OutputFormat, System, output_format, settings
from joinedup.cli.output import Column, emit, explained

app = typer.Typer(
    help="Social care vacancies and turnover beside NHS vacancies, and care workers' pay.",
    no_args_is_help=True,
)


def _percent(value: Any) -> str:
    return "no data" if value is None else f"{value:.1f}%"


COLUMNS = [
    Column("label", "Measure"),
    Column("period", "Year", lambda value: value or ""),
    Column("value", "System", _percent, "right"),
    Column("england", "England", _percent, "right"),
    Column("status", "Figures"),
    Column("source", "Source", lambda value: value or ""),
]


@app.command()
def show(system: System, form: Format = None, db: Db = None, config: Config = None) -> None:
    """Show a system's social care vacancy and turnover rates beside its NHS vacancy rate, each
    against England and marked published or synthetic, and a care worker's pay per hour against
    NHS Agenda for Change bands 2 and 3 (docs/workforce.md)."""
    from joinedup.warehouse import Warehouse
    from joinedup.workforce import system_workforce

    with explained(), Warehouse.open(settings(config, db=db).db) as warehouse:
        record = system_workforce(warehouse, system)
    chosen = output_format(form)
    if chosen is OutputFormat.json:
        json.dump(record, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    emit(record["measures"], COLUMNS, chosen)
    pay = record["pay"]
    if chosen is OutputFormat.table and pay is not None:
        from joinedup.money import per_head as pounds_and_pence

        typer.echo(
            f"\nPay, {pay['period']} (published): a care worker's median "
            f"{pounds_and_pence(pay['care_worker_hourly_gbp'], pence=True)} an hour against "
            + "; ".join(
                f"{band['band']} {pounds_and_pence(band['hourly_gbp'], pence=True)}"
                for band in pay["bands"]
            )
            + f". {pay['basis']}"
        )
