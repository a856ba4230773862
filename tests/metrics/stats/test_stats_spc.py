"""SPC (XmR) charts against NHSRplotthedots' own expected results.

Sources, all in nhs-r-community/NHSRplotthedots tests/testthat:

* ``_snaps/integration_tests.md``: ``expect_snapshot_value(style = "serialize")`` of
  ``ptd_spc(ae_all(), ...)``, where ``ae_all()`` sums NHSRdatasets' ``ae_attendances`` by month
  (April 2016 to March 2019). The inputs (``data/nhsrplotthedots_ae_all.csv``) and the outputs
  below (``mean``, ``lpl``, ``upl``, ``outside_limits``, ``point_type``) were decoded from those
  R serialisations (XDR doubles) at full precision; see ``data/README.md``. NHSRplotthedots
  screens outliers by default, so these calls do too.

  - ``attendances``: one period; no special causes.
  - ``attendances`` with ``rebase = as.Date("2017-04-01")``: new limits from point 12.
  - ``performance`` with ``fix_after_n_points = 12``: limits from the first 12 points; special
    causes at 9 and 20-23 (outside), 11-18 (8 above the mean), 29-35 (7 below).

* ``_snaps/ptd_spc.md`` and ``_snaps/ptd_spc_standard.md``: 20 values (R's ``set.seed(123);
  rnorm(20)``, ``data/nhsrplotthedots_rnorm_123.csv``) printed to 3 significant figures, with
  mean 0.142 and limits -3.01 and 3.29, and 0.0746 (-2.60, 2.75) and 0.209 (-3.28, 3.70) for
  the two facets of 10.
"""

from __future__ import annotations

import csv
import itertools
import math
from pathlib import Path

import pytest

from joinedup.metrics.stats import SpcPoint, StatsError, spc

DATA = Path(__file__).parent / "data"


