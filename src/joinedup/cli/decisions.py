"""`joinedup governance record-decision | outcomes | alignment`, and `list decisions --system`:
what decisions commit, the strategy priorities they serve, and whether their target metrics moved.

The verbs are added to the `governance` group by :func:`register`.
"""

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
    System,
    output_format,
    settings,
)
from joinedup.cli.output import Column, emit, emit_one, percent
from joinedup.jsonable import jsonable


def _money(value: Any) -> str:
    from joinedup.money import money

    return "" if value is None else money(value)


def _listed(values: Any) -> str:
    return ", ".join(str(value) for value in values or [])


DECISION_COLUMNS = [
    Column("id", "#", justify="right"),
    Column("date", "Date", str),
    Column("title", "Decision"),
    Column("status", "Status"),
    Column("value_gbp", "Value", _money, "right"),
    Column("priorities", "Priorities", _listed),
    Column("target_metrics", "Target metrics", _listed),
    Column("regard", "Regard"),
    Column("outcome", "Outcome", lambda outcome: outcome or ""),
]


def list_system_decisions(
    system: str, form: OutputFormat | None, db: Path | None, config: Path | None
) -> None:
    """`governance list decisions --system CODE`: each decision with its £, priorities, target
    metrics, regard and (where judged) outcome."""
    from joinedup.cli.output import explained
    from joinedup.governance.outcomes import judged_decisions
    from joinedup.warehouse import Warehouse

    with explained(), Warehouse.open(settings(config, db=db).db) as warehouse:
        found = judged_decisions(warehouse, system)
    shown = output_format(form)
    emit([jsonable(row) for row in found], DECISION_COLUMNS, shown)


