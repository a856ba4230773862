"""`joinedup metrics`: shared metrics, their values, quality and statistics."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from joinedup.cli.display import number
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
from joinedup.cli.output import Column, emit, emit_one

Chart = Annotated[
    Path | None,
    typer.Option("--chart", help="Also draw the chart to this .svg or .png file.", dir_okay=False),
]


def _number(value: object) -> str:
    return number(value)


app = typer.Typer(
    help="Shared metrics: definitions, values, quality assurance, comparisons and SPC.",
    no_args_is_help=True,
)


@app.command("list")
def list_(
    system: Annotated[
        str | None, typer.Option("--system", help="Also a system's local metrics.")
    ] = None,
    form: Format = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """List the national metrics (and a system's local ones) with method and polarity."""
    from joinedup.metrics.catalogue import metrics
    from joinedup.reference import system as find_system
    from joinedup.warehouse import Warehouse

    code = find_system(system).code if system else None
    with Warehouse.open(settings(config, db=db).db) as warehouse:
        found = metrics(warehouse, code)
    rows = [
        {
            "id": m.id,
            "title": m.title,
            "set": m.set,
            "method": m.method,
            "unit": m.unit,
            "polarity": m.polarity,
            "frequency": m.frequency,
            "source": m.source.reference or m.source.dataset,
        }
        for m in found.values()
        if code is None or m.set in ("national", code)
    ]
    columns = [
        Column("id", "Metric"),
        Column("title", "Title"),
        Column("set", "Set"),
        Column("method", "Method"),
        Column("polarity", "Polarity", lambda p: p.replace("_", " ")),
        Column("frequency", "Frequency"),
    ]
    emit(rows, columns, output_format(form))


@app.command()
def add(
    file: Annotated[Path, typer.Argument(help="A metric definition in YAML.", dir_okay=False)],
    system: Annotated[str, typer.Option("--system", help="The system the metric belongs to.")],
    db: Db = None,
    config: Config = None,
) -> None:
    """Add a system's local metric from a YAML definition (see docs/metrics.md for the fields)."""
    from joinedup.metrics.catalogue import add_local_metric
    from joinedup.warehouse import Warehouse

    with Warehouse.open(settings(config, db=db).db, write=True) as warehouse:
        added = add_local_metric(warehouse, file, system)
    typer.echo(f"Added local metric {added.id} ({added.title}) for {added.set}.")


@app.command()
def load(
    file: Annotated[Path, typer.Argument(help="A .csv or .xlsx of values.", dir_okay=False)],
    db: Db = None,
    config: Config = None,
) -> None:
    """Check and store metric values: columns metric, area, period, numerator, denominator
    (and value, lower_ci, upper_ci, age_band where they apply). A bad row is named with its
    file, row and field, and nothing is stored."""
    from joinedup.metrics.values import load_values
    from joinedup.warehouse import Warehouse

    with Warehouse.open(settings(config, db=db).db, write=True) as warehouse:
        result = load_values(warehouse, file)
    typer.echo(
        f"Stored load #{result.load_id}: {result.rows} values of {', '.join(result.metrics)} "
        f"for {result.areas} areas."
    )


@app.command("import")
def import_(
    kind: Annotated[str, typer.Argument(help="fingertips or skills-for-care.")],
    file: Annotated[Path, typer.Argument(help="The file as downloaded.", dir_okay=False)],
    map_: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            help="Fingertips indicator to metric, ID=METRIC (repeatable); replaces the default "
            "map (22401=falls_admissions_65_plus).",
        ),
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(help="Skills for Care: the year the file is for, when it does not say."),
    ] = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """Import values from a Fingertips download or a Skills for Care workforce file. Every row is
    checked first; a bad row is named and nothing is stored."""
    # docs/cli.md is generated from this help; a file giving no value is refused with what it
    # holds and the --map that would read it (docs/metrics-imports.md).
    import getpass

    from joinedup.metrics.catalogue import metrics
    from joinedup.metrics.imports import read_import
    from joinedup.metrics.values import store_values
    from joinedup.problems import FileRejected
    from joinedup.warehouse import Warehouse

    indicator_map = None
    if map_:
        pairs = [item.partition("=") for item in map_]
        if any(not sep or not key or not value for key, sep, value in pairs):
            raise typer.BadParameter("write each --map as INDICATOR_ID=METRIC_ID")
        indicator_map = {key.strip(): value.strip() for key, _, value in pairs}
    with Warehouse.open(settings(config, db=db).db, write=True) as warehouse:
        found = read_import(
            kind, file, indicator_map, definitions=metrics(warehouse), period=period
        )
        # The notes say what was skipped and why, so they are printed before a refusal too
        # (on stderr then, with the problems).
        refused = bool(found.problems)
        for note in found.notes:
            typer.echo(f"Note: {note}", err=refused)
        if refused:
            raise FileRejected(found.path.name, list(found.problems))
        result = store_values(
            warehouse,
            found.values,
            source=f"import:{kind}",
            file_name=found.path.name,
            file_sha256=found.sha256,
            loaded_by=getpass.getuser(),
        )
    typer.echo(
        f"Stored load #{result.load_id}: {result.rows} values of {', '.join(result.metrics)} "
        f"for {result.areas} areas."
    )


