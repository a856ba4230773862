"""Open data: the published figures as CSV and Parquet, with a data dictionary (CSV and
Markdown) and a Frictionless ``datapackage.json``.

Each table is declared once (:data:`TABLES`): its columns, their types and descriptions, and
which columns are counts of people. Rows come from the analysis modules; every count of people
passes through ``publish.disclosure`` (metric values through ``publish.figures.public_point``),
so no count from 1 to the threshold is written. The Parquet files are made by DuckDB from the
CSV files with the declared types, so the two always hold the same rows.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from joinedup import __version__
from joinedup.publish.disclosure import DEFAULT_THRESHOLD, Rules, publish_count
from joinedup.warehouse import Warehouse

Row = dict[str, Any]
OGL = {
    "name": "OGL-UK-3.0",
    "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    "title": "Open Government Licence v3.0",
}
REFERENCE_SOURCES = [
    {
        "title": "ONS, LSOA (2021) to SICBL to ICB to LAD (April 2024) lookup in England",
        "path": "https://geoportal.statistics.gov.uk/datasets/ons::lsoa-2021-to-sicbl-to-icb-to-"
        "cancer-alliances-to-lad-april-2024-lookup-in-en/about",
    },
    {
        "title": "ONS, Census 2021, TS007A age by five-year age bands (usual residents)",
        "path": "https://www.nomisweb.co.uk/output/census/2021/census2021-ts007a.zip",
    },
    {
        "title": "MHCLG, English Indices of Deprivation 2019",
        "path": "https://www.gov.uk/government/statistics/english-indices-of-deprivation-2019",
    },
]
# Frictionless field types and the DuckDB types their Parquet columns take.
DUCKDB_TYPES = {
    "string": "VARCHAR",
    "integer": "BIGINT",
    "number": "DOUBLE",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "money": "DECIMAL(18, 2)",
}


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str  # a key of DUCKDB_TYPES; "money" is a Frictionless number in pounds
    description: str
    count_of_people: bool = False

    @property
    def frictionless_type(self) -> str:
        return "number" if self.type == "money" else self.type


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: Callable[[Warehouse, Rules], Iterable[Row]]
    primary_key: tuple[str, ...]
    reference: bool = False  # real reference data shipped with JoinedUp (ONS, NHS England)


@dataclass(frozen=True, slots=True)
class Exported:
    folder: Path
    tables: dict[str, int]  # rows written, by table
    files: list[Path]


def col(name: str, kind: str, description: str, *, people: bool = False) -> Column:
    return Column(name, kind, description, people)


def export(warehouse: Warehouse, folder: Path, *, threshold: int = DEFAULT_THRESHOLD) -> Exported:
    """Write every table as CSV and Parquet, the data dictionary and ``datapackage.json``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rules = Rules(threshold=threshold)
    counts, files = {}, []
    for table in TABLES:
        csv_path = folder / f"{table.name}.csv"
        counts[table.name] = write_csv(csv_path, table.columns, table.rows(warehouse, rules))
        files += [csv_path, write_parquet(csv_path, table.columns)]
    dictionary = folder / "data-dictionary.csv"
    write_csv(dictionary, DICTIONARY_COLUMNS, dictionary_rows())
    files += [dictionary, write_parquet(dictionary, DICTIONARY_COLUMNS)]
    markdown = folder / "data-dictionary.md"
    markdown.write_text(dictionary_markdown(warehouse.synthetic, threshold), encoding="utf-8")
    package = folder / "datapackage.json"
    descriptor = datapackage(warehouse.synthetic, threshold)
    package.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return Exported(folder, counts, [*files, markdown, package])


# --- writing -------------------------------------------------------------------------------


def write_csv(path: Path, columns: tuple[Column, ...], rows: Iterable[Row]) -> int:
    """UTF-8 CSV with a header; an empty cell is a missing (or withheld) value."""
    written = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow([column.name for column in columns])
        for row in rows:
            writer.writerow([cell(row.get(column.name)) for column in columns])
            written += 1
    return written


