"""read_return's dispatch and errors, cell reading, and matching return lines to the taxonomy."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from joinedup.core.cells import (
    NotANumber,
    is_suppressed,
    row_list,
    thousands_to_pounds,
)
from joinedup.errors import JoinedUpError
from joinedup.ledger.returns import (
    KINDS,
    UnknownReturnKind,
    UnreadableReturn,
    read_return,
)
from joinedup.ledger.returns.line_map import LineMap, TaxonomyMappingError, line_map
from joinedup.money import money_exact


def test_kinds_describe_each_loader() -> None:
    assert set(KINDS) == {"icb-allocations", "asc-fr", "revenue-outturn"}
    assert all(len(text) > 40 and "\n" not in text for text in KINDS.values())


def test_an_unknown_kind_names_the_kinds(tmp_path: Path) -> None:
    with pytest.raises(
        UnknownReturnKind,
        match="'ro3'; the kinds are: icb-allocations, asc-fr, revenue-outturn",
    ):
        read_return("ro3", tmp_path / "x.csv")
    assert issubclass(UnknownReturnKind, JoinedUpError) and UnknownReturnKind.exit_code == 2


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_missing_file_is_unreadable(tmp_path: Path, kind: str) -> None:
    with pytest.raises(UnreadableReturn, match="no such file"):
        read_return(kind, tmp_path / "missing.file")


def test_importing_the_loaders_loads_neither_openpyxl_nor_yaml() -> None:
    code = (
        "import sys, joinedup.ledger.returns; "
        "print(sorted(m for m in ('openpyxl', 'yaml', 'python_calamine') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("value", "pounds"),
    [
        (3250000.5, "3250000500"),
        (12, "12000"),
        ("1,234", "1234000"),
        (" £1,200.25 ", "1200250"),
        ("-20", "-20000"),
        ("(15)", "-15000"),
        ("0.0004", "0.40"),
    ],
)
def test_thousands_become_pounds(value: object, pounds: str) -> None:
    assert thousands_to_pounds(value) == Decimal(pounds)


@pytest.mark.parametrize("value", ["12O", "n/a", "1.2.3", "Infinity", True, "NaN"])
def test_text_that_is_no_number_is_refused(value: object) -> None:
    with pytest.raises(NotANumber):
        thousands_to_pounds(value)


@pytest.mark.parametrize("value", [None, "", " ", ":", "*", "[x]", "[C]", "..", "[z]", "-"])
def test_suppression_marks(value: object) -> None:
    assert is_suppressed(value)


@pytest.mark.parametrize("value", [0, "0", "12O", "n/a"])
def test_values_that_are_not_suppression_marks(value: object) -> None:
    assert not is_suppressed(value)


def test_money_and_row_lists_read_well() -> None:
    assert money_exact(Decimal("7000000.00")) == "£7,000,000"
    assert money_exact(Decimal("-1234.5")) == "\u2212£1,234.50"
    assert row_list([7]) == "row 7"
    assert row_list(list(range(1, 14))) == "rows 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 3 more"


def _taxonomy(**maps: list[str]) -> dict[str, Any]:
    return {
        "groups": [
            {
                "code": "adult_social_care",
                "types": [
                    {"code": code, "maps_from": {"asc_fr": lines}} for code, lines in maps.items()
                ],
            }
        ]
    }


def test_the_longest_matching_descriptor_wins() -> None:
    lines = LineMap.from_taxonomy(
        _taxonomy(
            long_term=["Long Term Care"],
            home_care=["Long Term Care / Community: Home Care"],
        ),
        "asc_fr",
    )
    assert lines.match("Long Term Care / Community: Home Care") == (
        "home_care",
        "Long Term Care / Community: Home Care",
    )
    assert lines.match("long term care /  community:  home care / extra") is not None
    assert lines.match("Long Term Care / Nursing") == ("long_term", "Long Term Care")
    assert lines.match("Short Term Care") is None
    assert lines.match("Long Term") is None


def test_a_descriptor_under_two_spending_types_is_refused() -> None:
    with pytest.raises(TaxonomyMappingError, match="maps to both a and b"):
        LineMap.from_taxonomy(_taxonomy(a=["Short Term Care"], b=["short term  care"]), "asc_fr")


def test_the_shipped_taxonomy_maps_the_asc_fr_lines() -> None:
    lines = line_map("asc_fr")
    assert lines.match("Long Term Care / Residential") == (
        "asc_residential_nursing",
        "Long Term Care / Residential",
    )
    assert lines.match("Short Term Care / ST-Max") == ("asc_reablement", "Short Term Care")
    mapped = {lines.match(text) for text in lines.descriptors}
    assert {found[0] for found in mapped if found} == {
        "asc_home_care",
        "asc_residential_nursing",
        "asc_supported_living",
        "asc_direct_payments",
        "asc_reablement",
        "asc_day_care",
        "asc_equipment_adaptations",
        "asc_carers_support",
        "asc_information_early_intervention",
        "asc_assessment_care_management",
        "asc_other",
    }
