#!/usr/bin/env python3
"""Build the reference data shipped inside the ``joinedup`` package.

Reads the official, already-derived files in ``shared/reference/`` (see the ``SOURCES.md``
there) and writes the compact tables of ``src/joinedup/reference/data/``::

    python scripts/build_reference.py [--source DIR] [--out DIR]

The output is deterministic: rows are sorted by their key, numbers are computed with
``decimal`` from the text of the inputs and written with a fixed number of decimals (rounded
half up), so a rerun on the same inputs is byte-identical. Any failed check stops the build
with a non-zero exit status and a message naming the input file and line.

Only the standard library is used, so the script runs before any environment exists.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO.parent / "shared" / "reference"
DEFAULT_OUT = REPO / "src" / "joinedup" / "reference" / "data"

VINTAGE = "census2021;lad23;icb2023;imd2019;ruc2021;wp2024-25"

EXPECTED_SYSTEMS = 42
EXPECTED_REGIONS = 7
EXPECTED_COUNCILS = 153
EXPECTED_CURRENT_LADS = 296
EXPECTED_LAD_SYSTEM_PAIRS = 309
SHARE_TOLERANCE = Decimal("1e-9")
ROUNDED_SHARE_TOLERANCE = Decimal("1e-6")
# The source files carry derived populations to one decimal place, so a figure recomputed at
# full precision can legitimately differ from the printed one by half of the last digit.
PRINTED_POPULATION_TOLERANCE = Decimal("0.05") + Decimal("1e-9")

# Decimal places written for each kind of figure (documented in docs/reference-data.md).
SHARE_PLACES = 9  # population shares: enough that apportioned amounts add up to the penny
RATIO_PLACES = 4  # rural share, aged 65+ share, IMD proportion and extent
IMD_SCORE_PLACES = 3  # IoD2019 publishes average scores to 3 decimals
WEIGHTED_PLACES = 1  # as published in the NHS England tool

AGE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("age_0_4", "0-4"),
    ("age_5_9", "5-9"),
    ("age_10_14", "10-14"),
    ("age_15_19", "15-19"),
    ("age_20_24", "20-24"),
    ("age_25_29", "25-29"),
    ("age_30_34", "30-34"),
    ("age_35_39", "35-39"),
    ("age_40_44", "40-44"),
    ("age_45_49", "45-49"),
    ("age_50_54", "50-54"),
    ("age_55_59", "55-59"),
    ("age_60_64", "60-64"),
    ("age_65_69", "65-69"),
    ("age_70_74", "70-74"),
    ("age_75_79", "75-79"),
    ("age_80_84", "80-84"),
    ("age_85_89", "85-89"),
    ("age_90_plus", "90+"),
)
AGED_65_PLUS_COLUMNS = tuple(column for column, _ in AGE_COLUMNS[13:])
ALL_AGES_BAND = "all"
SEXES = ("persons", "female", "male")
POPULATION_AREA_TYPES = {"country": "england", "icb": "system", "utla": "council"}
AREA_TYPE_ORDER = ("england", "system", "council")

COUNCIL_TYPES = {
    "county": "county",
    "unitary": "unitary",
    "metropolitan district": "metropolitan_borough",
    "london borough": "london_borough",
    "other": "sui_generis",
}
# ONS files these two under "other"; they are the only sui generis councils with social care
# duties, so anything else arriving as "other" means the source changed and needs a look.
SUI_GENERIS_COUNCILS = frozenset({"E09000001", "E06000053"})

WEIGHTED_COLUMNS = (
    "wp_general_and_acute",
    "wp_community_services",
    "wp_mental_health",
    "wp_maternity",
    "wp_health_inequalities",
    "wp_prescribing",
    "wp_core_services_final",
    "wp_primary_medical_care",
    "wp_primary_medical_care_final",
)
FINANCIAL_YEARS = {"2023/24": "2023-24", "2024/25": "2024-25"}

INPUT_FILES = (
    "icb.csv",
    "lad_to_icb.csv",
    "utla_to_icb.csv",
    "population.csv",
    "imd_la.csv",
    "rural_urban.csv",
    "icb_weighted_population.csv",
)


class BuildError(Exception):
    """A check on the inputs failed; the message names the file and the line."""


@dataclass(frozen=True, slots=True)
class Row:
    """One data row of an input CSV, able to say where it came from."""

    file: str
    line: int
    values: dict[str, str]

    def where(self, field: str | None = None) -> str:
        place = f"{self.file} line {self.line}"
        return f"{place}, field {field!r}" if field else place

    def fail(self, message: str, field: str | None = None) -> BuildError:
        return BuildError(f"{self.where(field)}: {message}")

    def text(self, field: str, *, blank: bool = False) -> str:
        value = self.values[field].strip()
        if not value and not blank:
            raise self.fail("is blank", field)
        return value

    def dec(self, field: str) -> Decimal:
        raw = self.text(field)
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise self.fail(f"{raw!r} is not a number", field) from None
        if not value.is_finite():
            raise self.fail(f"{raw!r} is not a finite number", field)
        return value

    def flag(self, field: str) -> bool:
        raw = self.text(field)
        if raw not in ("True", "False"):
            raise self.fail(f"{raw!r} is not True or False", field)
        return raw == "True"


def read_csv(source: Path, name: str, columns: Iterable[str]) -> list[Row]:
    path = source / name
    if not path.is_file():
        raise BuildError(f"{path}: input file not found")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in columns if column not in (reader.fieldnames or [])]
        if missing:
            raise BuildError(f"{name} line 1: missing column(s) {', '.join(missing)}")
        rows = []
        for values in reader:
            if None in values or any(value is None for value in values.values()):
                raise BuildError(f"{name} line {reader.line_num}: wrong number of fields")
            rows.append(Row(name, reader.line_num, values))
    if not rows:
        raise BuildError(f"{name}: no data rows")
    return rows


def fixed(value: Decimal, places: int) -> str:
    quantum = Decimal(1).scaleb(-places)
    return f"{value.quantize(quantum, rounding=ROUND_HALF_UP):f}"


def whole(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def ratio(part: Decimal, total: Decimal, where: str) -> Decimal:
    if total <= 0:
        raise BuildError(f"{where}: denominator is {total}, cannot take a share")
    return part / total


def boolean(value: bool) -> str:
    return "true" if value else "false"


def unique(rows: Sequence[Row], key: str) -> dict[str, Row]:
    seen: dict[str, Row] = {}
    for row in rows:
        code = row.text(key)
        if code in seen:
            raise row.fail(f"duplicate {code} (first at line {seen[code].line})", key)
        seen[code] = row
    return seen


def expect_count(file: str, what: str, found: int, expected: int) -> None:
    if found != expected:
        raise BuildError(f"{file}: expected {expected} {what}, found {found}")


# --------------------------------------------------------------------------------------------
# Derivation


@dataclass(slots=True)
class LadPart:
    """One current LAD's population inside one system (a row of lad_to_icb.csv)."""

    row: Row
    lad_code: str
    lad_name: str
    system_code: str
    council_code: str
    exact_population: Decimal  # lad_population x share, full precision
    share: Decimal
    ruc21_code: str
    rural: bool
    urban_rural_flag: str


