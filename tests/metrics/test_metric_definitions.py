from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from joinedup.metrics.definition import BadDefinition, national_metrics, read_definition

NATIONAL = {
    "unplanned_acsc_admissions",
    "falls_admissions_65_plus",
    "discharge_usual_residence",
    "care_home_admissions_65_plus",
    "care_home_admissions_18_64",
    "reablement_at_home_91_days",
    "asc_vacancy_rate",
    "asc_staff_turnover",
    "emergency_readmissions_30_days",
    "deaths_usual_residence",
}


def test_the_national_set() -> None:
    metrics = national_metrics()
    assert set(metrics) == NATIONAL
    assert all(metric.set == "national" for metric in metrics.values())
    assert metrics["falls_admissions_65_plus"].method == "dsr"
    assert metrics["falls_admissions_65_plus"].age_band is not None
    assert metrics["falls_admissions_65_plus"].age_band.label() == "65+"
    assert metrics["reablement_at_home_91_days"].polarity == "higher_is_better"
    turnover = metrics["asc_staff_turnover"]
    assert (turnover.unit, turnover.method, turnover.multiplier) == ("%", "proportion", 100)
    assert (turnover.polarity, turnover.frequency) == ("lower_is_better", "annual")


def local(**changes: object) -> dict[str, object]:
    base = national_metrics()["discharge_usual_residence"].model_dump(exclude_none=True)
    return base | {"id": "local_metric", "set": "E54000034"} | changes


def write(tmp_path: Path, data: dict[str, object]) -> Path:
    path = tmp_path / "metric.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_a_local_metric_reads(tmp_path: Path) -> None:
    metric = read_definition(write(tmp_path, local()))
    assert metric.set == "E54000034"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"set": "kent"}, "set must be 'national'"),
        ({"method": "ratio"}, "method"),
        ({"denominator": None}, "needs a denominator"),
        ({"method": "dsr", "multiplier": 100000}, "standard_population"),
        ({"multiplier": 1000}, "multiplier"),
        ({"polarity": "up"}, "polarity"),
        ({"colour": "red"}, "colour"),
        ({"age_band": {"min_age": 65, "max_age": 18}}, "max_age"),
    ],
)
def test_bad_definitions_name_the_file_and_field(
    tmp_path: Path, changes: dict[str, object], message: str
) -> None:
    data = {k: v for k, v in local(**changes).items() if v is not None}
    with pytest.raises(BadDefinition, match=r"metric\.yaml") as raised:
        read_definition(write(tmp_path, data))
    assert message in str(raised.value)


def test_unreadable_yaml(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("id: [unclosed", encoding="utf-8")
    with pytest.raises(BadDefinition, match=r"broken\.yaml"):
        read_definition(path)


@given(st.text(min_size=1, max_size=20))
def test_ids_are_snake_case(identifier: str) -> None:
    from pydantic import ValidationError

    from joinedup.metrics.definition import Metric

    data = local(id=identifier)
    valid = identifier.isascii() and identifier[:1].isalpha() and identifier[:1].islower()
    valid = valid and 3 <= len(identifier) <= 64
    valid = valid and all(c.islower() or c.isdigit() or c == "_" for c in identifier)
    try:
        Metric.model_validate(data)
    except ValidationError:
        assert not valid
    else:
        assert valid