def cell(value: Any) -> str:
    """A value as a CSV cell that reads back exactly (line breaks are written as ``\\n``: a
    lone carriage return inside a quoted cell is more than some CSV readers, DuckDB's among
    them, can parse).

    >>> from decimal import Decimal
    >>> [cell(v) for v in (None, True, 0.1, Decimal("2.50"), date(2024, 4, 1), ["a", "b"])]
    ['', 'true', '0.1', '2.50', '2024-04-01', 'a;b']
    >>> cell("one\\r\\ntwo\\rthree")
    'one\\ntwo\\nthree'
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ";".join(str(item) for item in value)
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return repr(value) if isinstance(value, float) else str(value)


def write_parquet(csv_path: Path, columns: tuple[Column, ...]) -> Path:
    """The CSV file read back with the declared types and written as Parquet by DuckDB."""
    import duckdb

    path = csv_path.with_suffix(".parquet")
    types = ", ".join(f"'{c.name}': '{DUCKDB_TYPES[c.type]}'" for c in columns)
    with duckdb.connect() as connection:
        connection.execute(
            f"COPY (SELECT * FROM {read_csv_sql(types)}) TO ? (FORMAT parquet)",
            [str(csv_path), str(path)],
        )
    return path


def read_csv_sql(types: str) -> str:
    """DuckDB's reader for these files (the first parameter is the path): no guessing."""
    return (
        f"read_csv(?, header = true, delim = ',', quote = '\"', escape = '\"', "
        f"nullstr = '', auto_detect = false, columns = {{{types}}})"
    )


# --- rows ------------------------------------------------------------------------------------


def system_rows(warehouse: Warehouse, rules: Rules) -> Iterator[Row]:
    from joinedup.reference import systems

    for found in systems():
        yield {
            "code": found.code,
            "ods_code": found.ods_code,
            "name": found.name,
            "short_name": found.short_name,
            "region_code": found.region_code,
            "region_name": found.region_name,
            "population": publish_count(found.population, rules),
            "aged_65_plus_share": found.aged_65_plus_share,
            "imd_average_score": found.imd_average_score,
            "rural_population_share": found.rural_population_share,
        }


def council_rows(warehouse: Warehouse, rules: Rules) -> Iterator[Row]:
    from joinedup.reference import councils

    for found in councils():
        yield {
            "code": found.code,
            "name": found.name,
            "type": found.type,
            "population": publish_count(found.population, rules),
            "aged_65_plus_share": found.aged_65_plus_share,
            "imd_average_score": found.imd_average_score,
            "imd_rank_average_score": found.imd_rank_average_score,
            "rural_population_share": found.rural_population_share,
        }


def council_system_rows(warehouse: Warehouse, rules: Rules) -> Iterator[Row]:
    from joinedup.reference import councils

    for found in councils():
        for membership in found.systems:
            yield {
                "council_code": found.code,
                "system_code": membership.system_code,
                "population": publish_count(membership.population, rules),
                "population_share": membership.population_share,
                "is_main_system": membership.is_main_system,
            }


HEADLINES = (
    col("total_spend", "money", "All headline spend, £ (children's social care apart)."),
    col("per_head", "number", "Total spend per resident, £."),
    col("in_hospital_spend", "money", "Spend on hospital-based care, £."),
    col("out_of_hospital_spend", "money", "Spend outside hospital, £."),
    col("out_of_hospital_per_head", "number", "Out-of-hospital spend per resident, £."),
    col("out_of_hospital_share", "number", "Out-of-hospital share of total spend (0 to 1)."),
    col("prevention_spend", "money", "Spend on prevention types, £."),
    col("prevention_per_head", "number", "Prevention spend per resident, £."),
    col("prevention_share", "number", "Prevention share of total spend (0 to 1)."),
    col(
        "prevention_shift_5y_pp",
        "number",
        "Change in prevention share since four years before, percentage points.",
    ),
    col("prevention_on_track", "boolean", "Whether the shift meets the goal of 1 point or more."),
    col("pooled_spend", "money", "Spend from pooled budgets (Better Care Fund, section 75), £."),
    col("pooled_per_head", "number", "Pooled spend per resident, £."),
    col("childrens_social_care_spend", "money", "Children's social care, £, reported apart."),
)


