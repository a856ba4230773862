#!/usr/bin/env python3
"""Convert the real published files in ``shared/real/`` into the compact tables JoinedUp ships.

    python scripts/build_published.py [--source DIR]

Writes, deterministically (sorted rows, fixed decimals), so a rerun is byte-identical:

- ``src/joinedup/reference/estimates/mid_year_estimates.csv``: ONS mid-year population estimates
  of England and its local authority districts (mid-2022, mid-2024);
- ``src/joinedup/ledger/published_data/allocations.csv``: NHS England's ICB allocations, every
  stream and year of every workbook in ``icb-allocations/`` (a later workbook's figure for the
  same ICB, stream and year replaces an earlier one's);
- ``src/joinedup/ledger/published_data/outturn.csv``: MHCLG Revenue Outturn net current
  expenditure by council and service, with the status of each council's return.

Each file is read by the same loader ``joinedup ledger import`` uses, and refused the same way.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO.parent / "shared" / "real"
# Real files the project found and keeps as test cases, used beside shared/real.
KEPT = REPO / "tests" / "ledger" / "returns" / "real"
ESTIMATES_OUT = REPO / "src" / "joinedup" / "reference" / "estimates" / "mid_year_estimates.csv"
PUBLISHED_OUT = REPO / "src" / "joinedup" / "ledger" / "published_data"

#: Estimate -> (file under population/, how its table is found). Files as ONS released them.
ESTIMATES: dict[str, str] = {
    "mid-2022": "mye22final.xlsx",
    "mid-2024": "mye24tablesew_MYE2_persons.csv",
}
_ENGLISH_AREAS = ("E92", "E06", "E07", "E08", "E09")


def _estimate_rows(path: Path) -> list[list[object]]:
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return [list(row) for row in csv.reader(handle)]
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    sheet = next(name for name in workbook.sheet_names if name.startswith("MYE2 - Persons"))
    return [list(row) for row in workbook.get_sheet_by_name(sheet).to_python()]


def _population(value: object, where: str) -> int:
    number = Decimal(str(value).replace(",", "").strip())
    if number != number.to_integral_value() or number < 0:
        raise SystemExit(f"{where}: {value!r} is not a count of people")
    return int(number)


def estimates(source: Path) -> list[tuple[str, str, str, str, int]]:
    """``(estimate, area code, area name, geography, persons)`` for England and its districts."""
    rows: list[tuple[str, str, str, str, int]] = []
    for estimate, name in ESTIMATES.items():
        path = source / "population" / name
        table = _estimate_rows(path)
        header = next(
            (i for i, row in enumerate(table[:20]) if [str(c) for c in row[:4]] == HEADER), None
        )
        if header is None:
            raise SystemExit(f"{path}: no header row {HEADER} in the first 20 rows")
        for number, row in enumerate(table[header + 1 :], start=header + 2):
            code = str(row[0]).strip()
            if not code.startswith(_ENGLISH_AREAS) or str(row[2]).strip() == "Region":
                continue
            where = f"{path.name} row {number}"
            rows.append(
                (
                    estimate,
                    code,
                    str(row[1]).strip(),
                    str(row[2]).strip(),
                    _population(row[3], where),
                )
            )
    return sorted(rows)


HEADER = ["Code", "Name", "Geography", "All ages"]


def allocations(source: Path) -> list[tuple[str, str, str, str, str, str]]:
    from joinedup.ledger.returns import read_return

    chosen: dict[tuple[str, str, str], tuple[str, str, str, str, str, str]] = {}
    # Oldest workbook first, so a later version's figure for the same key wins.
    for path in _files(source, "icb-allocations", {".xlsx"}):
        found = read_return("icb-allocations", path)
        _refuse(path, found.problems)
        for item in found.allocations:
            key = (item.system_code, item.financial_year, item.stream)
            chosen[key] = (*key, f"{item.amount:.2f}", path.name, found.sha256[:16])
    return sorted(chosen.values())


def outturn(source: Path) -> list[tuple[str, ...]]:
    from joinedup.ledger.returns import read_return
    from joinedup.reference import EARLIEST_YEAR

    rows: list[tuple[str, ...]] = []
    for path in _files(source, "revenue-outturn", {".ods", ".xlsx", ".csv"}):
        found = read_return("revenue-outturn", path)
        _refuse(path, found.problems)
        for item in found.outturn:
            if item.financial_year < EARLIEST_YEAR or not _joint(item.form, item.service):
                continue
            amount = "" if item.amount is None else f"{item.amount:.2f}"
            rows.append(
                (
                    item.financial_year,
                    item.council_code,
                    item.council_name,
                    item.form,
                    item.service,
                    amount,
                    item.status,
                    path.name,
                    found.sha256[:16],
                )
            )
    return sorted(rows)


#: The council lines the joint picture uses: RSX service totals, RO3's breakdowns of them.
JOINT_TOTALS = {"adult_social_care", "children_social_care", "public_health", "total_services"}


def _joint(form: str, service: str) -> bool:
    # RO3's totals too: a later RO3 import is checked against them (data-quality report).
    if form == "RO3":
        return service in JOINT_TOTALS or service.startswith(
            ("adult_social_care.", "public_health.")
        )
    return service in JOINT_TOTALS


def _files(source: Path, family: str, suffixes: set[str]) -> list[Path]:
    """A family's files in shared/real and those kept in the repository, one per name."""
    found: dict[str, Path] = {}
    for folder in (KEPT / family, source / family):  # shared/real wins a clash of names
        if folder.is_dir():
            found.update({p.name: p for p in folder.iterdir() if p.suffix in suffixes})
    return [found[name] for name in sorted(found)]


def _refuse(path: Path, problems: Sequence[object]) -> None:
    if problems:
        listed = "\n".join(f"  {problem}" for problem in problems[:20])
        raise SystemExit(f"{path}: {len(problems)} problems, nothing written:\n{listed}")


def _write(
    path: Path, header: Sequence[str], rows: Iterable[Sequence[object]], *, check: bool
) -> bool:
    """Write a table, or with ``check`` say whether the committed one is what would be written."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    if check:
        same = path.is_file() and path.read_text(encoding="utf-8") == text.getvalue()
        print(f"{path.relative_to(REPO)}: {'up to date' if same else 'differs from a rebuild'}")
        return same
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.getvalue(), encoding="utf-8")
    print(f"wrote {path.relative_to(REPO)}")
    return True


OUTTURN_HEADER = (
    "financial_year",
    "file_code",
    "council_name",
    "form",
    "service",
    "amount_gbp",
    "status",
    "file_name",
    "file_sha256",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument(
        "--check", action="store_true", help="compare with the committed tables, write nothing"
    )
    args = parser.parse_args(argv)
    source: Path = args.source
    check: bool = args.check
    if not source.is_dir():
        print(f"{source}: no such folder (the shared/real files)", file=sys.stderr)
        return 1
    results = [
        _write(
            ESTIMATES_OUT,
            ("estimate", "area_code", "area_name", "geography", "population"),
            estimates(source),
            check=check,
        ),
        _write(
            PUBLISHED_OUT / "allocations.csv",
            ("system_code", "financial_year", "stream", "amount_gbp", "file_name", "file_sha256"),
            allocations(source),
            check=check,
        ),
        _write(PUBLISHED_OUT / "outturn.csv", OUTTURN_HEADER, outturn(source), check=check),
    ]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
