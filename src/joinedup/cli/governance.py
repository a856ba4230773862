"""`joinedup governance`: boards, members, meetings, decisions, interests and their oversight."""

from __future__ import annotations

from datetime import date
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
from joinedup.cli.output import Column, emit, emit_one, explained, percent
from joinedup.governance.flags import flag_meanings
from joinedup.jsonable import jsonable
from joinedup.money import money

app = typer.Typer(
    help="Governance registers: boards, members, meetings, decisions, interests, oversight.",
    no_args_is_help=True,
)

REGISTER_NAMES = (
    "boards, people, memberships, meetings, agenda-items, interests, decisions, sign-offs"
)
Rules = Annotated[
    Path | None,
    typer.Option(
        "--rules",
        help="Oversight rules file [default: the packaged rules].",
        dir_okay=False,
        show_default=False,
    ),
]


def _day(value: str | None, option: str) -> date | None:
    from joinedup.core.fields import parse_date

    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint=option) from None


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

    first, last = _day(since, "--from"), _day(until, "--to")
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


@app.command("sign-off")
def sign_off(
    decision: Annotated[int, typer.Argument(help="The decision's id.")],
    council: Annotated[str, typer.Option("--council", help="The council signing it off.")],
    signed_by: Annotated[
        str, typer.Option("--signed-by", help="Who signed it off, e.g. 'Cabinet' or a name.")
    ],
    on: Annotated[
        str | None, typer.Option("--on", help="Date of the sign-off [default: today].")
    ] = None,
    reference: Annotated[
        str | None, typer.Option("--reference", help="e.g. the cabinet minute number.")
    ] = None,
    by: By = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """Record a council's sign-off of a decision that affects it."""
    from joinedup.governance.decisions import sign_off as record_sign_off
    from joinedup.warehouse import Warehouse

    day = _day(on, "--on")
    with explained(), Warehouse.open(settings(config, db=db).db, write=True) as warehouse:
        stored = record_sign_off(
            warehouse, decision, council, signed_by, on=day, reference=reference, who=by
        )
    typer.echo(
        f"Recorded sign-off {stored['id']} of decision {decision} by {stored['council']} "
        f"({stored['signed_by']}, {stored['signed_on']})."
    )


@app.command()
def decide(
    decision: Annotated[int, typer.Argument(help="The decision's id.")],
    approve: Annotated[
        bool | None,
        typer.Option(
            "--approve/--reject", help="Approve the decision, or reject it.", show_default=False
        ),
    ] = None,
    on: Annotated[str | None, typer.Option("--on", help="Date decided [default: today].")] = None,
    rules: Rules = None,
    by: By = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """Approve or reject a proposed decision, recording it in the audit log.

    Approval is refused (exit status 1) while a sign-off the oversight rules need is missing:
    each missing council is listed, and the refusal is recorded in the audit log too.
    """
    from joinedup.governance.decisions import MissingSignOffs
    from joinedup.governance.decisions import decide as record_decision
    from joinedup.governance.oversight import load_rules
    from joinedup.warehouse import Warehouse

    if approve is None:
        raise typer.BadParameter("say --approve or --reject", param_hint="--approve/--reject")
    day = _day(on, "--on")
    with explained(), Warehouse.open(settings(config, db=db).db, write=True) as warehouse:
        try:
            decided = record_decision(
                warehouse, decision, approve=approve, who=by, on=day, rules=load_rules(rules)
            )
        except MissingSignOffs as refused:
            typer.echo(
                f"Error: decision {decision} cannot be approved: the oversight rule "
                f"{', '.join(refused.rules)} needs a sign-off from each council it "
                "affects. Missing:",
                err=True,
            )
            for code, name in refused.missing:
                typer.echo(f"  {code}  {name}", err=True)
            typer.echo(
                f"Record each with `joinedup governance sign-off {decision} --council "
                "CODE --signed-by NAME`. The refusal is in the audit log.",
                err=True,
            )
            raise typer.Exit(1) from None
    typer.echo(
        f"Decision {decision} {decided.decision['status']} (audit entry {decided.audit_id})."
    )


CHECK_COLUMNS = [
    Column("decision", "#", justify="right"),
    Column("title", "Decision"),
    Column("status", "Status"),
    Column("rules", "Rules", lambda names: ", ".join(names)),
    Column("missing_sign_offs", "Missing sign-offs", lambda codes: ", ".join(codes)),
    Column(
        "conflicts",
        "Conflicts of interest",
        lambda found: "; ".join(f"{c['name']} ({c['organisation']})" for c in found),
    ),
    # The regard judged from value, priorities and target metrics (governance.alignment).
    Column(
        "regard", "Regard to strategy", lambda regard: "NO" if regard == "not shown" else regard
    ),
    Column("flags", "Flags", lambda codes: " ".join(flag_meanings(codes))),
    Column("date_warnings", "Dates", lambda found: " ".join(found)),
]


@app.command()
def check(
    system: Annotated[
        str | None, typer.Option("--system", help="Decisions of this system's boards.")
    ] = None,
    decision: Annotated[int | None, typer.Option("--decision", help="Only this decision.")] = None,
    flagged: Annotated[bool, typer.Option("--flagged", help="Only decisions with a flag.")] = False,
    rules: Rules = None,
    form: Format = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """Check decisions against the oversight rules: missing council sign-offs, members with a
    declared interest in an affected organisation, and decisions naming no strategy priority."""
    from joinedup.governance.dates import date_warnings, newest_first
    from joinedup.governance.decisions import check_decisions
    from joinedup.governance.oversight import load_rules
    from joinedup.warehouse import Warehouse

    with explained(), Warehouse.open(settings(config, db=db).db) as warehouse:
        found = check_decisions(
            warehouse,
            system=system,
            decision=decision,
            rules=load_rules(rules),
            flagged_only=flagged,
        )
        warnings = date_warnings(warehouse, [row["decision"] for row in found])
    found = [row | {"date_warnings": warnings.get(row["decision"], [])} for row in found]
    emit([jsonable(row) for row in newest_first(found)], CHECK_COLUMNS, output_format(form))
    for decision_id, problems in sorted(warnings.items()):
        for problem in problems:
            typer.echo(f"Warning: decision {decision_id}: {problem}", err=True)


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


@app.command()
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

    day = _day(as_of, "--as-of")
    with explained(), Warehouse.open(settings(config, db=db).db) as warehouse:
        record = jsonable(run_review(warehouse, system, as_of=day, long_service_years=years))
    shown = output_format(form)
    if shown is OutputFormat.json:
        emit_one(record, shown, record["name"])
        return
    if shown is OutputFormat.csv:
        emit(record["boards"], [Column(c.key, c.key) for c in BOARD_COLUMNS], shown)
        return
    _review_tables(record)


def _review_tables(record: dict[str, Any]) -> None:
    form = OutputFormat.table
    title = f"{record['name']}: membership review on {record['as_of']}"
    if record["synthetic"]:
        title += " (synthetic demonstration data)"
    typer.echo(title)
    emit(record["boards"], BOARD_COLUMNS, form)
    comparison = record["comparison"]
    share = comparison["icb_councillor_share"]
    england = comparison["england_councillor_share"]
    if share is not None:
        typer.echo(
            f"ICB board councillor share {percent(share)}: rank {comparison['rank']} of "
            f"{comparison['of']} systems (England {'' if england is None else percent(england)})."
        )
    for note in record["notes"]:
        typer.echo(note)
    for key, label in (
        ("councils_without_voice", "no member"),
        ("councils_without_vote", "no voting member"),
    ):
        councils = record[key]
        names = ", ".join(f"{c['name']} ({c['code']})" for c in councils) or "none"
        typer.echo(f"Councils with {label} on the ICB board: {names}")
    if record["long_serving"]:
        typer.echo(f"In post over {record['long_service_years']} years:")
        emit(
            record["long_serving"],
            [
                Column("board", "Board"),
                Column("name", "Member"),
                Column("role", "Role"),
                Column("start_date", "Since"),
                Column("years", "Years", justify="right"),
            ],
            form,
        )
    focus = record["agenda_focus"]
    if focus["quarters"]:
        from joinedup.governance.meetings import CLASSES

        kinds = (*CLASSES, "unclassified")
        rows = [
            {"quarter": q["quarter"], "minutes": q["minutes"], **q["shares"]}
            for q in focus["quarters"]
        ]
        rows.append({"quarter": "England, same quarters", "minutes": "", **focus["england_shares"]})
        typer.echo("ICB board agenda time by class:")
        emit(
            rows,
            [Column("quarter", "Quarter"), Column("minutes", "Minutes", justify="right")]
            + [Column(kind, kind.capitalize(), percent, "right") for kind in kinds],
            form,
        )
        trend = ", ".join(
            f"{kind} {'n/a' if value is None else f'{value:+.1f}'}"
            for kind, value in focus["trend_pp_per_quarter"].items()
        )
        typer.echo(f"Trend, percentage points a quarter: {trend}")


OVERLAP_COLUMNS = [
    Column("name", "Health and Wellbeing Board"),
    Column("members", "Members", justify="right"),
    Column("also_on_icp", "Also on the ICP", justify="right"),
    Column("organisations", "Organisations", justify="right"),
    Column("organisations_on_icp", "Also on the ICP ", justify="right"),
]


@app.command()
def overlap(
    system: System,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Count members on this day [default: today].")
    ] = None,
    form: Format = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """The overlap of the system's Integrated Care Partnership with its councils' Health and
    Wellbeing Boards: people_in_both (the same person on each) and organisations_in_both, as
    lists with a count of each, and every HWB's members also on the ICP."""
    from joinedup.governance.overlap import overlap as find
    from joinedup.warehouse import Warehouse

    day = _day(as_of, "--as-of")
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


@app.command()
def rules(rules: Rules = None, form: Format = None) -> None:
    """Show the oversight rules in force (and check a rules file given with --rules)."""
    from joinedup.governance.oversight import load_rules

    with explained():
        found = load_rules(rules)
    records = [
        {
            "name": rule.name,
            "decision_types": [str(kind) for kind in rule.decision_types],
            "above_value": rule.above_value,
            "significant_only": rule.significant_only,
            "requires": rule.requires,
            "description": rule.description,
        }
        for rule in found.rules
    ]
    columns = [
        Column("name", "Rule"),
        Column("decision_types", "Decision types", lambda kinds: ", ".join(kinds)),
        Column("above_value", "Above", lambda v: "" if v is None else money(v), "right"),
        Column("significant_only", "Significant only", lambda v: "yes" if v else ""),
        Column("requires", "Requires"),
    ]
    emit([jsonable(record) for record in records], columns, output_format(form))


@app.command()
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