def headline_rows(warehouse: Warehouse, rules: Rules) -> Iterator[Row]:
    from joinedup.ledger.figures import headline_table, summary, years_with_spend
    from joinedup.reference import council, system

    names = {"system": lambda code: system(code).name, "council": lambda code: council(code).name}
    for year in years_with_spend(warehouse):
        for area_type in ("system", "council"):
            for code, figures in headline_table(warehouse, year, area_type).items():
                yield _headline(year, area_type, code, names[area_type](code), figures, rules)
        england = summary(warehouse, "england", "", year)
        yield _headline(year, "england", england["code"], "England", england, rules)


def _headline(year: str, area_type: str, code: str, name: str, figures: Row, rules: Rules) -> Row:
    return {
        "financial_year": year,
        "area_type": area_type,
        "area_code": code,
        "area_name": name,
        "population": publish_count(figures["population"], rules),
        **{column.name: figures[column.name] for column in HEADLINES},
    }


def spend_type_rows(warehouse: Warehouse, rules: Rules) -> Iterator[Row]:
    from joinedup.ledger.figures import AreaSpend, area, breakdowns, spend_by_area
    from joinedup.ledger.figures import years_with_spend as years
    from joinedup.reference import systems

    chosen = years(warehouse)
    spend = spend_by_area(warehouse, chosen)
    areas = [("system", found.code) for found in systems()] + [("england", "E92000001")]
    for year in chosen:
        for area_type, code in areas:
            _, name, population = area(area_type, code)
            found = spend.get((area_type, code, year), AreaSpend())
            for row in breakdowns(found, population)["by_spending_type"]:
                yield {
                    "financial_year": year,
                    "area_type": area_type,
                    "area_code": code,
                    "area_name": name,
                    "spending_type": row["code"],
                    **{key: row[key] for key in ("label", "group", "setting", "prevention")},
                    **{key: row[key] for key in ("headline", "amount", "per_head", "share")},
                }


def metric_rows(warehouse: Warehouse, rules: Rules) -> Iterator[Row]:
    from joinedup.metrics.catalogue import metrics

    for found in metrics(warehouse).values():
        yield {
            "metric": found.id,
            "title": found.title,
            "description": found.description.strip(),
            "set": found.set,
            "unit": found.unit,
            "method": found.method,
            "multiplier": found.multiplier,
            "polarity": found.polarity,
            "frequency": found.frequency,
            "numerator": found.numerator.description,
            "denominator": None if found.denominator is None else found.denominator.description,
            "source_publisher": found.source.publisher,
            "source_dataset": found.source.dataset,
            "source_url": found.source.url,
            "disclosure_threshold": rules.threshold
            if found.disclosure_threshold is None
            else found.disclosure_threshold,
        }


def metric_value_rows(warehouse: Warehouse, rules: Rules) -> Iterator[Row]:
    from joinedup.metrics.catalogue import metrics
    from joinedup.metrics.results import ENGLAND, all_series
    from joinedup.publish.figures import metric_rules, public_point

    for definition in metrics(warehouse).values():
        chosen = metric_rules(definition.disclosure_threshold, rules.threshold)
        proportion = definition.method == "proportion"
        series = all_series(warehouse, definition)
        england = {
            point.period: public_point(_point(point), chosen, proportion=proportion)["value"]
            for point in series.get(ENGLAND, [])
        }
        for (area_type, code), points in sorted(series.items()):
            name = _area_name(area_type, code)
            for point in points:
                public = public_point(_point(point), chosen, proportion=proportion)
                yield public | {
                    "metric": definition.id,
                    "area_type": area_type,
                    "area_code": code,
                    "area_name": name,
                    "england_value": england.get(point.period),
                }