@dataclass(slots=True)
class CouncilInfo:
    row: Row
    name: str
    type: str
    population: int
    lads: list[str]


@dataclass(slots=True)
class Built:
    tables: dict[str, tuple[list[str], list[list[str]]]]
    sources_md: str


def build(source: Path) -> Built:
    with localcontext() as context:
        # Wide enough that products of populations and 17-digit shares are exact.
        context.prec = 60
        return _build(source)


def _build(source: Path) -> Built:
    icb_rows = read_csv(
        source,
        "icb.csv",
        (
            "icb_code",
            "icb_ods_code",
            "icb_name",
            "icb_short_name",
            "previous_code",
            "nhs_region_code",
            "nhs_region_name",
            "population_census2021",
        ),
    )
    lad_rows = read_csv(
        source,
        "lad_to_icb.csv",
        (
            "lad_code",
            "lad_name",
            "is_current",
            "icb_code",
            "population_share",
            "lad_population",
            "population",
        ),
    )
    utla_rows = read_csv(
        source,
        "utla_to_icb.csv",
        (
            "utla_code",
            "utla_name",
            "utla_type",
            "icb_code",
            "population",
            "utla_population",
            "population_share",
            "is_main_icb",
        ),
    )
    population_rows = read_csv(
        source,
        "population.csv",
        ("area_type", "area_code", "sex", "all_ages", *(c for c, _ in AGE_COLUMNS)),
    )
    imd_rows = read_csv(
        source,
        "imd_la.csv",
        (
            "geography",
            "area_code",
            "imd_average_score",
            "imd_proportion_lsoas_most_deprived_10pct",
            "imd_extent",
            "imd_rank_of_average_score",
        ),
    )
    rural_rows = read_csv(
        source,
        "rural_urban.csv",
        ("lad_code", "lad_name", "utla_code", "ruc21_code", "urban_rural_flag"),
    )
    weighted_rows = read_csv(
        source,
        "icb_weighted_population.csv",
        ("financial_year", "icb_code", "icb_ods_code", "registered_population", *WEIGHTED_COLUMNS),
    )

    # ---- systems (icb.csv)
    systems = unique(icb_rows, "icb_code")
    expect_count("icb.csv", "systems", len(systems), EXPECTED_SYSTEMS)
    unique(icb_rows, "icb_ods_code")
    regions: dict[str, tuple[str, Row]] = {}
    for row in icb_rows:
        code = row.text("icb_code")
        if not code.startswith("E54"):
            raise row.fail(f"{code} is not an E54 ICB code", "icb_code")
        region_code = row.text("nhs_region_code")
        if not region_code.startswith("E40"):
            raise row.fail(f"{region_code} is not an E40 region code", "nhs_region_code")
        region_name = row.text("nhs_region_name")
        if region_code in regions and regions[region_code][0] != region_name:
            first = regions[region_code][1]
            raise row.fail(
                f"region {region_code} is named {region_name!r} here but "
                f"{regions[region_code][0]!r} at line {first.line}",
                "nhs_region_name",
            )
        regions.setdefault(region_code, (region_name, row))
        previous = row.text("previous_code", blank=True)
        if previous and (not previous.startswith("E54") or previous in systems):
            raise row.fail(f"{previous} is not a retired E54 code", "previous_code")
    expect_count("icb.csv", "NHS England regions", len(regions), EXPECTED_REGIONS)
    _check_system_keys_unique(icb_rows)

    # ---- LADs (rural_urban.csv, lad_to_icb.csv)
    rural = unique(rural_rows, "lad_code")
    for row in rural_rows:
        if row.text("urban_rural_flag") not in ("Urban", "Rural"):
            raise row.fail("is neither Urban nor Rural", "urban_rural_flag")

    parts: list[LadPart] = []
    lad_population: dict[str, tuple[Decimal, Row]] = {}
    lad_share_total: dict[str, Decimal] = defaultdict(Decimal)
    for row in lad_rows:
        if not row.flag("is_current"):
            continue
        lad_code = row.text("lad_code")
        system_code = row.text("icb_code")
        if system_code not in systems:
            raise row.fail(f"{system_code} is not in icb.csv", "icb_code")
        if lad_code not in rural:
            raise row.fail(f"{lad_code} is not in rural_urban.csv", "lad_code")
        total = row.dec("lad_population")
        if lad_code in lad_population and lad_population[lad_code][0] != total:
            raise row.fail(
                f"differs from line {lad_population[lad_code][1].line} for the same LAD",
                "lad_population",
            )
        lad_population.setdefault(lad_code, (total, row))
        share = row.dec("population_share")
        if not Decimal(0) < share <= Decimal(1):
            raise row.fail(f"{share} is not in (0, 1]", "population_share")
        exact = total * share
        if abs(exact - row.dec("population")) > PRINTED_POPULATION_TOLERANCE:
            raise row.fail(
                f"{row.text('population')} is not lad_population x population_share ({exact})",
                "population",
            )
        lad_share_total[lad_code] += share
        info = rural[lad_code]
        parts.append(
            LadPart(
                row=row,
                lad_code=lad_code,
                lad_name=row.text("lad_name"),
                system_code=system_code,
                council_code=info.text("utla_code"),
                exact_population=exact,
                share=share,
                ruc21_code=info.text("ruc21_code"),
                rural=info.text("urban_rural_flag") == "Rural",
                urban_rural_flag=info.text("urban_rural_flag"),
            )
        )
    expect_count("lad_to_icb.csv", "current LADs", len(lad_population), EXPECTED_CURRENT_LADS)
    expect_count("lad_to_icb.csv", "current LAD-system rows", len(parts), EXPECTED_LAD_SYSTEM_PAIRS)
    for lad_code, total_share in sorted(lad_share_total.items()):
        if abs(total_share - 1) > SHARE_TOLERANCE:
            raise lad_population[lad_code][1].fail(
                f"shares of LAD {lad_code} sum to {total_share}, not 1", "population_share"
            )
    not_current = sorted(set(rural) - set(lad_population))
    if not_current:
        raise rural[not_current[0]].fail("LAD has no current row in lad_to_icb.csv", "lad_code")
    pair_keys = [(part.lad_code, part.system_code) for part in parts]
    if len(set(pair_keys)) != len(pair_keys):
        raise BuildError("lad_to_icb.csv: a current LAD-system pair appears twice")

    # ---- councils (utla_to_icb.csv)
    council_rows: dict[str, list[Row]] = defaultdict(list)
    for row in utla_rows:
        council_rows[row.text("utla_code")].append(row)
    expect_count("utla_to_icb.csv", "councils", len(council_rows), EXPECTED_COUNCILS)

    council_lads: dict[str, list[str]] = defaultdict(list)
    for lad_code, info in rural.items():
        council_lads[info.text("utla_code")].append(lad_code)
    unknown_councils = sorted(set(council_lads) - set(council_rows))
    if unknown_councils:
        row = rural[council_lads[unknown_councils[0]][0]]
        raise row.fail(f"{unknown_councils[0]} is not in utla_to_icb.csv", "utla_code")

    exact_by_council_system: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for part in parts:
        exact_by_council_system[(part.council_code, part.system_code)] += part.exact_population

    councils: dict[str, CouncilInfo] = {}
    memberships: list[list[str]] = []
    for code in sorted(council_rows):
        rows = council_rows[code]
        first = rows[0]
        name = first.text("utla_name")
        source_type = first.text("utla_type")
        population = first.dec("utla_population")
        for row in rows:
            for field, value in (("utla_name", name), ("utla_type", source_type)):
                if row.text(field) != value:
                    raise row.fail(f"differs from line {first.line} for {code}", field)
            if row.dec("utla_population") != population:
                raise row.fail(f"differs from line {first.line} for {code}", "utla_population")
        if source_type not in COUNCIL_TYPES:
            raise first.fail(f"unknown council type {source_type!r}", "utla_type")
        council_type = COUNCIL_TYPES[source_type]
        if (council_type == "sui_generis") != (code in SUI_GENERIS_COUNCILS):
            raise first.fail(f"{code} {name} has unexpected type {source_type!r}", "utla_type")
        if population != population.to_integral_value():
            raise first.fail(f"{population} is not a whole number of people", "utla_population")
        lads = council_lads.get(code)
        if not lads:
            raise first.fail(f"{code} {name} has no LAD in rural_urban.csv", "utla_code")
        lad_total = sum((lad_population[lad][0] for lad in lads), Decimal(0))
        if lad_total != population:
            raise first.fail(
                f"{population} is not the sum of its LADs' populations ({lad_total})",
                "utla_population",
            )
        if len(lads) > 1 and council_type != "county":
            raise first.fail(f"{code} {name} has {len(lads)} LADs but is a {source_type}")

        share_total = Decimal(0)
        rounded_share_total = Decimal(0)
        mains = 0
        whole_total = 0
        seen_systems: set[str] = set()
        member_rows: list[tuple[Decimal, list[str]]] = []
        for row in rows:
            system_code = row.text("icb_code")
            if system_code not in systems:
                raise row.fail(f"{system_code} is not in icb.csv", "icb_code")
            if system_code in seen_systems:
                raise row.fail(f"{code} lists {system_code} twice", "icb_code")
            seen_systems.add(system_code)
            share = row.dec("population_share")
            if not Decimal(0) < share <= Decimal(1):
                raise row.fail(f"{share} is not in (0, 1]", "population_share")
            exact = population * share
            share_total += share
            rounded_share_total += Decimal(fixed(share, SHARE_PLACES))
            is_main = row.flag("is_main_icb")
            mains += is_main
            whole_total += whole(exact)
            member_rows.append(
                (
                    share,
                    [
                        code,
                        system_code,
                        str(whole(exact)),
                        fixed(share, SHARE_PLACES),
                        boolean(is_main),
                    ],
                )
            )
        numbers = ", ".join(str(row.line) for row in rows)
        lines = f"lines {numbers}" if len(rows) > 1 else f"line {numbers}"
        where = f"utla_to_icb.csv {lines} ({code} {name})"
        if abs(share_total - 1) > SHARE_TOLERANCE:
            raise BuildError(f"{where}: population shares sum to {share_total}, not 1")
        if abs(rounded_share_total - 1) > ROUNDED_SHARE_TOLERANCE:
            raise BuildError(
                f"{where}: shares rounded to {SHARE_PLACES} decimals sum to {rounded_share_total}"
            )
        if mains != 1:
            raise BuildError(f"{where}: {mains} rows have is_main_icb True, expected 1")
        largest = max(member_rows, key=lambda item: item[0])
        if largest[1][4] != "true":
            raise BuildError(f"{where}: the main system is not the one with the largest share")
        # Cross-check against the LAD file only once the council's own shares add up, so the
        # first error reported is the most direct one.
        for row in rows:
            exact = population * row.dec("population_share")
            from_lads = exact_by_council_system.get((code, row.text("icb_code")))
            if from_lads is None or abs(exact - from_lads) > Decimal("1e-6"):
                raise row.fail(
                    f"{exact} disagrees with the sum of the council's LAD rows "
                    f"in lad_to_icb.csv ({from_lads})",
                    "population_share",
                )
            if abs(exact - row.dec("population")) > PRINTED_POPULATION_TOLERANCE:
                raise row.fail(
                    f"{row.text('population')} is not utla_population x population_share",
                    "population",
                )
        if whole_total != population:
            # Rounding each part could in principle lose a person; the tables promise that
            # a council's parts add up to its population, so stop rather than ship that.
            raise BuildError(
                f"{where}: populations in each system round to {whole_total}, not {population}"
            )
        memberships.extend(item[1] for item in member_rows)
        councils[code] = CouncilInfo(first, name, council_type, int(population), sorted(lads))

    # ---- system populations: the sum of their council parts, so every table adds up
    system_population: dict[str, int] = defaultdict(int)
    for member in memberships:
        system_population[member[1]] += int(member[2])
    for code, row in sorted(systems.items()):
        printed = row.dec("population_census2021")
        if abs(system_population[code] - printed) > 1:
            raise row.fail(
                f"{printed} differs by more than 1 from the sum of its councils' parts "
                f"({system_population[code]})",
                "population_census2021",
            )
    system_total = sum(system_population.values())
    council_total = sum(council.population for council in councils.values())
    printed_total = sum((row.dec("population_census2021") for row in icb_rows), Decimal(0))
    if system_total != council_total or abs(printed_total - council_total) > Decimal("0.5"):
        raise BuildError(
            f"icb.csv / utla_to_icb.csv: system populations sum to {system_total} "
            f"(icb.csv prints {printed_total}) but council populations sum to {council_total}"
        )

    # ---- IMD (imd_la.csv)
    imd_lad: dict[str, Row] = {}
    imd_utla: dict[str, Row] = {}
    for row in imd_rows:
        geography = row.text("geography")
        target = {"lad23": imd_lad, "utla23": imd_utla}.get(geography)
        if target is None:
            continue
        code = row.text("area_code")
        if code in target:
            raise row.fail(f"duplicate {geography} {code}", "area_code")
        target[code] = row
    for lad_code in sorted(lad_population):
        if lad_code not in imd_lad:
            raise BuildError(f"imd_la.csv: no lad23 row for current LAD {lad_code}")
    for code in councils:
        if code not in imd_utla:
            raise BuildError(f"imd_la.csv: no utla23 row for council {code}")
    expect_count("imd_la.csv", "utla23 rows", len(imd_utla), EXPECTED_COUNCILS)

    # ---- population by age and sex (population.csv)
    age_rows: dict[tuple[str, str, str], Row] = {}
    for row in population_rows:
        area_type = POPULATION_AREA_TYPES.get(row.text("area_type"))
        if area_type is None:
            continue
        sex = row.text("sex")
        if sex not in SEXES:
            raise row.fail(f"unknown sex {sex!r}", "sex")
        key = (area_type, row.text("area_code"), sex)
        if key in age_rows:
            raise row.fail(f"duplicate row for {key}", "area_code")
        age_rows[key] = row
    for area_type, codes in (("system", systems), ("council", councils)):
        for code in codes:
            for sex in SEXES:
                if (area_type, code, sex) not in age_rows:
                    raise BuildError(f"population.csv: no {sex} row for {area_type} {code}")
    england = [key for key in age_rows if key[0] == "england"]
    expect_count("population.csv", "country rows", len(england), len(SEXES))
    expected_rows = len(SEXES) * (1 + len(systems) + len(councils))
    expect_count("population.csv", "country/icb/utla rows", len(age_rows), expected_rows)

    def aged_65_plus(area_type: str, code: str) -> str:
        row = age_rows[(area_type, code, "persons")]
        older = sum((row.dec(column) for column in AGED_65_PLUS_COLUMNS), Decimal(0))
        return fixed(ratio(older, row.dec("all_ages"), row.where("all_ages")), RATIO_PLACES)

    # ---- tables
    parts_by_system: dict[str, list[LadPart]] = defaultdict(list)
    for part in parts:
        parts_by_system[part.system_code].append(part)

    system_table: list[list[str]] = []
    for code, row in sorted(systems.items()):
        system_parts = parts_by_system.get(code)
        if not system_parts:
            raise row.fail(f"{code} has no LAD in lad_to_icb.csv", "icb_code")
        weight = sum((p.exact_population for p in system_parts), Decimal(0))
        where = f"icb.csv line {row.line} ({code})"
        imd_sum = sum(
            (
                p.exact_population * imd_lad[p.lad_code].dec("imd_average_score")
                for p in system_parts
            ),
            Decimal(0),
        )
        rural_sum = sum((p.exact_population for p in system_parts if p.rural), Decimal(0))
        system_table.append(
            [
                code,
                row.text("icb_ods_code"),
                row.text("icb_name"),
                row.text("icb_short_name"),
                row.text("nhs_region_code"),
                row.text("nhs_region_name"),
                row.text("previous_code", blank=True),
                str(system_population[code]),
                fixed(ratio(imd_sum, weight, where), IMD_SCORE_PLACES),
                fixed(ratio(rural_sum, weight, where), RATIO_PLACES),
                aged_65_plus("system", code),
            ]
        )

    council_table: list[list[str]] = []
    for code, council in sorted(councils.items()):
        imd = imd_utla[code]
        lads = council.lads
        weight = sum((lad_population[lad][0] for lad in lads), Decimal(0))
        rural_sum = sum(
            (
                lad_population[lad][0]
                for lad in lads
                if rural[lad].text("urban_rural_flag") == "Rural"
            ),
            Decimal(0),
        )
        rank = imd.text("imd_rank_of_average_score")
        if not rank.isdigit():
            raise imd.fail(f"{rank!r} is not a whole number", "imd_rank_of_average_score")
        council_table.append(
            [
                code,
                council.name,
                council.type,
                str(council.population),
                fixed(imd.dec("imd_average_score"), IMD_SCORE_PLACES),
                fixed(imd.dec("imd_proportion_lsoas_most_deprived_10pct"), RATIO_PLACES),
                fixed(imd.dec("imd_extent"), RATIO_PLACES),
                str(int(rank)),
                fixed(ratio(rural_sum, weight, council.row.where()), RATIO_PLACES),
                rural[lads[0]].text("ruc21_code") if len(lads) == 1 else "",
                aged_65_plus("council", code),
            ]
        )

    district_table = [
        [
            part.lad_code,
            part.lad_name,
            part.council_code,
            part.system_code,
            str(whole(part.exact_population)),
            fixed(part.share, SHARE_PLACES),
            part.ruc21_code,
            part.urban_rural_flag,
        ]
        for part in sorted(parts, key=lambda p: (p.lad_code, p.system_code))
    ]

    population_table: list[list[str]] = []
    band_order = {band: index for index, (_, band) in enumerate(AGE_COLUMNS)}
    band_order[ALL_AGES_BAND] = len(AGE_COLUMNS)
    for (area_type, code, sex), row in age_rows.items():
        population_table.append(
            [area_type, code, sex, ALL_AGES_BAND, str(whole(row.dec("all_ages")))]
        )
        for column, band in AGE_COLUMNS:
            population_table.append([area_type, code, sex, band, str(whole(row.dec(column)))])
    population_table.sort(
        key=lambda r: (AREA_TYPE_ORDER.index(r[0]), r[1], SEXES.index(r[2]), band_order[r[3]])
    )

    weighted_table: list[list[str]] = []
    seen_weighted: dict[tuple[str, str], Row] = {}
    for row in weighted_rows:
        year = FINANCIAL_YEARS.get(row.text("financial_year"))
        if year is None:
            raise row.fail(
                f"unexpected financial year {row.text('financial_year')!r}", "financial_year"
            )
        code = row.text("icb_code")
        if code not in systems:
            raise row.fail(f"{code} is not in icb.csv", "icb_code")
        if row.text("icb_ods_code") != systems[code].text("icb_ods_code"):
            raise row.fail(f"ODS code does not match icb.csv for {code}", "icb_ods_code")
        if (year, code) in seen_weighted:
            raise row.fail(f"duplicate row for {code} in {year}", "icb_code")
        seen_weighted[(year, code)] = row
        weighted_table.append(
            [
                year,
                code,
                str(whole(row.dec("registered_population"))),
                *(fixed(row.dec(column), WEIGHTED_PLACES) for column in WEIGHTED_COLUMNS),
            ]
        )
    expect_count(
        "icb_weighted_population.csv",
        "system-year rows",
        len(weighted_table),
        len(FINANCIAL_YEARS) * EXPECTED_SYSTEMS,
    )
    weighted_table.sort(key=lambda r: (r[0], r[1]))

    tables = {
        "systems": (
            [
                "code",
                "ods_code",
                "name",
                "short_name",
                "region_code",
                "region_name",
                "previous_code",
                "population",
                "imd_average_score",
                "rural_population_share",
                "aged_65_plus_share",
            ],
            system_table,
        ),
        "councils": (
            [
                "code",
                "name",
                "type",
                "population",
                "imd_average_score",
                "imd_proportion_most_deprived_10pct",
                "imd_extent",
                "imd_rank_average_score",
                "rural_population_share",
                "ruc21_code",
                "aged_65_plus_share",
            ],
            council_table,
        ),
        "council_systems": (
            ["council_code", "system_code", "population", "population_share", "is_main_system"],
            sorted(memberships, key=lambda r: (r[0], r[1])),
        ),
        "districts": (
            [
                "code",
                "name",
                "council_code",
                "system_code",
                "population",
                "population_share",
                "ruc21_code",
                "urban_rural_flag",
            ],
            district_table,
        ),
        "populations": (
            ["area_type", "area_code", "sex", "age_band", "population"],
            population_table,
        ),
        "system_weighted_populations": (
            ["financial_year", "system_code", "registered_population", *WEIGHTED_COLUMNS],
            weighted_table,
        ),
    }
    return Built(tables=tables, sources_md=sources_markdown(source))


