"""Money in one format (joinedup.money): shortened amounts read back to within their rounding,
with a true minus sign, and no data said as such."""

from __future__ import annotations

import re
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from joinedup.money import MINUS, NO_DATA, money, money_exact, per_head

SHORT = re.compile(r"^(\u2212)?£(\d{1,3}(?:,\d{3})*)(?:\.(\d))?(bn|m|k)?$")
SCALE = {"bn": 10**9, "m": 10**6, "k": 10**3, None: 1}
amounts = st.floats(min_value=-1e13, max_value=1e13, allow_nan=False, allow_infinity=False)


def read_back(text: str) -> float:
    found = SHORT.match(text)
    assert found, f"{text!r} is not in the one money format"
    sign, whole, tenth, unit = found.groups()
    value = float(whole.replace(",", "") + (f".{tenth}" if tenth else "")) * SCALE[unit]
    return -value if sign else value


@given(amounts)
def test_a_shortened_amount_reads_back_within_its_rounding(amount: float) -> None:
    text = money(amount)
    found = SHORT.match(text)
    assert found is not None
    unit = found[4]
    # Half a unit of the last figure shown: £0.05bn, £0.05m, £0.5k, 50p.
    tolerance = {"bn": 0.05e9, "m": 0.05e6, "k": 500, None: 0.5}[unit] * (1 + 1e-9)
    assert abs(read_back(text) - amount) <= tolerance
    # The unit follows the size: a figure of 1,000 or more of a unit uses the next one up.
    if unit in ("k", "m"):
        assert read_back(text.lstrip(MINUS)) < SCALE[unit] * 1000


@given(amounts)
def test_negative_amounts_have_a_true_minus_sign_and_zero_has_none(amount: float) -> None:
    text = money(amount)
    assert "-" not in text
    assert text.startswith(MINUS) == (read_back(text) < 0)
    assert money(-amount).lstrip(MINUS) == text.lstrip(MINUS)


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False))
def test_exact_pounds_keep_every_penny(amount: Decimal) -> None:
    text = money_exact(amount)
    assert "-" not in text
    digits = text.lstrip(MINUS).removeprefix("£").replace(",", "")
    assert Decimal(digits) == abs(amount)
    assert text.startswith(MINUS) == (amount < 0)


def test_the_documented_examples() -> None:
    assert money(1_234_567) == "£1.2m"
    assert money(-696_278) == "\u2212£696k"
    assert money(850_000) == "£850k"
    assert money(12_345_678_901) == "£12.3bn"
    assert money(9_999.4) == "£9,999"
    assert money(999_960) == "£1.0m"
    assert money(-0.2) == "£0"
    assert per_head(2588.14) == "£2,588" and per_head(139.274) == "£139.27"
    assert money_exact(Decimal("1234500.50")) == "£1,234,500.50"


def test_no_data_is_never_a_zero() -> None:
    assert money(None) == money_exact(None) == per_head(None) == NO_DATA == "no data"
    assert money(float("nan")) == NO_DATA