def _point(point: Any) -> Row:
    return {
        "period": point.period,
        "period_start": date.fromisoformat(point.period_start[:10]),
        "numerator": point.numerator,
        "denominator": point.denominator,
        "value": point.value,
        "lower_95": point.lower,
        "upper_95": point.upper,
    }


def _area_name(area_type: str, code: str) -> str:
    from joinedup.reference import council, system

    if area_type == "system":
        return system(code).name
    return council(code).name if area_type == "council" else "England"


def decision_rows(warehouse: Warehouse, rules: Rules) -> Iterator[Row]:
    """Decisions and what the oversight rules say of them; no person is named (who decided,
    who signed off and members' interests stay in the registers)."""
    from joinedup.governance.boards import boards
    from joinedup.governance.decisions import check_decisions, decisions

    board = {row["code"]: row for row in boards(warehouse)}
    significant = {row["id"]: row["significant"] for row in decisions(warehouse)}
    for row in check_decisions(warehouse):
        deciding = board[row["board"]]
        yield {
            "decision_id": row["decision"],
            "board_code": row["board"],
            "board_name": deciding["name"],
            "board_kind": deciding["kind"],
            "system_code": deciding["system"],
            "council_code": deciding["council"],
            "decision_date": row["date"],
            "title": row["title"],
            "decision_type": row["type"],
            "value": row["value"],
            "significant": significant.get(row["decision"]),
            "status": row["status"],
            "affected_organisations": row["affected"],
            "priorities": row["priorities"],
            "oversight_rules": row["rules"],
            "councils_signed_off": row["signed_off"],
            "councils_missing_sign_off": row["missing_sign_offs"],
            "approved_without_sign_off": row["status"] == "approved"
            and bool(row["missing_sign_offs"]),
            "conflict_of_interest": bool(row["conflicts"]),
            "shows_regard_to_strategy": row["shows_regard"],
        }


# --- the tables ------------------------------------------------------------------------------

