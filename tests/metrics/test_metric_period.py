from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from joinedup.metrics.period import BadPeriod, annual, monthly, parse_period, quarter_starting


@pytest.mark.parametrize(
    ("text", "label", "start", "frequency"),
    [
        ("2024-25", "2024-25", date(2024, 4, 1), "annual"),
        ("2024/25", "2024-25", date(2024, 4, 1), "annual"),
        ("2024-25 Q1", "2024-25 Q1", date(2024, 4, 1), "quarterly"),
        ("2024/25 q4", "2024-25 Q4", date(2025, 1, 1), "quarterly"),
        ("2024-06", "Jun 2024", date(2024, 6, 1), "monthly"),
        ("Jun 2024", "Jun 2024", date(2024, 6, 1), "monthly"),
        ("2011-12", "2011-12", date(2011, 4, 1), "annual"),
        ("2011-12-01", "Dec 2011", date(2011, 12, 1), "monthly"),
    ],
)
def test_periods(text: str, label: str, start: date, frequency: str) -> None:
    period = parse_period(text)
    assert (period.label, period.start, period.frequency) == (label, start, frequency)


@pytest.mark.parametrize("text", ["", "Q5 2024", "2024-13", "next year", "2024-27"])
def test_bad_periods_say_how_to_write_one(text: str) -> None:
    with pytest.raises(BadPeriod, match="2024-25 Q1"):
        parse_period(text)


@given(st.integers(2000, 2098), st.integers(1, 12))
def test_next_follows_in_order(year: int, month: int) -> None:
    for period in (
        annual(year),
        quarter_starting(year, [1, 4, 7, 10][(month - 1) // 3]),
        monthly(year, month),
    ):
        following = period.next()
        assert following > period and following.frequency == period.frequency
        assert parse_period(following.label) == following