def record_decision(
    board: Annotated[str, typer.Option("--board", help="The deciding board (code).")],
    title: Annotated[str, typer.Option("--title", help="What is decided.")],
    decision_type: Annotated[
        str,
        typer.Option(
            "--type",
            help="budget_allocation, service_reconfiguration, strategy, contract or other.",
        ),
    ],
    on: Annotated[
        str | None, typer.Option("--on", help="Its date [default: the meeting's].")
    ] = None,
    meeting: Annotated[int | None, typer.Option("--meeting", help="The meeting's id.")] = None,
    value: Annotated[
        str | None,
        typer.Option("--value", help="In pounds, when it is not broken down with --commit."),
    ] = None,
    commit: Annotated[
        list[str] | None,
        typer.Option(
            "--commit",
            help="£ it commits, ORGANISATION:YEAR:AMOUNT, e.g. E10000016:2025-26:250000 "
            "(repeatable; its value is their sum).",
        ),
    ] = None,
    priority: Annotated[
        list[str] | None,
        typer.Option("--priority", help="A strategy priority it serves (code; repeatable)."),
    ] = None,
    target: Annotated[
        list[str] | None,
        typer.Option("--target", help="A shared metric it aims to move (id; repeatable)."),
    ] = None,
    affected: Annotated[
        list[str] | None,
        typer.Option("--affected", help="An organisation it affects (code; repeatable)."),
    ] = None,
    significant: Annotated[
        bool, typer.Option("--significant", help="A significant service reconfiguration.")
    ] = False,
    by: By = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """Record a proposed decision with the £ it commits (by partner and financial year), the
    strategy priorities it serves and the shared metrics it aims to move. It is checked like
    an imported row and lands in the audit log; approve it with `governance decide`."""
    from joinedup.cli.options import parse_day
    from joinedup.cli.output import explained
    from joinedup.governance.commitments import parse_commitments
    from joinedup.governance.decisions import add_decision
    from joinedup.warehouse import Warehouse

    day = parse_day(on, "--on")
    try:
        commitments = [item for text in commit or [] for item in parse_commitments(text)]
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--commit") from None
    with explained(), Warehouse.open(settings(config, db=db).db, write=True) as warehouse:
        stored = add_decision(
            warehouse,
            board,
            title,
            decision_type,
            on=day,
            meeting=meeting,
            value=value,
            significant=significant,
            affected=affected or [],
            priorities=priority or [],
            target_metrics=target or [],
            commitments=commitments,
            who=by,
        )
    typer.echo(f"Recorded decision {stored['id']} ({stored['status']}) of board {board}.")


def outcomes(
    decision: Annotated[int, typer.Argument(help="The decision's id.")],
    system: Annotated[
        str | None,
        typer.Option("--system", help="Judge the metrics in this system [default: the board's]."),
    ] = None,
    chart: Annotated[
        Path | None,
        typer.Option(
            "--chart",
            help="Write each target metric's SPC chart here (.svg or .png; the metric's id is "
            "added to the name when there are several).",
            dir_okay=False,
        ),
    ] = None,
    form: Format = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """Whether a decision's target metrics moved: each one's SPC verdict (improved, no change
    yet, worse, too few points) with the limits recalculated from the decision's date."""
    from joinedup.cli.output import explained
    from joinedup.governance.outcomes import decision_outcome
    from joinedup.warehouse import Warehouse

    with explained(), Warehouse.open(settings(config, db=db).db) as warehouse:
        record = decision_outcome(warehouse, decision, system, chart=chart is not None)
        synthetic = warehouse.synthetic
    if chart is not None:
        from joinedup.publish.charts import render
        from joinedup.publish.decision_charts import outcome_chart

        for outcome in record["outcomes"]:
            path = chart
            if len(record["outcomes"]) > 1:
                path = chart.with_name(f"{chart.stem}-{outcome['metric']}{chart.suffix}")
            render(outcome_chart(outcome, record, synthetic), path)
            typer.echo(f"Wrote {path}.", err=True)
        for outcome in record["outcomes"]:
            outcome.pop("points", None)
    shown = output_format(form)
    if shown is OutputFormat.json:
        emit_one(jsonable(record), shown, record["title"])
        return
    typer.echo(f"Decision {record['id']}: {record['title']} ({record['date']})")
    emit(
        record["outcomes"],
        [
            Column("metric", "Metric"),
            Column("verdict", "Verdict"),
            Column("points_before", "Before", justify="right"),
            Column("points_after", "After", justify="right"),
            Column("reason", "Why"),
        ],
        shown,
    )
    if shown is OutputFormat.table:
        typer.echo(f"Outcome: {record['outcome'] or 'not judged (no target metric)'}")


def alignment(
    system: System,
    chart: Annotated[
        Path | None,
        typer.Option(
            "--chart", help="Write the chart by year here (.svg or .png).", dir_okay=False
        ),
    ] = None,
    form: Format = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """The share of a system's decided £ that serves its integrated care strategy: in all, by
    priority, and by financial year (decisions not rejected; see docs/governance.md)."""
    from joinedup.cli.output import explained
    from joinedup.governance.alignment import alignment as aligned
    from joinedup.warehouse import Warehouse

    with explained(), Warehouse.open(settings(config, db=db).db) as warehouse:
        record = aligned(warehouse, system)
    if chart is not None:
        from joinedup.publish.charts import render
        from joinedup.publish.decision_charts import alignment_chart

        render(alignment_chart(record), chart)
    shown = output_format(form)
    if shown is OutputFormat.json:
        emit_one(jsonable(record), shown, record["name"])
        return
    rows = [{"priority": code, **item} for code, item in record["by_priority"].items()]
    if shown is OutputFormat.table:
        share = record["aligned_share"]
        typer.echo(
            f"{record['name']}: {_money(record['aligned_gbp'])} of {_money(record['decided_gbp'])}"
            f" decided serves the strategy ({'no data' if share is None else percent(share)})"
            + (" (synthetic demonstration data)" if record["synthetic"] else "")
        )
    emit(
        rows,
        [
            Column("priority", "Priority"),
            Column("title", "Title"),
            Column("gbp", "£", _money, "right"),
            Column("share", "Share", lambda v: "" if v is None else percent(v), "right"),
        ],
        shown,
    )


def register(app: typer.Typer) -> None:
    """Add the verbs to the `governance` group."""
    app.command("record-decision")(record_decision)
    app.command()(outcomes)
    app.command()(alignment)