AREA = (
    col("area_type", "string", "system, council or england."),
    col("area_code", "string", "ONS code of the system (E54), council or England (E92000001)."),
    col("area_name", "string", "Name of the area."),
)
PEOPLE = "Census 2021 usual residents (a count of people; withheld if 1 to the threshold)."
TABLES: tuple[Table, ...] = (
    Table(
        "systems",
        "Integrated care systems",
        "The 42 integrated care systems of England, one per ICB, with their region.",
        (
            col("code", "string", "ONS code of the ICB (E54)."),
            col("ods_code", "string", "NHS ODS code of the ICB."),
            col("name", "string", "Name of the ICB."),
            col("short_name", "string", "Short name of the system."),
            col("region_code", "string", "ONS code of the NHS region (E40)."),
            col("region_name", "string", "Name of the NHS region."),
            col("population", "integer", PEOPLE, people=True),
            col("aged_65_plus_share", "number", "Share of residents aged 65 and over (0 to 1)."),
            col(
                "imd_average_score", "number", "Index of Multiple Deprivation 2019, average score."
            ),
            col("rural_population_share", "number", "Share of residents in rural areas (0 to 1)."),
        ),
        system_rows,
        ("code",),
        reference=True,
    ),
    Table(
        "councils",
        "Upper-tier councils",
        "The 153 upper-tier councils (social care and public health authorities) of England.",
        (
            col("code", "string", "ONS code of the council (E06, E08, E09 or E10)."),
            col("name", "string", "Name of the council."),
            col(
                "type",
                "string",
                "county, unitary, metropolitan_borough, london_borough or sui_generis.",
            ),
            col("population", "integer", PEOPLE, people=True),
            col("aged_65_plus_share", "number", "Share of residents aged 65 and over (0 to 1)."),
            col(
                "imd_average_score", "number", "Index of Multiple Deprivation 2019, average score."
            ),
            col(
                "imd_rank_average_score",
                "integer",
                "Rank of the average score (1 = most deprived).",
            ),
            col("rural_population_share", "number", "Share of residents in rural areas (0 to 1)."),
        ),
        council_rows,
        ("code",),
        reference=True,
    ),
    Table(
        "council_systems",
        "Councils in systems",
        "Each council's residents in each system it belongs to: some councils are in several.",
        (
            col("council_code", "string", "ONS code of the council."),
            col("system_code", "string", "ONS code of the system (E54)."),
            col(
                "population",
                "integer",
                f"The council's residents in the system. {PEOPLE}",
                people=True,
            ),
            col("population_share", "number", "Share of the council's residents in the system."),
            col("is_main_system", "boolean", "Whether the system holds most of its residents."),
        ),
        council_system_rows,
        ("council_code", "system_code"),
        reference=True,
    ),
    Table(
        "ledger_headlines",
        "Joint spend: headline figures",
        "NHS and council spend per system, council area and England per financial year: "
        "totals, per head, out of hospital, prevention and its five-year shift, pooled budgets.",
        (
            col("financial_year", "string", "Financial year, April to March, e.g. 2024-25."),
            *AREA,
            col("population", "integer", PEOPLE, people=True),
            *HEADLINES,
        ),
        headline_rows,
        ("financial_year", "area_type", "area_code"),
    ),
    Table(
        "spend_by_type",
        "Joint spend by spending type",
        "Spend of each system (and England) per financial year on each spending type.",
        (
            col("financial_year", "string", "Financial year, April to March, e.g. 2024-25."),
            *AREA,
            col("spending_type", "string", "Code of the spending type (docs/ledger-taxonomy.md)."),
            col("label", "string", "Name of the spending type."),
            col("group", "string", "Code of the group the spending type belongs to."),
            col("setting", "string", "in_hospital or out_of_hospital."),
            col("prevention", "boolean", "Whether the spending type is prevention."),
            col("headline", "boolean", "Whether it counts in the headline totals."),
            col("amount", "money", "Spend, £."),
            col("per_head", "number", "Spend per resident, £."),
            col("share", "number", "Share of the area's headline spend (0 to 1)."),
        ),
        spend_type_rows,
        ("financial_year", "area_type", "area_code", "spending_type"),
    ),
    Table(
        "metrics",
        "Shared metrics",
        "The definition of each shared metric: the national set and systems' local metrics.",
        (
            col("metric", "string", "Identifier of the metric."),
            col("title", "string", "Title of the metric."),
            col("description", "string", "What the metric measures."),
            col("set", "string", "national, or the E54 code of the system that owns it."),
            col("unit", "string", "Unit of the values."),
            col("method", "string", "proportion, crude_rate, dsr, mean or count."),
            col("multiplier", "integer", "Values are per this many (100 for a percentage)."),
            col("polarity", "string", "higher_is_better, lower_is_better or no_judgement."),
            col("frequency", "string", "monthly, quarterly or annual."),
            col("numerator", "string", "What the numerator counts."),
            col("denominator", "string", "What the denominator counts."),
            col("source_publisher", "string", "Who publishes the source data."),
            col("source_dataset", "string", "The source dataset."),
            col("source_url", "string", "Where the source is published."),
            col("disclosure_threshold", "integer", "Counts from 1 to this are withheld."),
        ),
        metric_rows,
        ("metric",),
    ),
    Table(
        "metric_values",
        "Shared metric values",
        "Every area's value of every shared metric per period, with its 95% confidence "
        "interval and England's value. Where a count is from 1 to the threshold (or, for a "
        "proportion, the people not counted are), the counts and every figure derived from "
        "them are withheld: empty, with withheld = true.",
        (
            col("metric", "string", "Identifier of the metric (see metrics)."),
            *AREA,
            col("period", "string", "The period, e.g. 2024-25, 2024-25 Q4 or Mar 2025."),
            col("period_start", "date", "First day of the period."),
            col(
                "numerator",
                "integer",
                "The count the value is made from (a count of people; "
                "withheld if 1 to the threshold).",
                people=True,
            ),
            col(
                "denominator",
                "integer",
                "The population or count the numerator is out of (a "
                "count of people; withheld if 1 to the threshold).",
                people=True,
            ),
            col("value", "number", "The value, in the metric's unit."),
            col("lower_95", "number", "Lower 95% confidence limit."),
            col("upper_95", "number", "Upper 95% confidence limit."),
            col("england_value", "number", "England's value for the same period."),
            col("withheld", "boolean", "Whether the counts and values are withheld."),
        ),
        metric_value_rows,
        ("metric", "area_type", "area_code", "period"),
    ),
    Table(
        "decisions",
        "Board decisions and their oversight",
        "Decisions of ICB boards, partnerships and council boards, with what the oversight "
        "rules say of them. No person is named: the registers hold who decided, who signed "
        "off and members' declared interests.",
        (
            col("decision_id", "integer", "Identifier of the decision."),
            col("board_code", "string", "Code of the board that took it."),
            col("board_name", "string", "Name of the board."),
            col("board_kind", "string", "icb_board, icp, hwb, place_board or scrutiny."),
            col("system_code", "string", "The board's system (E54), if it has one."),
            col("council_code", "string", "The board's council, if it has one."),
            col("decision_date", "date", "When it was (or is to be) taken."),
            col("title", "string", "What was decided."),
            col(
                "decision_type",
                "string",
                "budget_allocation, service_reconfiguration, strategy, contract or other.",
            ),
            col("value", "money", "Its value, £, where recorded."),
            col("significant", "boolean", "Whether it is a significant service reconfiguration."),
            col("status", "string", "proposed, approved or rejected."),
            col(
                "affected_organisations",
                "string",
                "Codes of the organisations it affects, ';'-separated.",
            ),
            col(
                "priorities", "string", "Codes of the strategy priorities it serves, ';'-separated."
            ),
            col("oversight_rules", "string", "The oversight rules covering it, ';'-separated."),
            col("councils_signed_off", "string", "Councils that signed it off, ';'-separated."),
            col(
                "councils_missing_sign_off",
                "string",
                "Councils whose required sign-off is not recorded, ';'-separated.",
            ),
            col(
                "approved_without_sign_off",
                "boolean",
                "Approved while a required council sign-off is missing.",
            ),
            col(
                "conflict_of_interest",
                "boolean",
                "Whether a member of the board had a declared "
                "interest in an organisation it affects.",
            ),
            col(
                "shows_regard_to_strategy",
                "boolean",
                "Whether it names a priority of the "
                "integrated care strategy (where the rules ask it to).",
            ),
        ),
        decision_rows,
        ("decision_id",),
    ),
)

