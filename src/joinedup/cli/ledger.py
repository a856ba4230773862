"""`joinedup ledger`: the joint ledger of NHS and council spend.

Over 400 lines: one Typer group for the `joinedup ledger` verbs, each a thin call into
joinedup.ledger; they share their options and output.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from joinedup.cli import display
from joinedup.cli.options import (
    Config,
    Db,
    Format,
    OutputFormat,
    SomeSystem,
    System,
    output_format,
    settings,
)
from joinedup.cli.output import Column, emit, emit_one, thousands
from joinedup.ledger.measures import MEASURES, ranked_names
from joinedup.money import NO_DATA, money_exact

app = typer.Typer(
    help="The joint ledger: spend by spending type, per head, benchmarked.", no_args_is_help=True
)

Organisation = Annotated[
    str, typer.Option("--org", help="Organisation code (an ICB may use its E54 or ODS code).")
]
Year = Annotated[str, typer.Option("--year", help="Financial year, e.g. 2024-25.")]
LatestYear = Annotated[str | None, typer.Option("--year", help="Financial year [default: latest].")]


_pounds = display.pounds
_pounds_per_head = display.pounds_per_head
_share = display.share


def _one_area(system: str | None, council: str | None, england: bool) -> str:
    """Which of --system, --council and --england was given; exactly one must be."""
    chosen = [
        name
        for name, given in (("system", system), ("council", council), ("england", england))
        if given
    ]
    if len(chosen) != 1:
        raise typer.BadParameter("give exactly one of --system, --council or --england")
    return chosen[0]


@app.command()
def template(
    org: Organisation,
    year: Year,
    output: Annotated[Path, typer.Option("--output", "-o", help="The .xlsx file to write.")],
    db: Db = None,
    config: Config = None,
) -> None:
    """Write a spreadsheet a finance officer fills in to submit the organisation's spend."""
    from joinedup.ledger.template import write_template
    from joinedup.organisations import organisation
    from joinedup.warehouse import Warehouse

    with Warehouse.open(settings(config, db=db).db) as warehouse:
        owner = organisation(warehouse, org)
    written = write_template(output, owner, year)
    typer.echo(f"Wrote {written}: fill in the {owner.name} sheet 'Spend', then submit it.")


