"""Loading persons, activity events and condition records from a directory, checking every row.

Over 400 lines: every row of the three tables is checked in one pass (``_Load``), so that problems
are counted once by reason across files.

The directory holds three tables, each as Parquet or CSV: ``persons``, ``events`` and
``conditions``, as ``persons.parquet`` (or ``persons.csv``), a folder ``persons/`` of part files,
or one such set per subfolder (``E54000008/persons.parquet``, ...). Every row is checked: unknown
settings, conditions, councils and districts, negative or missing costs, events and conditions
of unknown persons, dates outside the period, bad ages, sexes, deciles and NHS numbers. The
problems are counted by reason, with the first few examples naming file, row and field.

A load is whole or nothing: if any row is rejected nothing is loaded and
:class:`PopulationRejected` carries the counts, unless ``skip_invalid`` asks to leave the
rejected rows out (they are still counted and reported).

Accepted rows are written, in the columns ``persons``, ``events`` and ``conditions`` describe, as
Parquet files in a staging directory that every engine reads. NHS numbers are checked and
replaced by their salted hash inside the database: the raw number is never written anywhere.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from joinedup.errors import JoinedUpError
from joinedup.population import nhs_number
from joinedup.population.areas import area_table, council_main_systems, districts
from joinedup.population.conditions import catalogue
from joinedup.population.events import CODE_SEPARATOR, settings
from joinedup.population.period import DEFAULT_YEAR, Period, period
from joinedup.population.persons import MAX_AGE
from joinedup.problems import Problem

if TYPE_CHECKING:
    import duckdb

TABLES: tuple[str, ...] = ("persons", "events", "conditions")
EXAMPLES_PER_REASON = 3

#: Why a row was rejected: reason code -> (the field it concerns, what is wrong).
REASONS: dict[str, tuple[str | None, str]] = {
    "missing_person_id": ("person_id", "no person_id"),
    "duplicate_person_id": ("person_id", "the same person_id is on more than one row"),
    "bad_age": ("age", f"age (or year_of_birth) missing, not a whole number, or not 0-{MAX_AGE}"),
    "bad_sex": ("sex", "sex must be female, male or unknown (or F, M, U; 2, 1, 0 or 9)"),
    "no_area": ("council_code", "neither council_code nor district_code is given"),
    "unknown_council": ("council_code", "not a council (upper-tier local authority) code"),
    "unknown_district": ("district_code", "not a local authority district code"),
    "district_not_in_council": ("district_code", "the district is not in the council given"),
    "bad_deprivation_decile": ("deprivation_decile", "must be a whole number from 1 to 10"),
    "invalid_nhs_number": ("nhs_number", "not a valid NHS number (10 digits, modulus 11 check)"),
    "unknown_person": ("person_id", "no person with this person_id"),
    "person_rejected": ("person_id", "the person's own row was rejected"),
    "bad_date": (None, "date missing or not a date (YYYY-MM-DD)"),
    "date_out_of_range": (None, "date outside the period"),
    "unknown_setting": ("setting", "not a setting (a spending type of the ledger's taxonomy)"),
    "bad_cost": ("cost_gbp", "cost missing or not a number"),
    "negative_cost": ("cost_gbp", "cost is negative"),
    "unknown_condition": (None, "not a condition code of the catalogue"),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "persons": ("person_id", "sex"),
    "events": ("person_id", "event_date", "setting", "cost_gbp"),
    "conditions": ("person_id", "condition", "recorded_on"),
}
OPTIONAL: dict[str, tuple[str, ...]] = {
    "persons": (
        "age",
        "year_of_birth",
        "council_code",
        "district_code",
        "deprivation_decile",
        "practice_code",
        "nhs_number",
    ),
    "events": ("condition_codes",),
    "conditions": (),
}
EARLIEST_RECORD = "1900-01-01"


@dataclass(frozen=True, slots=True)
class Rejected:
    """How many rows of a table were rejected for one reason."""

    table: str
    reason: str
    rows: int

    @property
    def description(self) -> str:
        return REASONS[self.reason][1]


@dataclass(frozen=True, slots=True)
class LoadReport:
    """What a load found: rows accepted per table, rows rejected per table and reason, examples."""

    accepted: dict[str, int]
    rejected: list[Rejected]
    examples: list[Problem]

    @property
    def rejected_rows(self) -> int:
        return sum(item.rows for item in self.rejected)

    def lines(self) -> Iterator[str]:
        """The counts as sentences, for a person at a terminal."""
        for item in self.rejected:
            yield f"{item.table}: {item.rows:,} row(s) rejected: {item.description} ({item.reason})"


class PopulationRejected(JoinedUpError):
    """Rows were rejected, so nothing was loaded. ``report`` has the counts and examples."""

    def __init__(self, source: Path, report: LoadReport) -> None:
        self.source = source
        self.report = report
        summary = "; ".join(
            f"{item.table} {item.reason} {item.rows:,}" for item in report.rejected[:6]
        )
        first = f" First: {report.examples[0]}" if report.examples else ""
        super().__init__(
            f"{source}: {report.rejected_rows:,} row(s) rejected ({summary}); nothing was loaded."
            + first
        )


class PopulationFilesMissing(JoinedUpError):
    """The directory lacks a table, or a table lacks a column it needs."""


@dataclass(slots=True)
class LoadedPopulation:
    """Checked, accepted rows staged as Parquet for the engines; close (or ``with``) to remove a
    temporary staging directory."""

    source: Path
    staging: Path
    period: Period
    settings: list[str]
    people: int
    events: int
    conditions: int
    cost_pence: int
    report: LoadReport
    temporary: bool = field(default=True)

    def path(self, table: str) -> Path:
        """The staged Parquet file of ``persons``, ``events``, ``conditions`` or ``areas``."""
        return self.staging / f"{table}.parquet"

    def close(self) -> None:
        if self.temporary:
            shutil.rmtree(self.staging, ignore_errors=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def load_population(
    source: Path,
    *,
    year: str = DEFAULT_YEAR,
    salt: str | None = None,
    skip_invalid: bool = False,
    staging: Path | None = None,
) -> LoadedPopulation:
    """Check the tables in ``source`` and stage the accepted rows (see the module's docstring).

    ``salt`` pseudonymises NHS numbers (default: ``$JOINEDUP_NHS_NUMBER_SALT``); it is needed
    only when the persons table has an ``nhs_number`` column. ``staging`` keeps the staged files
    in a directory of your choice rather than a temporary one.
    """
    import duckdb

    source = Path(source)
    if not source.is_dir():
        raise PopulationFilesMissing(f"{source} is not a directory.")
    chosen = period(year)
    temporary = staging is None
    target = Path(tempfile.mkdtemp(prefix="joinedup-population-")) if staging is None else staging
    target.mkdir(parents=True, exist_ok=True)
    try:
        # Staged rows need no particular order, and not keeping one lets DuckDB write in parallel.
        connection = duckdb.connect(config={"preserve_insertion_order": False})
        connection.execute(f"SET temp_directory = '{_sql_text(str(target / 'spill'))}'")
        try:
            loaded = _Load(connection, source, chosen, salt, target).run(skip_invalid)
        finally:
            connection.close()
    except BaseException:
        if temporary:
            shutil.rmtree(target, ignore_errors=True)
        raise
    loaded.temporary = temporary
    return loaded


class _Load:
    def __init__(
        self,
        connection: duckdb.DuckDBPyConnection,
        source: Path,
        chosen: Period,
        salt: str | None,
        staging: Path,
    ) -> None:
        self.connection = connection
        self.source = source
        self.period = chosen
        self.salt = salt
        self.staging = staging
        self.columns: dict[str, set[str]] = {}
        self.types: dict[str, dict[str, str]] = {}

    def run(self, skip_invalid: bool) -> LoadedPopulation:
        for table in TABLES:
            self._register(table)
        self._reference_tables()
        self._check_persons()
        self._check_events()
        self._check_conditions()
        counts = self._check_all()
        rejected = [
            Rejected(table, reason, rows)
            for (table, reason), rows in sorted(counts.items(), key=lambda item: str(item[0]))
            if reason is not None and rows
        ]
        examples = self._examples() if rejected else []
        accepted = {table: counts.get((table, None), 0) for table in TABLES}
        report = LoadReport(accepted, rejected, examples)
        if rejected and not skip_invalid:
            raise PopulationRejected(self.source, report)
        self._stage(rejected={item.table for item in rejected})
        present = self.connection.execute(
            "SELECT setting, count(*), sum(cost_pence) FROM read_parquet(?) GROUP BY 1 ORDER BY 1",
            [str(self.staging / "events.parquet")],
        ).fetchall()
        return LoadedPopulation(
            self.source,
            self.staging,
            self.period,
            [row[0] for row in present],
            accepted["persons"],
            accepted["events"],
            accepted["conditions"],
            int(sum(int(row[2] or 0) for row in present)),
            report,
        )

    # -- reading --------------------------------------------------------------------------------

    def _files(self, table: str) -> tuple[list[Path], str]:
        found: list[Path] = []
        for pattern in (
            f"{table}.parquet",
            f"{table}.csv",
            f"{table}/*.parquet",
            f"{table}/*.csv",
            f"*/{table}.parquet",
            f"*/{table}.csv",
        ):
            found += sorted(path for path in self.source.glob(pattern) if path.is_file())
        if not found:
            raise PopulationFilesMissing(
                f"{self.source} has no {table} table: expected {table}.parquet or {table}.csv "
                f"(or a folder {table}/ of them). Nothing was loaded."
            )
        kinds = {path.suffix for path in found}
        if len(kinds) > 1:
            raise PopulationFilesMissing(
                f"{self.source}: the {table} table is in both CSV and Parquet files; "
                "use one format. Nothing was loaded."
            )
        return found, kinds.pop()

    def _register(self, table: str) -> None:
        files, kind = self._files(table)
        names = "[" + ", ".join(f"'{_sql_text(str(path))}'" for path in files) + "]"
        if kind == ".parquet":
            reader = (
                f"SELECT * EXCLUDE (filename, file_row_number), filename AS _file, "
                f"file_row_number + 1 AS _row FROM read_parquet({names}, filename = true, "
                "file_row_number = true, union_by_name = true)"
            )
        else:
            # CSV has no row-number column, and a window's row_number() follows no file order,
            # so the rows are first stored in file order: a table's rowid then numbers them.
            self.connection.execute("SET preserve_insertion_order = true")
            self.connection.execute(
                f"CREATE TEMP TABLE csv_{table} AS SELECT * FROM read_csv({names}, "
                "header = true, all_varchar = true, filename = true, union_by_name = true)"
            )
            self.connection.execute("SET preserve_insertion_order = false")
            # Spreadsheet numbering: the header is row 1.
            reader = (
                "SELECT * EXCLUDE (filename, _at), filename AS _file, "
                "_at - min(_at) OVER (PARTITION BY filename) + 2 AS _row "
                f"FROM (SELECT *, rowid AS _at FROM csv_{table})"
            )
        self.connection.execute(f"CREATE TEMP VIEW raw_{table} AS {reader}")
        described = self.connection.execute(f"DESCRIBE raw_{table}").fetchall()
        self.types[table] = {str(row[0]).lower(): str(row[1]) for row in described}
        self.columns[table] = set(self.types[table])
        missing = [name for name in REQUIRED[table] if name not in self.columns[table]]
        if table == "persons" and not {"age", "year_of_birth"} & self.columns[table]:
            missing.append("age (or year_of_birth)")
        if table == "persons" and not {"council_code", "district_code"} & self.columns[table]:
            missing.append("council_code (or district_code)")
        if missing:
            raise PopulationFilesMissing(
                f"{files[0]}: the {table} table has no column {', '.join(missing)}. "
                "Nothing was loaded."
            )

    def _column(self, table: str, name: str) -> str:
        """The raw column as text with blanks as NULL, or NULL when the files lack it."""
        if name not in self.columns[table]:
            return "CAST(NULL AS VARCHAR)"
        return f"NULLIF(trim(CAST(\"{name}\" AS VARCHAR)), '')"

    def _typed(self, table: str, name: str, sql_type: str) -> str:
        """The raw column as ``sql_type`` (NULL when it cannot be read as one). A column the
        files already type exactly (Parquet dates, timestamps, integers, decimals and doubles)
        is cast directly: going through text would cost seconds on millions of events. Anything
        else goes through its text, as CSV does: a 32-bit float's text is the number people
        wrote (1024.065), its binary value is not, and a boolean is no amount."""
        kind = self.types[table].get(name, "VARCHAR")
        if not kind.startswith(_EXACT_TYPES[sql_type.split("(")[0]]):
            return f"TRY_CAST({self._column(table, name)} AS {sql_type})"
        return f'TRY_CAST("{name}" AS {sql_type})'

    def _reference_tables(self) -> None:
        import pyarrow as pa

        known_districts = pa.table(
            {
                "district_code": [code for code in sorted(districts())],
                "district_council": [
                    districts()[code].council_code for code in sorted(districts())
                ],
            }
        )
        known_councils = pa.table({"council_code": sorted(council_main_systems())})
        known_settings = pa.table(
            {
                "setting": list(settings()),
                "setting_id": pa.array(range(len(settings())), pa.int8()),
                "in_hospital": list(settings().values()),
            }
        )
        self.connection.register("known_districts_arrow", known_districts)
        self.connection.register("known_councils_arrow", known_councils)
        self.connection.register("known_settings_arrow", known_settings)
        self.connection.execute(
            "CREATE TEMP TABLE known_districts AS SELECT * FROM known_districts_arrow;"
            "CREATE TEMP TABLE known_councils AS SELECT * FROM known_councils_arrow;"
            "CREATE TEMP TABLE known_settings AS SELECT * FROM known_settings_arrow"
        )
        codes = [condition.code for condition in catalogue().conditions]
        recorded = [condition.code for condition in catalogue().recorded]
        self.connection.execute(
            f"CREATE TEMP MACRO known_codes() AS {_sql_list(codes)};"
            f"CREATE TEMP MACRO recorded_codes() AS {_sql_list(recorded)}"
        )

    # -- checking -------------------------------------------------------------------------------

    def _check_persons(self) -> None:
        column = partial(self._column, "persons")
        has_numbers = "nhs_number" in self.columns["persons"]
        parameters: dict[str, Any] = {}
        if has_numbers:
            parameters["salt"] = nhs_number.require_salt(
                self.salt if self.salt is not None else nhs_number.salt_from_environment()
            )
        age_number = f"TRY_CAST({column('age')} AS DOUBLE)"
        born = f"TRY_CAST({column('year_of_birth')} AS DOUBLE)"
        decile = f"TRY_CAST({column('deprivation_decile')} AS DOUBLE)"
        number = column("nhs_number")
        self.connection.execute(
            f"""
            CREATE TEMP TABLE persons_read AS
            SELECT _file, _row,
                {column("person_id")} AS person_id,
                CASE WHEN {column("age")} IS NOT NULL THEN {age_number}
                     ELSE {self.period.end.year} - {born} END AS age_number,
                {column("age")} IS NULL AND {column("year_of_birth")} IS NULL AS age_missing,
                CASE lower({column("sex")})
                    WHEN 'female' THEN 'female' WHEN 'f' THEN 'female' WHEN '2' THEN 'female'
                    WHEN 'male' THEN 'male' WHEN 'm' THEN 'male' WHEN '1' THEN 'male'
                    WHEN 'unknown' THEN 'unknown' WHEN 'u' THEN 'unknown'
                    WHEN '0' THEN 'unknown' WHEN '9' THEN 'unknown' END AS sex,
                upper({column("council_code")}) AS council_given,
                upper({column("district_code")}) AS district_code,
                {column("deprivation_decile")} AS decile_text,
                {decile} AS decile_number,
                upper({column("practice_code")}) AS practice_code,
                {"NULL" if not has_numbers else number} AS nhs_text
            FROM raw_persons
            """
        )
        valid_number = nhs_number.sql_valid("nhs_text")
        self.connection.execute(
            f"""
            CREATE TEMP TABLE persons_checked AS
            SELECT r._file, r._row, r.person_id,
                CAST(r.age_number AS INTEGER) AS age, r.sex,
                coalesce(r.council_given, d.district_council) AS council_code, r.district_code,
                CAST(r.decile_number AS INTEGER) AS deprivation_decile, r.practice_code,
                CASE WHEN r.nhs_text IS NULL OR NOT coalesce({valid_number}, false) THEN NULL
                     ELSE {nhs_number.sql_pseudonym("r.nhs_text") if has_numbers else "NULL"}
                     END AS nhs_number_hash,
                CASE
                    WHEN r.person_id IS NULL THEN 'missing_person_id'
                    WHEN count(*) OVER (PARTITION BY r.person_id) > 1 THEN 'duplicate_person_id'
                    WHEN r.age_missing OR r.age_number IS NULL
                        OR r.age_number <> floor(r.age_number) OR r.age_number < 0
                        OR r.age_number > {MAX_AGE} THEN 'bad_age'
                    WHEN r.sex IS NULL THEN 'bad_sex'
                    WHEN r.council_given IS NULL AND r.district_code IS NULL THEN 'no_area'
                    WHEN r.council_given IS NOT NULL AND c.council_code IS NULL
                        THEN 'unknown_council'
                    WHEN r.district_code IS NOT NULL AND d.district_code IS NULL
                        THEN 'unknown_district'
                    WHEN r.district_code IS NOT NULL AND r.council_given IS NOT NULL
                        AND d.district_council <> r.council_given THEN 'district_not_in_council'
                    WHEN r.decile_text IS NOT NULL AND (r.decile_number IS NULL
                        OR r.decile_number <> floor(r.decile_number)
                        OR r.decile_number < 1 OR r.decile_number > 10)
                        THEN 'bad_deprivation_decile'
                    WHEN r.nhs_text IS NOT NULL AND NOT coalesce({valid_number}, false)
                        THEN 'invalid_nhs_number'
                END AS reason
            FROM persons_read r
            LEFT JOIN known_councils c ON c.council_code = r.council_given
            LEFT JOIN known_districts d ON d.district_code = r.district_code
            """,
            parameters,
        )
        # The raw numbers go as soon as they have been checked and hashed.
        self.connection.execute("DROP TABLE persons_read")
        self.connection.execute("DROP VIEW raw_persons")
        self.connection.execute("DROP TABLE IF EXISTS csv_persons")
        self.connection.execute(
            "CREATE TEMP TABLE person_status AS SELECT person_id, bool_and(reason IS NULL) AS ok "
            "FROM persons_checked WHERE person_id IS NOT NULL GROUP BY person_id"
        )

    def _person_reason(self, alias: str) -> str:
        return (
            f"WHEN {alias}.person_id IS NULL THEN 'missing_person_id' "
            "WHEN s.person_id IS NULL THEN 'unknown_person' "
            "WHEN NOT s.ok THEN 'person_rejected' "
        )

    def _check_events(self) -> None:
        column = partial(self._column, "events")
        start, end = self.period.start.isoformat(), self.period.end.isoformat()
        codes = f"lower(replace({column('condition_codes')}, ' ', ''))"
        self.connection.execute(
            f"""
            CREATE TEMP VIEW events_read AS
            SELECT _file, _row, {column("person_id")} AS person_id,
                {self._typed("events", "event_date", "DATE")} AS event_date,
                lower({column("setting")}) AS setting,
                {self._typed("events", "cost_gbp", "DECIMAL(18, 4)")} AS cost_gbp,
                NULLIF(trim({codes}, '{CODE_SEPARATOR}'), '') AS condition_codes
            FROM raw_events
            """
        )
        self.connection.execute(
            f"""
            CREATE TEMP VIEW events_checked AS
            SELECT e._file, e._row, e.person_id, e.event_date, e.setting, k.setting_id,
                k.in_hospital, CAST(round(e.cost_gbp * 100) AS BIGINT) AS cost_pence,
                e.condition_codes,
                CASE {self._person_reason("e")}
                    WHEN e.event_date IS NULL THEN 'bad_date'
                    WHEN e.event_date < DATE '{start}' OR e.event_date > DATE '{end}'
                        THEN 'date_out_of_range'
                    WHEN k.setting IS NULL THEN 'unknown_setting'
                    WHEN e.cost_gbp IS NULL THEN 'bad_cost'
                    WHEN e.cost_gbp < 0 THEN 'negative_cost'
                    WHEN e.condition_codes IS NOT NULL AND NOT list_has_all(known_codes(),
                        string_split(e.condition_codes, '{CODE_SEPARATOR}'))
                        THEN 'unknown_condition'
                END AS reason
            FROM events_read e
            LEFT JOIN person_status s ON s.person_id = e.person_id
            LEFT JOIN known_settings k ON k.setting = e.setting
            """
        )

    def _check_conditions(self) -> None:
        column = partial(self._column, "conditions")
        end = self.period.end.isoformat()
        self.connection.execute(
            f"""
            CREATE TEMP VIEW conditions_checked AS
            SELECT c._file, c._row, c.person_id, c.condition, c.recorded_on,
                CASE {self._person_reason("c")}
                    WHEN NOT list_contains(recorded_codes(), c.condition)
                        THEN 'unknown_condition'
                    WHEN c.recorded_on IS NULL THEN 'bad_date'
                    WHEN c.recorded_on < DATE '{EARLIEST_RECORD}' OR c.recorded_on > DATE '{end}'
                        THEN 'date_out_of_range'
                END AS reason
            FROM (
                SELECT _file, _row, {column("person_id")} AS person_id,
                    lower({column("condition")}) AS condition,
                    {self._typed("conditions", "recorded_on", "DATE")} AS recorded_on
                FROM raw_conditions
            ) c
            LEFT JOIN person_status s ON s.person_id = c.person_id
            """
        )

    # -- reporting and staging ------------------------------------------------------------------

    def _check_all(self) -> dict[tuple[str, str | None], int]:
        """Write every row with its reason (NULL: accepted) to Parquet in one pass per table, and
        count the reasons. The engines read only the columns they need, so when nothing is
        rejected the checked file is the staged file."""
        counts: dict[tuple[str, str | None], int] = {}
        for table, names in _canonical().items():
            checked = _sql_text(str(self._checked(table)))
            self.connection.execute(
                f"COPY (SELECT {', '.join(names)}, reason FROM {table}_checked) "
                f"TO '{checked}' (FORMAT parquet)"
            )
            rows = self.connection.execute(
                f"SELECT reason, count(*) FROM read_parquet('{checked}') GROUP BY ALL"
            ).fetchall()
            counts.update({(table, reason): int(count) for reason, count in rows})
        return counts

    def _checked(self, table: str) -> Path:
        return self.staging / f"{table}.checked.parquet"

    def _examples(self) -> list[Problem]:
        problems = []
        for table in TABLES:
            rows = self.connection.execute(
                f"SELECT _file, _row, reason FROM {table}_checked WHERE reason IS NOT NULL "
                "QUALIFY row_number() OVER (PARTITION BY reason ORDER BY _file, _row) "
                f"<= {EXAMPLES_PER_REASON} ORDER BY reason, _file, _row"
            ).fetchall()
            for file, row, reason in rows:
                field_name, message = REASONS[reason]
                if field_name is None:
                    field_name = _date_field(table) if "date" in reason else "condition"
                    field_name = (
                        "condition_codes"
                        if (table, reason) == ("events", "unknown_condition")
                        else field_name
                    )
                problems.append(Problem(str(file), int(row), field_name, message))
        return problems

    def _stage(self, rejected: set[str]) -> None:
        import pyarrow.parquet as pq

        for table, names in _canonical().items():
            checked, target = self._checked(table), self.staging / f"{table}.parquet"
            if table in rejected:
                source = _sql_text(str(checked))
                self.connection.execute(
                    f"COPY (SELECT {', '.join(names)} FROM read_parquet('{source}') "
                    f"WHERE reason IS NULL) TO '{_sql_text(str(target))}' (FORMAT parquet)"
                )
                checked.unlink()
            else:
                checked.replace(target)
        pq.write_table(area_table(), self.staging / "areas.parquet")


#: The DuckDB types (by prefix) read directly as each target type; see ``_Load._typed``.
_EXACT_TYPES: dict[str, tuple[str, ...]] = {
    "DATE": ("DATE", "TIMESTAMP"),
    "DECIMAL": (
        "DECIMAL",
        "DOUBLE",
        "TINYINT",
        "SMALLINT",
        "INTEGER",
        "BIGINT",
        "HUGEINT",
        "UTINYINT",
        "USMALLINT",
        "UINTEGER",
        "UBIGINT",
    ),
}


def _canonical() -> dict[str, list[str]]:
    from joinedup.population import conditions, events, persons

    return {
        "persons": persons.schema().names,
        "events": events.schema().names,
        "conditions": conditions.schema().names,
    }


def _date_field(table: str) -> str:
    return {"events": "event_date", "conditions": "recorded_on"}.get(table, "age")


def _sql_text(text: str) -> str:
    return text.replace("'", "''")


def _sql_list(values: list[str]) -> str:
    return "[" + ", ".join(f"'{_sql_text(value)}'" for value in values) + "]"