# --- the dictionary and the package ----------------------------------------------------------

DICTIONARY_COLUMNS = (
    col("table", "string", "The table (file name without .csv or .parquet)."),
    col("column", "string", "The column."),
    col("type", "string", "Frictionless type: string, integer, number, boolean or date."),
    col("unit", "string", "pounds for money, else empty."),
    col(
        "count_of_people",
        "boolean",
        "Whether the column counts people (withheld if 1 to the threshold).",
    ),
    col("description", "string", "What the column holds."),
)


def dictionary_rows() -> Iterator[Row]:
    for table in TABLES:
        for column in table.columns:
            yield {
                "table": table.name,
                "column": column.name,
                "type": column.frictionless_type,
                "unit": "pounds" if column.type == "money" else None,
                "count_of_people": column.count_of_people,
                "description": column.description,
            }


def dictionary_markdown(synthetic: bool, threshold: int) -> str:
    lines = [
        "# JoinedUp open data: data dictionary",
        "",
        *_notes(synthetic, threshold),
        "",
        "Each table is a CSV file (UTF-8, a header row, an empty cell for a missing or withheld "
        "value) and a Parquet file with the same rows; `datapackage.json` describes them all.",
    ]
    for table in TABLES:
        licence = "Open Government Licence v3.0 (reference data)" if table.reference else ""
        lines += ["", f"## {table.name}: {table.title}", "", table.description, ""]
        lines += [f"Files: `{table.name}.csv`, `{table.name}.parquet`. {licence}".rstrip(), ""]
        lines += ["| column | type | count of people | description |", "| --- | --- | --- | --- |"]
        lines += [
            f"| {c.name} | {c.frictionless_type}{' (£)' if c.type == 'money' else ''} | "
            f"{'yes' if c.count_of_people else ''} | {c.description} |"
            for c in table.columns
        ]
    return "\n".join(lines) + "\n"


