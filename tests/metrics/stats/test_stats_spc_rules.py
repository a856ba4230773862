"""The four special-cause rules, on the cases NHSRplotthedots tests them with.

Source: nhs-r-community/NHSRplotthedots tests/testthat/test-ptd_calculate_point_type.R (the
vectors given to ``ptd_seven_point_one_side_mean``, ``ptd_seven_point_trend`` and
``ptd_two_in_three``), restated here as whole series around a mean of 0 with limits -3 and 3.
"""

from __future__ import annotations

import numpy as np

from joinedup.metrics.stats.spc_rules import RULES, special_cause_signals


def _signals(values: list[float], run_length: int = 7) -> tuple[list[int], list[str | None]]:
    found = special_cause_signals(np.array(values, dtype=np.float64), 0.0, -3.0, 3.0, run_length)
    return found.direction.tolist(), list(found.rule)


def test_rules_in_order_of_precedence() -> None:
    assert RULES == ("outside_limits", "trend", "two_in_three", "shift")


def test_outside_the_limits() -> None:
    direction, rule = _signals([0.5, 3.5, -0.5, -3.5, 3.0])
    assert direction == [0, 1, 0, -1, 0]  # on the limit is not outside it
    assert rule == [None, "outside_limits", None, "outside_limits", None]


def test_shift_needs_seven_on_one_side() -> None:
    assert _signals([1.0] * 6)[0] == [0] * 6
    assert _signals([1.0] * 6 + [-1.0])[0] == [0] * 7
    direction, rule = _signals([1.0] * 8 + [-1.0])
    assert direction == [1] * 8 + [0]
    assert set(rule[:8]) == {"shift"}
    assert _signals([-1.0] * 8 + [1.0])[0] == [-1] * 8 + [0]
    assert _signals([-1.0, *[1.0] * 8, -1.0])[0] == [0, *[1] * 8, 0]


def test_a_point_on_the_mean_breaks_a_shift() -> None:
    assert _signals([1.0] * 4 + [0.0] + [1.0] * 4)[0] == [0] * 9


def test_run_length_six() -> None:
    assert _signals([1.0] * 6, run_length=6)[0] == [1] * 6
    assert _signals([0.1, 0.2, 0.3, 0.4, 0.5, 0.6], run_length=6)[1] == ["trend"] * 6


def test_trend_needs_seven_strictly_rising_or_falling() -> None:
    rising = [x / 10 for x in range(-3, 4)]  # 7 points, crossing the mean
    assert _signals(rising[:6])[0] == [0] * 6
    assert _signals(rising)[0] == [1] * 7
    assert _signals(rising)[1] == ["trend"] * 7
    assert _signals(rising[::-1])[0] == [-1] * 7
    with_tie = [-0.3, -0.2, -0.1, -0.1, 0.0, 0.1, 0.2]  # c(1:3, 3:6): a tie breaks it
    assert _signals(with_tie)[0] == [0] * 7
    boxed = [-0.25, *rising, -0.15]  # c(2, 1:7, 3)
    assert _signals(boxed)[0] == [0, *[1] * 7, 0]


def test_where_two_trends_meet_the_later_one_wins() -> None:
    peak = [x / 10 for x in range(-3, 4)] + [x / 10 for x in range(2, -4, -1)]
    direction, _ = _signals(peak)
    assert direction[:6] == [1] * 6
    assert direction[6:] == [-1] * 7


def test_two_in_three_close_to_a_limit() -> None:
    close = 2.5  # beyond two thirds of the way to the limit (2.0), inside it
    assert _signals([close, 0.5, close])[0] == [1, 0, 1]
    assert _signals([0.5, close, close])[0] == [0, 1, 1]
    assert _signals([close, close, 0.5])[1] == ["two_in_three", "two_in_three", None]
    assert _signals([-close, -0.5, -close])[0] == [-1, 0, -1]


def test_two_in_three_needs_all_three_on_one_side() -> None:
    assert _signals([2.5, -0.5, 2.5])[0] == [0, 0, 0]
    assert _signals([2.5, 2.5, -0.5])[0] == [0, 0, 0]
    assert _signals([2.5, 2.5, 0.5])[0] == [1, 1, 0]
    assert _signals([2.5, 0.5, 0.5, 2.5])[0] == [0, 0, 0, 0]
    assert _signals([2.5, 0.5, 0.5, 2.5, 2.5])[0] == [0, 0, 0, 1, 1]


def test_points_outside_do_not_count_as_close() -> None:
    assert _signals([3.5, 0.5, 2.5])[0] == [1, 0, 0]