def _check_system_keys_unique(icb_rows: Sequence[Row]) -> None:
    """Every code and name a system can be looked up by must point to one system only."""
    owners: dict[str, Row] = {}
    for row in icb_rows:
        keys = {
            row.text(field, blank=True).casefold()
            for field in ("icb_code", "icb_ods_code", "icb_name", "icb_short_name", "previous_code")
        }
        for key in sorted(keys - {""}):
            if key in owners and owners[key] is not row:
                raise row.fail(f"lookup key {key!r} also names line {owners[key].line}")
            owners[key] = row


# --------------------------------------------------------------------------------------------
# Provenance

OGL = "Contains public sector information licensed under the Open Government Licence v3.0."
OS = "Contains OS data © Crown copyright and database right."
NHSE = "© NHS England, licensed under the Open Government Licence v3.0."
OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"

SOURCES_TEMPLATE = """\
# Reference data: provenance and licence

These tables are generated by `scripts/build_reference.py` from the files in
`shared/reference/`; do not edit them by hand. Vintage: `{vintage}` (also in `VINTAGE`).
Method, derived columns and caveats: `docs/reference-data.md` in the repository.

## Licence and attribution

{ogl}
{os}
NHS weighted populations: {nhse}
Open Government Licence v3.0: {ogl_url}

## Tables

### systems.csv, council_systems.csv, districts.csv, councils.csv (structure)
- ONS (Office for National Statistics), *LSOA (2021) to SICBL to ICB to Cancer Alliances to
  LAD (April 2024) Lookup in EN*, 25 April 2024 (ICB codes in use since 1 April 2023).
  https://geoportal.statistics.gov.uk/datasets/ons::lsoa-2021-to-sicbl-to-icb-to-cancer-alliances-to-lad-april-2024-lookup-in-en/about
- ONS, *LSOA (2011) to Sub ICB Locations to ICBs (July 2022) Lookup in England* (previous codes
  E54000052 and E54000053, retired 1 April 2023).
  https://geoportal.statistics.gov.uk/datasets/ons::lsoa-2011-to-sub-icb-locations-to-integrated-care-boards-july-2022-lookup-in-england/explore
- ONS, *LSOA (2011) to LSOA (2021) to LAD (2022) Lookup for England and Wales, version 2*,
  15 August 2022, and *LAD (2022) to LAD (2023) Lookup*, 5 April 2023.
  https://geoportal.statistics.gov.uk/datasets/lsoa-2011-to-lsoa-2021-to-local-authority-district-2022-lookup-for-england-and-wales-version-2/about
- ONS, *Lower Tier Local Authority to Upper Tier Local Authority (April 2023) Lookup in EW*,
  5 April 2023.
  https://geoportal.statistics.gov.uk/datasets/ons::lower-tier-local-authority-to-upper-tier-local-authority-april-2023-lookup-in-ew/about
- ONS, *NHS England (Region) (July 2022) Names and Codes*; the ICB-to-region assignment is a
  verified hard-coded table (no ONS ICB-to-region lookup was available).
- Populations and shares: ONS, *Census 2021*, Nomis bulk table TS007A *Age by five-year age
  bands* (usual residents, unrounded), released 2022.
  https://www.nomisweb.co.uk/output/census/2021/census2021-ts007a.zip
- Rural-urban columns: ONS, *Rural Urban Classification (2021) of Local Authority Districts
  (2024) in EW*, 5 March 2025.
  https://geoportal.statistics.gov.uk/datasets/ons::rural-urban-classification-2021-of-local-authority-districts-2024-in-ew/about
- Deprivation columns: Ministry of Housing, Communities and Local Government (MHCLG),
  *English Indices of Deprivation 2019*, File 10 *Local Authority District Summaries
  (lower-tier)* and File 7 *All IoD2019 Scores, Ranks, Deciles and Population Denominators*,
  26 September 2019, re-aggregated to 2023 LADs.
  https://assets.publishing.service.gov.uk/government/uploads/system/uploads/attachment_data/file/833995/File_10_-_IoD2019_Local_Authority_District_Summaries__lower-tier__.xlsx
  https://assets.publishing.service.gov.uk/government/uploads/system/uploads/attachment_data/file/845345/File_7_-_All_IoD2019_Scores__Ranks__Deciles_and_Population_Denominators_3.csv
  Council (upper-tier) values for the 21 counties are aggregated from their districts with
  Census 2021 weights: an approximation of the official File 11, which was not available.

### populations.csv (age and sex)
- ONS, *Population and household estimates, England and Wales: Census 2021* (first results),
  28 June 2022, tables P01-P03, boundaries as at 1 April 2022.
  https://www.ons.gov.uk/file?uri=/peoplepopulationandcommunity/populationandmigration/populationestimates/datasets/populationandhouseholdestimatesenglandandwalescensus2021/census2021/census2021firstresultsenglandwales1.xlsx
- Every published figure is rounded to the nearest 100 by ONS, so the 19 bands need not add to
  the `all` row. System rows are apportioned from local authority rows with TS007A
  age-specific shares, then rounded to whole people.

### system_weighted_populations.csv
- NHS England, *Revenue allocations 2023/24 to 2024/25: GP practice weighted populations*, as
  published with the *ICB Place Based Allocation Tool* (github.com/nhsx/AIF_Allocation_Tool,
  `data/2023_2024.csv`, `data/2024_2025.csv`). Background: https://www.england.nhs.uk/allocations/
- **Caveat**: these are sums of the practice-level figures in the tool (GP-registered, not
  resident, populations), **not** NHS England's official ICB allocation table, whose weighted
  populations carry further adjustments. Check against the published allocation workbooks before
  using them for funding comparisons.

## Input files

| file | sha256 |
| --- | --- |
{hashes}
"""


def sources_markdown(source: Path) -> str:
    hashes = "\n".join(
        f"| {name} | {hashlib.sha256((source / name).read_bytes()).hexdigest()} |"
        for name in INPUT_FILES
    )
    return SOURCES_TEMPLATE.format(
        vintage=VINTAGE, ogl=OGL, os=OS, nhse=NHSE, ogl_url=OGL_URL, hashes=hashes
    )


# --------------------------------------------------------------------------------------------
# Output


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_text(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def write(built: Built, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (header, rows) in built.tables.items():
        path = out / f"{name}.csv"
        write_csv(path, header, rows)
        written.append(path)
    write_text(out / "SOURCES.md", built.sources_md)
    write_text(out / "VINTAGE", VINTAGE + "\n")
    return [*written, out / "SOURCES.md", out / "VINTAGE"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--source",
        type=Path,
        default=DEFAULT_SOURCE,
        help="directory holding the shared/reference CSV files (default: %(default)s)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help="directory to write the packaged tables to (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    try:
        built = build(args.source)
    except BuildError as error:
        print(f"build_reference: error: {error}", file=sys.stderr)
        return 1
    for path in write(built, args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