def _notes(synthetic: bool, threshold: int) -> list[str]:
    from joinedup.reference import vintage

    notes = [
        f"Exported by JoinedUp {__version__}; reference data {vintage()}.",
        "",
        f"Counts of people from 1 to {threshold}, and any figure that would reveal one, are "
        "withheld (left empty).",
    ]
    if synthetic:
        notes = [
            "**Synthetic demonstration data**: generated by JoinedUp's demonstration builder; "
            "no figure except the reference tables describes a real place.",
            "",
            *notes,
        ]
    return notes


def datapackage(synthetic: bool, threshold: int) -> dict[str, Any]:
    """The Frictionless Data Package descriptor of the export (https://specs.frictionlessdata.io)."""
    from joinedup.reference import vintage

    resources: list[dict[str, Any]] = []
    for table in (*TABLES, _dictionary_table()):
        resources += _resources(table, synthetic)
    description = " ".join(line for line in _notes(synthetic, threshold) if line)
    return {
        "profile": "data-package",
        "name": "joinedup-open-data",
        "title": "JoinedUp open data: integrated care systems' joint figures",
        "description": description,
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "synthetic": synthetic,
        "licenses": [OGL],
        "sources": _sources(synthetic),
        "joinedup": {
            "version": __version__,
            "reference_vintage": vintage(),
            "disclosure_threshold": threshold,
        },
        "resources": resources,
    }


def _dictionary_table() -> Table:
    return Table(
        "data-dictionary",
        "Data dictionary",
        "Every column of every table, with its type and whether it counts people.",
        DICTIONARY_COLUMNS,
        lambda warehouse, rules: dictionary_rows(),
        ("table", "column"),
    )


def _resources(table: Table, synthetic: bool) -> list[dict[str, Any]]:
    fields = [
        {
            "name": column.name,
            "type": column.frictionless_type,
            "description": column.description,
            **({"unit": "GBP"} if column.type == "money" else {}),
            **({"countOfPeople": True} if column.count_of_people else {}),
        }
        for column in table.columns
    ]
    schema = {"fields": fields, "primaryKey": list(table.primary_key), "missingValues": [""]}
    common: dict[str, Any] = {"title": table.title, "description": table.description}
    if table.reference:
        common |= {"licenses": [OGL], "sources": REFERENCE_SOURCES, "synthetic": False}
    else:
        common |= {"synthetic": synthetic}
    return [
        {
            "name": table.name,
            "path": f"{table.name}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {"delimiter": ",", "header": True, "doubleQuote": True},
            **common,
            "schema": schema,
        },
        {
            "name": f"{table.name}-parquet",
            "path": f"{table.name}.parquet",
            "profile": "data-resource",
            "format": "parquet",
            "mediatype": "application/vnd.apache.parquet",
            **common,
            "schema": schema,
        },
    ]


def _sources(synthetic: bool) -> list[dict[str, str]]:
    own = (
        "JoinedUp demonstration builder (synthetic ledger, metric values and registers)"
        if synthetic
        else "JoinedUp warehouse: partners' ledger submissions, national returns, metric "
        "values and governance registers"
    )
    return [{"title": own}, *REFERENCE_SOURCES]