@app.command()
def show(
    metric_id: Annotated[str, typer.Argument(metavar="METRIC", help="A metric id.")],
    system: SomeSystem = None,
    council: Annotated[str | None, typer.Option("--council", help="A council.")] = None,
    period: Annotated[str | None, typer.Option(help="A period [default: latest].")] = None,
    form: Format = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """A metric's value for a system or council with its 95% interval, England, the comparator
    group, significance against England, the recent trend and the SPC icons."""
    from joinedup.metrics.results import show as show_metric
    from joinedup.warehouse import Warehouse

    if (system is None) == (council is None):
        raise typer.BadParameter("give one of --system or --council")
    with Warehouse.open(settings(config, db=db).db) as warehouse:
        record = show_metric(warehouse, metric_id, system or council or "", period)
    form = output_format(form)
    title = f"{record.title}: {record.area}, {record.period}"
    if form is OutputFormat.table:
        emit_one(
            dict(record) | {"comparator_group": ", ".join(record.comparator_group)}, form, title
        )
        return
    emit_one(record, form, title)


@app.command()
def compare(
    metric_id: Annotated[str, typer.Argument(metavar="METRIC", help="A metric id.")],
    period: Annotated[str | None, typer.Option(help="A period [default: latest].")] = None,
    chart: Chart = None,
    form: Format = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """All 42 systems for one period: value, interval, significance against England and funnel
    limits; `--chart funnel.svg` draws the funnel plot."""
    from joinedup.metrics.results import compare as compare_metric
    from joinedup.warehouse import Warehouse

    with Warehouse.open(settings(config, db=db).db) as warehouse:
        record = compare_metric(warehouse, metric_id, period)
    if chart is not None:
        from joinedup.publish.charts import funnel_chart, interval_chart, render

        draw = funnel_chart if record.funnel else interval_chart
        render(draw(record), chart)
    columns = [
        Column("system", "Code"),
        Column("name", "System"),
        Column("value", record.unit, _number, "right"),
        Column("lower_95", "Lower 95%", _number, "right"),
        Column("upper_95", "Upper 95%", _number, "right"),
        Column("comparison_with_england", f"vs England ({_number(record.england)})"),
    ]
    if record.funnel:
        columns.append(Column("funnel_lower_99_8", "Funnel 99.8% low", _number, "right"))
        columns.append(Column("funnel_upper_99_8", "Funnel 99.8% high", _number, "right"))
    form = output_format(form)
    if form is OutputFormat.json:
        emit_one(record, form, record.title)
    else:
        emit(record.systems, columns, form)


@app.command()
def spc(
    metric_id: Annotated[str, typer.Argument(metavar="METRIC", help="A metric id.")],
    system: SomeSystem = None,
    council: Annotated[str | None, typer.Option("--council", help="A council.")] = None,
    target: Annotated[float | None, typer.Option(help="A target, for assurance icons.")] = None,
    recalculate_at: Annotated[
        list[str] | None,
        typer.Option("--recalculate-at", help="A period where new limits start (repeatable)."),
    ] = None,
    baseline: Annotated[
        int | None, typer.Option(help="Fix the limits on the first N points.")
    ] = None,
    annotate: Annotated[
        list[str] | None,
        typer.Option("--annotate", help="A note on a period, PERIOD=TEXT (repeatable)."),
    ] = None,
    chart: Chart = None,
    form: Format = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """The statistical process control chart of a series (NHS Making Data Count): limits,
    special causes, and the variation and assurance icons."""
    from joinedup.metrics.results import spc_series
    from joinedup.warehouse import Warehouse

    if (system is None) == (council is None):
        raise typer.BadParameter("give one of --system or --council")
    with Warehouse.open(settings(config, db=db).db) as warehouse:
        record = spc_series(
            warehouse,
            metric_id,
            system or council or "",
            target=target,
            recalculate_at=recalculate_at,
            baseline=baseline,
            annotations=_annotations(annotate),
        )
    if chart is not None:
        from joinedup.publish.charts import render, spc_chart

        render(spc_chart(record), chart)
    form = output_format(form)
    if form is OutputFormat.json:
        emit_one(record, form, record.title)
        return
    emit(
        record.points,
        [
            Column("period", "Period"),
            Column("value", record.unit, _number, "right"),
            Column("mean", "Mean", _number, "right"),
            Column("lower_limit", "Lower limit", _number, "right"),
            Column("upper_limit", "Upper limit", _number, "right"),
            Column("special_cause", "Special cause"),
            Column("variation", "Variation", lambda v: v or ""),
            Column("assurance", "Assurance", lambda v: v or ""),
        ],
        form,
    )


def _annotations(given: list[str] | None) -> dict[str, str] | None:
    if not given:
        return None
    pairs = [item.partition("=") for item in given]
    if any(not sep or not period or not text for period, sep, text in pairs):
        raise typer.BadParameter("write each --annotate as PERIOD=TEXT")
    return {period.strip(): text.strip() for period, _, text in pairs}


@app.command()
def icons(
    system: System,
    form: Format = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """The SPC icon matrix boards read: every metric for the system and each of its councils,
    with the latest variation and assurance icons."""
    from joinedup.metrics.results import icon_matrix
    from joinedup.warehouse import Warehouse

    with Warehouse.open(settings(config, db=db).db) as warehouse:
        rows = icon_matrix(warehouse, system)
    emit(
        rows,
        [
            Column("metric", "Metric"),
            Column("area", "Area"),
            Column("period", "Latest", lambda p: p or ""),
            Column("value", "Value", _number, "right"),
            Column("variation", "Variation", lambda v: v or "too few points"),
            Column("assurance", "Assurance", lambda v: v or ""),
        ],
        output_format(form),
    )


@app.command()
def qa(
    system: Annotated[
        str | None, typer.Option("--system", help="Only this system and its councils.")
    ] = None,
    form: Format = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """Quality assurance: completeness, consistency and outliers per metric, area and period,
    each with a severity (error, warning, info)."""
    from joinedup.metrics.quality import quality_report
    from joinedup.warehouse import Warehouse

    with Warehouse.open(settings(config, db=db).db) as warehouse:
        findings = quality_report(warehouse, system)
    emit(
        findings,
        [
            Column("severity", "Severity"),
            Column("check", "Check"),
            Column("metric", "Metric"),
            Column("area", "Area"),
            Column("period", "Period", lambda p: p or ""),
            Column("message", "Finding"),
        ],
        output_format(form),
    )