@app.command()
def submit(
    file: Annotated[Path, typer.Argument(help="The filled-in .xlsx or .csv file.", dir_okay=False)],
    org: Organisation,
    year: Year,
    by: Annotated[
        str | None, typer.Option("--by", help="Who is submitting [default: your user name].")
    ] = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """Check every row of FILE and store it whole, superseding the earlier submission.

    If any row is wrong nothing is stored: every problem is listed with its file, sheet, row and
    field, and the command exits with status 1.
    """
    from joinedup.ledger.submission import submit as submit_file
    from joinedup.warehouse import Warehouse

    with Warehouse.open(settings(config, db=db).db, write=True) as warehouse:
        stored = submit_file(warehouse, file, org, year, submitted_by=by)
    if stored.unchanged:
        typer.echo(f"{file} is the current submission #{stored.id} already; nothing changed.")
        return
    replaced = (
        f"; supersedes #{', #'.join(map(str, stored.superseded))}" if stored.superseded else ""
    )
    typer.echo(
        f"Stored submission #{stored.id}: {stored.line_count} lines, {money_exact(stored.total)} "
        f"for {stored.organisation_code} in {stored.financial_year}{replaced}."
    )


@app.command()
def history(org: Organisation, form: Format = None, db: Db = None, config: Config = None) -> None:
    """List an organisation's submissions, newest first, with who sent them and the file's hash."""
    from joinedup.ledger.submission import history as submission_history
    from joinedup.warehouse import Warehouse

    with Warehouse.open(settings(config, db=db).db) as warehouse:
        rows = submission_history(warehouse, org)
    records = [
        row.model_dump()
        | {
            "submitted_at": str(row.submitted_at),
            "superseded_at": _text(row.superseded_at),
            "total": float(row.total),
            "stated_total": None if row.stated_total is None else float(row.stated_total),
        }
        for row in rows
    ]
    columns = [
        Column("id", "#", justify="right"),
        Column("financial_year", "Year"),
        Column("current", "Current", lambda current: "yes" if current else "superseded"),
        Column("source", "Source"),
        Column("file_name", "File"),
        Column("submitted_by", "By"),
        Column("submitted_at", "When"),
        Column("line_count", "Lines", justify="right"),
        Column("total", "Total", _pounds, "right"),
        Column("file_sha256", "SHA-256", lambda sha: (sha or "")[:12]),
    ]
    emit(records, columns, output_format(form))


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


#: How each unit of a headline measure reads in the table (JSON and CSV carry the numbers).
_RENDER: dict[str, Callable[[Any], str]] = {
    "money": _pounds,
    "per_head": _pounds_per_head,
    "share": _share,
    "points": display.points,
    "yes_no": lambda v: NO_DATA if v is None else ("yes" if v else "no"),
}
SUMMARY_FIGURES = [("population", "Population (Census 2021)", thousands)] + [
    (found.name, found.short_label, _RENDER[found.unit]) for found in MEASURES if found.in_summary
]


@app.command()
def summary(
    system: SomeSystem = None,
    council: Annotated[str | None, typer.Option("--council", help="A council area.")] = None,
    england: Annotated[bool, typer.Option("--england", help="England as a whole.")] = False,
    year: LatestYear = None,
    form: Format = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """Headline spend of a system, a council area or England: per head, out of hospital,
    prevention and its five-year shift, pooled budgets, and the breakdown by spending type."""
    from joinedup.ledger.figures import summary as ledger_summary
    from joinedup.warehouse import Warehouse

    scope = _one_area(system, council, england)
    area_type = scope
    key = system or council or ""
    with Warehouse.open(settings(config, db=db).db) as warehouse:
        record = ledger_summary(warehouse, area_type, key, year)
    form = output_format(form)
    if form is OutputFormat.json:
        emit_one(record, form, record.name)
        return
    if form is OutputFormat.csv:
        scalars = {k: v for k, v in dict(record).items() if not isinstance(v, list)}
        emit([scalars], [Column(k, k) for k in scalars], form)
        return
    title = f"{record.name}, {record.financial_year}"
    if record.synthetic:
        title += " (synthetic demonstration data)"
    emit(
        [
            {"figure": label, "value": render(getattr(record, key))}
            for key, label, render in SUMMARY_FIGURES
        ],
        [Column("figure", "Figure"), Column("value", title, justify="right")],
        form,
    )
    emit(
        record.by_spending_type,
        [
            Column("label", "Spending type"),
            Column("setting", "Setting", lambda s: s.replace("_", " ")),
            Column("prevention", "Prevention", lambda p: "yes" if p else ""),
            Column("amount", "Spend", _pounds, "right"),
            Column("per_head", "Per head", _pounds_per_head, "right"),
            Column("share", "Share", _share, "right"),
        ],
        form,
    )


@app.command()
def benchmark(
    system: System,
    measure: Annotated[
        str,
        typer.Option(
            "--measure",
            help=", ".join(ranked_names()[:-1]) + f" or {ranked_names()[-1]}.",
        ),
    ],
    year: LatestYear = None,
    form: Format = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """Rank a system's headline figure across the 42 systems and against its 10 nearest
    neighbours (by population, age, deprivation and rurality; see docs/benchmarking.md)."""
    from joinedup.ledger.comparison import benchmark as compare
    from joinedup.reference import system as find_system
    from joinedup.warehouse import Warehouse

    with Warehouse.open(settings(config, db=db).db) as warehouse:
        record = compare(warehouse, system, measure, year)
    form = output_format(form)
    if form is OutputFormat.json:
        emit_one(record, form, measure)
        return
    rank = record.england_rank
    rows: list[dict[str, Any]] = [
        {"code": record.system, "role": "this system", "value": record.value}
    ] + [{"code": peer.code, "role": "peer", "value": peer.value} for peer in record.peers]
    for row in rows:
        row["name"] = find_system(row["code"]).short_name
    if form is OutputFormat.table:
        direction = {True: "higher is better", False: "lower is better", None: "no judgement"}
        standing = (
            f"not ranked: no data for {record.system}"
            if rank.rank is None
            else f"rank {rank.rank} of {rank.of} in England (quintile {rank.quintile}; "
            f"{direction[record.higher_is_better]}), rank {record.peer_rank} of "
            f"{record.peer_group_size} among its peers"
        )
        typer.echo(
            f"{measure} in {record.financial_year}: {standing}."
            + (" Synthetic demonstration data." if record.synthetic else "")
        )
    emit(
        rows,
        [
            Column("code", "Code"),
            Column("name", "System"),
            Column("role", "Role"),
            Column("value", measure, lambda v: display.shown(measure, v), "right"),
        ],
        form,
    )


@app.command("import")
def import_(
    kind: Annotated[str, typer.Argument(help="icb-allocations, revenue-outturn or asc-fr.")],
    file: Annotated[Path, typer.Argument(help="The file as the national body publishes it.")],
    by: Annotated[
        str | None, typer.Option("--by", help="Who is importing [default: your user name].")
    ] = None,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace", help="Accept a file that replaces published figures with far smaller ones."
        ),
    ] = False,
    db: Db = None,
    config: Config = None,
) -> None:
    """Import a national return: NHS England's ICB allocations workbook (icb-allocations), MHCLG
    Revenue Outturn RSX or RO3 (revenue-outturn: .ods, .xlsx or .csv) or the adult social care
    finance return's data file (asc-fr). Every row is checked first; a bad row is named and
    nothing is stored. A data-quality report (totals reconciled, missing returns, outliers against
    the year before and against other councils, a return shrunk by half) is printed and kept."""
    from joinedup.ledger.imports import import_return
    from joinedup.warehouse import Warehouse

    with Warehouse.open(settings(config, db=db).db, write=True) as warehouse:
        result = import_return(warehouse, kind, file, imported_by=by, replace=replace)
    for note in result.notes:
        typer.echo(f"Note: {note}")
    typer.echo("Data-quality report:")
    for line in result.report.lines():
        typer.echo(f"  {line}")
    typer.echo(
        f"Imported {result.file} ({kind}): {result.allocations} allocations, "
        f"{result.outturn} outturn figures, "
        f"{result.submissions} council submissions ({result.lines} lines)"
        + (f", {result.unchanged} unchanged" if result.unchanged else "")
        + (f"; {money_exact(result.total)} of allocations and spend." if result.total else ".")
    )


def _count(value: Any) -> str:
    return f"{value:,}"


PUBLISHED_FIGURES: tuple[tuple[str, str, Callable[[Any], str]], ...] = (
    ("population", "Population", _count),
    ("nhs_gbp", "NHS allocations", _pounds),
    ("adult_social_care_gbp", "Adult social care (councils)", _pounds),
    ("children_social_care_gbp", "Children's social care (councils)", _pounds),
    ("public_health_gbp", "Public health (councils)", _pounds),
    ("total_gbp", "Total", _pounds),
    ("per_head_gbp", "Per head", _pounds_per_head),
    ("prevention_gbp", "Prevention", _pounds),
    ("prevention_share", "Prevention share", _share),
)


@app.command()
def published(
    year: Annotated[str, typer.Option("--year", help="Financial year, e.g. 2024-25.")],
    system: SomeSystem = None,
    council: Annotated[
        str | None,
        typer.Option("--council", help="A council (its code in any vintage, or its name)."),
    ] = None,
    england: Annotated[bool, typer.Option("--england", help="England as a whole.")] = False,
    form: Format = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """The published joint picture of a system, a council or England for a year: NHS England's
    allocations by stream and councils' Revenue Outturn (adult and children's social care,
    public health), per head of the ONS mid-year estimate, with every council whose return was
    not received listed as missing. Real figures only (see docs/published-figures.md)."""
    from joinedup.core.financial_year import parse_financial_year
    from joinedup.ledger.published import published_figures
    from joinedup.warehouse import Warehouse

    scope = _one_area(system, council, england)
    financial_year = parse_financial_year(year)
    with Warehouse.open(settings(config, db=db).db) as warehouse:
        record = published_figures(
            warehouse, scope, system or council or "", financial_year
        ).record()
    form = output_format(form)
    if form is OutputFormat.json:
        emit_one(record, form, record.name)
        return
    if form is OutputFormat.csv:
        flat = {k: v for k, v in dict(record).items() if not isinstance(v, (list, dict))}
        flat.update({f"stream_{k}": v for k, v in record.streams.items()})
        flat["missing"] = "; ".join(f"{m.name} ({m.code})" for m in record.missing)
        emit([flat], [Column(k, k) for k in flat], form)
        return
    figures = dict(record)
    rows = [
        {"figure": label, "value": "no data" if figures[key] is None else render(figures[key])}
        for key, label, render in PUBLISHED_FIGURES
    ]
    rows[1:1] = [
        {"figure": f"  {name.replace('_', ' ')}", "value": _pounds(amount)}
        for name, amount in record.streams.items()
    ]
    emit(
        rows,
        [
            Column("figure", "Figure"),
            Column("value", f"{record.name}, {financial_year} (published)", justify="right"),
        ],
        form,
    )
    for item in record.missing:
        typer.echo(f"Missing: {item.name} ({item.code}): return {item.status}.")
    typer.echo(f"Population: {record.population_estimate}.")
    for source in record.sources:
        typer.echo(f"Source: {source.publisher}, {source.title}, {source.file}.")


@app.command()
def quality(
    limit: Annotated[int, typer.Option("--limit", min=1, help="How many loads, newest first.")] = 5,
    form: Format = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """The data-quality reports of the latest loads of national returns."""
    from joinedup.ledger.quality import load_reports
    from joinedup.warehouse import Warehouse

    with Warehouse.open(settings(config, db=db).db) as warehouse:
        reports = load_reports(warehouse, limit)
    form = output_format(form)
    if form is not OutputFormat.table:
        emit(
            [
                {
                    **{
                        k: getattr(r, k)
                        for k in ("id", "kind", "file_name", "loaded_at", "loaded_by")
                    },
                    "missing_returns": len(r.missing_returns),
                    "findings": len(r.findings),
                }
                for r in reports
            ]
            if form is OutputFormat.csv
            else reports,
            [Column(k, k) for k in ("id", "kind", "file_name", "loaded_at", "loaded_by")]
            + [Column("missing_returns", "missing_returns"), Column("findings", "findings")],
            form,
        )
        return
    if not reports:
        typer.echo("No national return has been loaded into this warehouse yet.")
    for r in reports:
        typer.echo(f"{r.file_name} ({r.kind}), loaded {r.loaded_at} by {r.loaded_by}:")
        for line in r.reconciled:
            typer.echo(f"  Reconciled: {line}")
        for item in r.missing_returns:
            typer.echo(f"  Missing return: {item.name} ({item.code}), {item.financial_year}")
        for finding in r.findings:
            typer.echo(f"  Check: {finding.message}")