def _columns(name: str) -> dict[str, list[str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    return {column: [row[column] for row in rows] for column in rows[0]}


AE_ALL = _columns("nhsrplotthedots_ae_all.csv")
ATTENDANCES = [float(v) for v in AE_ALL["attendances"]]
PERFORMANCE = [float(v) for v in AE_ALL["performance"]]
RNORM = _columns("nhsrplotthedots_rnorm_123.csv")
RNORM_123 = [float(v) for v in RNORM["value"]]
RNORM_123_PRINTED = RNORM["printed"]


def _limits(point: SpcPoint) -> tuple[float | None, float | None, float | None]:
    return point.mean, point.lower_limit, point.upper_limit


def test_attendances_one_period() -> None:
    chart = spc(ATTENDANCES, screen_outliers=True)
    assert len(chart) == 36
    for point in chart:
        assert _limits(point) == pytest.approx(
            (2000538.9444444445, 1731844.3644444444, 2269233.5244444446), rel=1e-12
        )
        assert point.special_cause == "none"
        assert point.variation == "common_cause"
    assert [p.value for p in chart] == ATTENDANCES


def test_attendances_recalculated_from_april_2017() -> None:
    chart = spc(ATTENDANCES, screen_outliers=True, recalculate_at=[12])
    first = (1946858.4166666667, 1639947.374848485, 2253769.4584848485)
    second = (2027379.2083333333, 1772921.0639855072, 2281837.3526811595)
    assert [p.period for p in chart] == [0] * 12 + [1] * 24
    for point in chart:
        expected = first if point.index < 12 else second
        assert _limits(point) == pytest.approx(expected, rel=1e-12)
        assert point.special_cause == "none"


def test_performance_fixed_on_12_points_with_special_causes() -> None:
    chart = spc(PERFORMANCE, improvement="increase", baseline=12, screen_outliers=True)
    for point in chart:
        assert _limits(point) == pytest.approx(
            (0.8908915564349236, 0.8614049789074258, 0.9203781339624213), rel=1e-12
        )
    concern = [9, 20, 21, 22, 23, 29, 30, 31, 32, 33, 34, 35]
    improvement = [11, 12, 13, 14, 15, 16, 17, 18]
    assert [p.index for p in chart if p.special_cause == "concern"] == concern
    assert [p.index for p in chart if p.special_cause == "improvement"] == improvement
    outside = [p.index for p in chart if p.rule == "outside_limits"]
    assert outside == [9, 20, 21, 22, 23, 33, 34]  # NHSRplotthedots' outside_limits
    assert {chart[i].rule for i in improvement} == {"shift"}
    assert chart[-1].variation == "concern_low"  # the icon NHSRplotthedots would show
    assert chart[12].variation == "improvement_high"


def test_rnorm_example_to_the_printed_3_figures() -> None:
    assert [f"{v:.3g}" for v in RNORM_123] == RNORM_123_PRINTED
    for values, printed in [
        (RNORM_123, ("0.142", "-3.01", "3.29")),
        (RNORM_123[:10], ("0.0746", "-2.6", "2.75")),
        (RNORM_123[10:], ("0.209", "-3.28", "3.7")),
    ]:
        chart = spc(values, screen_outliers=True, minimum_points=10)
        mean, lower, upper = _limits(chart[0])
        assert mean is not None and lower is not None and upper is not None
        assert (f"{mean:.3g}", f"{lower:.3g}", f"{upper:.3g}") == printed
        assert {p.special_cause for p in chart} == {"none"}


def test_limits_are_the_mean_plus_minus_2_66_mean_moving_ranges() -> None:
    values = [10.0, 12, 11, 13, 12, 14, 11, 12, 13, 12, 11, 12]
    point = spc(values)[0]
    mean = sum(values) / 12
    average_range = sum(abs(b - a) for a, b in itertools.pairwise(values)) / 11
    assert _limits(point) == pytest.approx(
        (mean, mean - 2.66 * average_range, mean + 2.66 * average_range)
    )


def test_screening_removes_large_moving_ranges_only() -> None:
    values = [10.0] * 6 + [11.0] * 6
    values[6] = 40.0  # two big moving ranges around one spike
    plain, screened = spc(values)[0], spc(values, screen_outliers=True)[0]
    assert plain.mean == screened.mean  # the mean is not screened
    assert screened.upper_limit is not None and plain.upper_limit is not None
    assert screened.upper_limit < plain.upper_limit
    assert spc(values, screen_outliers=True)[6].rule == "outside_limits"


def test_directions_and_icons() -> None:
    values = [10.0, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 30, -10]
    up = spc(values, improvement="increase", baseline=12)
    down = spc(values, improvement="decrease", baseline=12)
    neither = spc(values, improvement=None, baseline=12)
    assert (up[12].special_cause, up[12].variation) == ("improvement", "improvement_high")
    assert (up[13].special_cause, up[13].variation) == ("concern", "concern_low")
    assert (down[12].special_cause, down[12].variation) == ("concern", "concern_high")
    assert (down[13].special_cause, down[13].variation) == ("improvement", "improvement_low")
    assert (neither[12].special_cause, neither[12].variation) == ("neither", "neutral_high")
    assert (neither[13].special_cause, neither[13].variation) == ("neither", "neutral_low")
    assert up[0].variation == "common_cause"


@pytest.mark.parametrize(
    ("improvement", "target", "assurance"),
    [
        ("increase", 5.0, "pass"),
        ("increase", 20.0, "fail"),
        ("increase", 10.5, "inconsistent"),
        ("decrease", 5.0, "fail"),
        ("decrease", 20.0, "pass"),
        (None, 5.0, None),
        ("increase", None, None),
    ],
)
def test_assurance(improvement: str | None, target: float | None, assurance: str | None) -> None:
    values = [10.0, 11] * 6
    chart = spc(values, improvement=improvement, target=target)  # type: ignore[arg-type]
    assert {p.assurance for p in chart} == {assurance}


def test_short_series_show_no_limits_and_no_icons() -> None:
    assert spc([]) == []
    for values in ([5.0], [5.0, 6.0], [float(v) for v in range(11)]):
        chart = spc(values)
        assert len(chart) == len(values)
        for point in chart:
            assert _limits(point) == (None, None, None)
            assert (point.special_cause, point.variation, point.assurance) == ("none", None, None)
    assert spc([float(v % 3) for v in range(12)])[0].mean == 1.0  # 12 points: limits shown
    assert spc([1.0, 2.0, 3.0], minimum_points=3)[0].mean == 2.0


def test_a_short_period_after_a_recalculation() -> None:
    chart = spc([10.0, 11] * 8, recalculate_at=[12])
    assert chart[0].mean is not None
    assert chart[12].mean is None
    assert chart[12].variation is None


def test_missing_values_are_skipped() -> None:
    values = [10.0, 11] * 6 + [math.nan, 10.0]
    chart = spc(values)
    assert len(chart) == 14
    assert math.isnan(chart[12].value)
    assert chart[12].variation is None
    assert chart[12].mean == chart[0].mean
    assert chart[13].variation == "common_cause"
    assert spc([None, 1.0, 2.0], minimum_points=2)[0].variation is None


def test_recalculation_points_outside_the_series_are_ignored() -> None:
    values = [10.0, 11] * 6
    assert spc(values, recalculate_at=[-3, 0, 12, 400]) == spc(values)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"improvement": "up"},
        {"run_length": 1},
        {"minimum_points": 0},
        {"baseline": 0},
        {"recalculate_at": [1.5]},
    ],
)
def test_malformed_requests_are_errors(kwargs: dict[str, object]) -> None:
    with pytest.raises(StatsError):
        spc([1.0, 2.0, 3.0], **kwargs)  # type: ignore[arg-type]


def test_a_constant_series_has_no_special_causes() -> None:
    chart = spc([7.0] * 20)
    assert _limits(chart[0]) == (7.0, 7.0, 7.0)
    assert {p.special_cause for p in chart} == {"none"}
