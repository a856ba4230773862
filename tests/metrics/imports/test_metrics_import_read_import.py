"""read_import's dispatch, options and errors; cells and areas; the committed fixtures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from joinedup.errors import JoinedUpError
from joinedup.metrics.imports import (
    KINDS,
    BadImportOption,
    UnknownImportKind,
    UnreadableImport,
    read_import,
)
from joinedup.metrics.imports.cells import NotANumber, SkippedArea, area_by_code, to_number
from joinedup.reference import UnknownCode

from .metrics_import_fixtures import FINGERTIPS_CSV, LG_INFORM_CSV, fingertips_text, lg_inform_text


def test_the_committed_fixtures_are_what_the_fixture_script_writes() -> None:
    script = "run tests/metrics/imports/metrics_import_fixtures.py"
    assert FINGERTIPS_CSV.read_text(encoding="utf-8") == fingertips_text(), script
    assert LG_INFORM_CSV.read_text(encoding="utf-8") == lg_inform_text(), script


def test_kinds_describe_each_importer() -> None:
    assert set(KINDS) == {"fingertips", "skills-for-care"}
    assert all(len(text) > 40 and "\n" not in text for text in KINDS.values())


def test_an_unknown_kind_names_the_kinds(tmp_path: Path) -> None:
    with pytest.raises(UnknownImportKind, match="'nhsof'; the kinds are: fingertips, skills-for"):
        read_import("nhsof", tmp_path / "x.csv")
    assert issubclass(UnknownImportKind, JoinedUpError) and UnknownImportKind.exit_code == 2


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_missing_file_is_unreadable(tmp_path: Path, kind: str) -> None:
    with pytest.raises(UnreadableImport, match="no such file"):
        read_import(kind, tmp_path / "missing.csv")
    assert issubclass(UnreadableImport, JoinedUpError)


@pytest.mark.parametrize(
    ("kind", "options", "message"),
    [
        ("fingertips", {"indicator_map": {"22401": "falls"}}, "'falls', which is not a known"),
        ("fingertips", {"indicator_map": {"PHOF C29": "falls_admissions_65_plus"}}, "digits"),
        ("fingertips", {"period": "2023-24"}, "Skills for Care files only"),
        ("skills-for-care", {"indicator_map": {"1": "asc_vacancy_rate"}}, "Fingertips files only"),
        ("skills-for-care", {"period": "next year"}, "'next year' is not a period"),
        ("skills-for-care", {"period": "2023-24 Q1"}, "give a financial year"),
        ("skills-for-care", {"definitions": {}}, "do not include asc_vacancy_rate"),
    ],
)
def test_options_that_do_not_fit_are_usage_errors(
    kind: str, options: dict[str, object], message: str
) -> None:
    with pytest.raises(BadImportOption, match=message) as raised:
        read_import(kind, FINGERTIPS_CSV, **options)  # type: ignore[arg-type]
    assert raised.value.exit_code == 2 and "\n" not in str(raised.value)


def test_an_empty_map_reads_nothing(tmp_path: Path) -> None:
    result = read_import("fingertips", FINGERTIPS_CSV, {})
    assert result.values == ()
    assert [p.message[:24] for p in result.problems] == ["gives no value to store."]
    assert "indicator map (nothing)" in result.problems[0].message
    assert result.kind == "fingertips" and result.path == FINGERTIPS_CSV
    assert len(result.sha256) == 64


def test_importing_the_importers_loads_no_openpyxl() -> None:
    code = "import sys, joinedup.metrics.imports; print('openpyxl' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("value", "number"),
    [("1,234", 1234.0), (" £1,200.5 ", 1200.5), (7, 7.0), (0.081, 0.081), ("-2", -2.0)],
)
def test_numbers(value: object, number: float) -> None:
    assert to_number(value) == number


@pytest.mark.parametrize("value", ["8.1%", "12O", "n/a", "inf", True])
def test_not_numbers(value: object) -> None:
    with pytest.raises(NotANumber):
        to_number(value)


@pytest.mark.parametrize(
    ("code", "area"),
    [
        ("E92000001", ("england", "E92000001")),
        ("E54000050", ("system", "E54000050")),
        ("e06000001", ("council", "E06000001")),
        ("E10000014", ("council", "E10000014")),
        ("E10000023", ("council", "E06000065")),  # North Yorkshire County Council, now unitary
    ],
)
def test_areas_by_code(code: str, area: tuple[str, str]) -> None:
    assert area_by_code(code) == area


@pytest.mark.parametrize(
    ("code", "why"),
    [
        ("E12000001", "regions"),
        ("E07000223", "non-metropolitan districts"),
        ("E38000163", "sub-ICB locations"),
        ("A81001", "other areas"),
        ("E10000006", "no single successor"),  # Cumbria, split in 2023
        ("", "no area code"),
    ],
)
def test_areas_skipped_by_code(code: str, why: str) -> None:
    with pytest.raises(SkippedArea, match=why):
        area_by_code(code)


@pytest.mark.parametrize("code", ["E54999999", "E06000999"])
def test_unknown_system_and_council_codes(code: str) -> None:
    with pytest.raises(UnknownCode):
        area_by_code(code)
