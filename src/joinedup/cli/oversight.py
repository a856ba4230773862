"""`joinedup governance sign-off | decide | check | rules`: decisions against the oversight
rules (council sign-offs, conflicts of interest, regard to the strategy, dates).

The verbs are added to the `governance` group by :func:`register`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from joinedup.cli.options import By, Config, Db, Format, output_format, parse_day, settings
from joinedup.cli.output import Column, emit, explained
from joinedup.governance.flags import flag_meanings
from joinedup.jsonable import jsonable
from joinedup.money import money

Rules = Annotated[
    Path | None,
    typer.Option(
        "--rules",
        help="Oversight rules file [default: the packaged rules].",
        dir_okay=False,
        show_default=False,
    ),
]


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

    day = parse_day(on, "--on")
    with explained(), Warehouse.open(settings(config, db=db).db, write=True) as warehouse:
        stored = record_sign_off(
            warehouse, decision, council, signed_by, on=day, reference=reference, who=by
        )
    typer.echo(
        f"Recorded sign-off {stored['id']} of decision {decision} by {stored['council']} "
        f"({stored['signed_by']}, {stored['signed_on']})."
    )


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
    day = parse_day(on, "--on")
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
        warnings = date_warnings(warehouse, [row.decision for row in found])
    rows = [
        jsonable(row) | {"date_warnings": warnings.get(row.decision, [])}
        for row in newest_first(found)
    ]
    emit(rows, CHECK_COLUMNS, output_format(form))
    for decision_id, problems in sorted(warnings.items()):
        for problem in problems:
            typer.echo(f"Warning: decision {decision_id}: {problem}", err=True)


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


def register(app: typer.Typer) -> None:
    """Add the verbs to the `governance` group."""
    app.command("sign-off")(sign_off)
    app.command()(decide)
    app.command()(check)
    app.command()(rules)
