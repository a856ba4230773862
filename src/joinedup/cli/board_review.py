"""`joinedup governance review | overlap | headroom`: how a system's boards are made up and
spend their time (councillors' voice, long service, agenda focus, overlap with Health and
Wellbeing Boards, national direction against local headroom).

The verbs are added to the `governance` group by :func:`register`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from joinedup.cli.options import (
    Config,
    Db,
    Format,
    MembersOn,
    OutputFormat,
    System,
    output_format,
    parse_day,
    settings,
)
from joinedup.cli.output import Column, emit, emit_one, explained, percent
from joinedup.jsonable import jsonable

if TYPE_CHECKING:
    from joinedup.governance.review import Review

BOARD_COLUMNS = [
    Column("board", "Board"),
    Column("name", "Name"),
    Column("kind", "Kind"),
    Column("members", "Members", justify="right"),
    Column("councillors", "Councillors", justify="right"),
    Column(
        "councillor_share",
        "Councillor share",
        lambda share: "" if share is None else percent(share),
        "right",
    ),
    Column("voting_councillors", "Voting councillors", justify="right"),
]


def review(
    system: System,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Review date [default: today].")
    ] = None,
    years: Annotated[
        int, typer.Option("--years", help="Flag members in post longer than this.", min=1)
    ] = 6,
    form: Format = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """Review a system's boards: councillors' share of each, councils with no voice (or no vote)
    on the ICB board, long-serving members, the comparison with other systems, and the share of
    ICB board time by agenda class per quarter with its trend."""
    from joinedup.governance.review import review as run_review
    from joinedup.warehouse import Warehouse

    day = parse_day(as_of, "--as-of")
    with explained(), Warehouse.open(settings(config, db=db).db) as warehouse:
        record = run_review(warehouse, system, as_of=day, long_service_years=years)
    shown = output_format(form)
    if shown is OutputFormat.json:
        emit_one(record, shown, record.name)
        return
    if shown is OutputFormat.csv:
        emit(record.boards, [Column(c.key, c.key) for c in BOARD_COLUMNS], shown)
        return
    _review_tables(record)


def _review_tables(record: Review) -> None:
    form = OutputFormat.table
    title = f"{record.name}: membership review on {record.as_of}"
    if record.synthetic:
        title += " (synthetic demonstration data)"
    typer.echo(title)
    emit(record.boards, BOARD_COLUMNS, form)
    comparison = record.comparison
    share = comparison.icb_councillor_share
    england = comparison.england_councillor_share
    if share is not None:
        typer.echo(
            f"ICB board councillor share {percent(share)}: rank {comparison.rank} of "
            f"{comparison.of} systems (England {'' if england is None else percent(england)})."
        )
    for note in record.notes:
        typer.echo(note)
    for councils, label in (
        (record.councils_without_voice, "no member"),
        (record.councils_without_vote, "no voting member"),
    ):
        names = ", ".join(f"{c.name} ({c.code})" for c in councils) or "none"
        typer.echo(f"Councils with {label} on the ICB board: {names}")
    if record.long_serving:
        typer.echo(f"In post over {record.long_service_years} years:")
        emit(
            record.long_serving,
            [
                Column("board", "Board"),
                Column("name", "Member"),
                Column("role", "Role"),
                Column("start_date", "Since"),
                Column("years", "Years", justify="right"),
            ],
            form,
        )
    focus = record.agenda_focus
    if focus.quarters:
        from joinedup.governance.meetings import CLASSES

        kinds = (*CLASSES, "unclassified")
        rows = [{"quarter": q.quarter, "minutes": q.minutes, **q.shares} for q in focus.quarters]
        rows.append({"quarter": "England, same quarters", "minutes": "", **focus.england_shares})
        typer.echo("ICB board agenda time by class:")
        emit(
            rows,
            [Column("quarter", "Quarter"), Column("minutes", "Minutes", justify="right")]
            + [Column(kind, kind.capitalize(), percent, "right") for kind in kinds],
            form,
        )
        trend = ", ".join(
            f"{kind} {'n/a' if value is None else f'{value:+.1f}'}"
            for kind, value in focus.trend_pp_per_quarter.items()
        )
        typer.echo(f"Trend, percentage points a quarter: {trend}")


OVERLAP_COLUMNS = [
    Column("name", "Health and Wellbeing Board"),
    Column("members", "Members", justify="right"),
    Column("also_on_icp", "Also on the ICP", justify="right"),
    Column("organisations", "Organisations", justify="right"),
    Column("organisations_on_icp", "Also on the ICP ", justify="right"),
]


def overlap(
    system: System,
    as_of: MembersOn = None,
    form: Format = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """The overlap of the system's Integrated Care Partnership with its councils' Health and
    Wellbeing Boards: people_in_both (the same person on each) and organisations_in_both, as
    lists with a count of each, and every HWB's members also on the ICP."""
    from joinedup.governance.overlap import overlap as find
    from joinedup.warehouse import Warehouse

    day = parse_day(as_of, "--as-of")
    with explained(), Warehouse.open(settings(config, db=db).db) as warehouse:
        record = jsonable(find(warehouse, system, as_of=day))
    shown = output_format(form)
    if shown is OutputFormat.json:
        emit_one(record, shown, record["name"])
        return
    emit(record["by_hwb"], OVERLAP_COLUMNS, shown)
    if shown is OutputFormat.table:
        typer.echo(
            f"People on the ICP and an HWB: {record['people_in_both_count']} of "
            f"{record['icp_members']} ICP members; organisations on both: "
            f"{record['organisations_in_both_count']}."
        )
        for note in record["notes"]:
            typer.echo(note)


def headroom(system: System, form: Format = None, db: Db = None, config: Config = None) -> None:
    """National direction and local headroom: the share of the system's joint spend (latest
    year) and of its boards' agenda time (latest year of meetings; by minutes where recorded,
    else by items) that is local rather than nationally directed, by year, and why."""
    from joinedup.governance.headroom import headroom as run_headroom
    from joinedup.warehouse import Warehouse

    with explained(), Warehouse.open(settings(config, db=db).db) as warehouse:
        record = jsonable(run_headroom(warehouse, system))
    shown = output_format(form)
    if shown is OutputFormat.json:
        emit_one(record, shown, record["name"])
        return

    def share(value: float | None) -> str:
        return "\u2013" if value is None else percent(value)

    columns = [
        Column("financial_year", "Year"),
        Column("local_share_of_spend", "Local share of spend", share, "right"),
        Column("local_share_of_agenda", f"Local share of agenda {record['agenda_basis']}", share,
               "right"),
    ]  # fmt: skip
    if shown is OutputFormat.table:
        title = f"{record['name']}: local headroom"
        typer.echo(title + (" (synthetic demonstration data)" if record["synthetic"] else ""))
        typer.echo(
            f"Local share of spend, {record['financial_year']}: "
            f"{share(record['local_share_of_spend'])}; of agenda {record['agenda_basis']}, "
            f"{record['agenda_financial_year']}: {share(record['local_share_of_agenda'])}"
        )
    emit(record["by_year"], columns, shown)


def register(app: typer.Typer) -> None:
    """Add the verbs to the `governance` group."""
    app.command()(review)
    app.command()(overlap)
    app.command()(headroom)
