"""NHS numbers: the modulus 11 check (NHS Data Model and Dictionary) and the salted hash."""

from __future__ import annotations

import hashlib

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from joinedup.population import nhs_number
from joinedup.population.nhs_number import check_digit, is_valid, pseudonym

nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)


def valid_numbers() -> st.SearchStrategy[str]:
    return nine_digits.filter(lambda nine: check_digit(nine) is not None).map(
        lambda nine: nine + str(check_digit(nine))
    )


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("9434765919", True),  # the Data Dictionary's worked example
        ("943 476 5919", True),
        ("943-476-5919", True),
        ("9434765918", False),
        ("943476591", False),
        ("94347659190", False),
        ("94347659l9", False),
        ("", False),
    ],
)
def test_known_numbers(number: str, valid: bool) -> None:
    assert is_valid(number) is valid


def test_hand_calculation_of_the_check_digit() -> None:
    # 9*10 + 4*9 + 3*8 + 4*7 + 7*6 + 6*5 + 5*4 + 9*3 + 1*2 = 299; 299 % 11 = 2; 11 - 2 = 9.
    assert check_digit("943476591") == 9


def test_remainder_one_means_no_valid_number() -> None:
    # 0*10 + ... + 6*2 = 12; 12 % 11 = 1; 11 - 1 = 10, which no single digit can be.
    assert check_digit("000000006") is None
    assert not any(is_valid("000000006" + str(digit)) for digit in range(10))


@given(valid_numbers())
def test_every_number_built_with_its_check_digit_is_valid(number: str) -> None:
    assert is_valid(number)


@given(valid_numbers(), st.integers(0, 9), st.integers(1, 9))
def test_changing_one_digit_makes_it_invalid(number: str, position: int, change: int) -> None:
    digits = list(number)
    digits[position] = str((int(digits[position]) + change) % 10)
    assert not is_valid("".join(digits))


@given(valid_numbers())
def test_swapping_two_different_adjacent_digits_is_caught(number: str) -> None:
    for position in range(9):
        if number[position] != number[position + 1]:
            swapped = (
                number[:position] + number[position + 1] + number[position] + number[position + 2 :]
            )
            assert not is_valid(swapped)


CONNECTION = duckdb.connect()


@settings(deadline=None)
@given(st.lists(st.one_of(valid_numbers(), st.text(max_size=14)), min_size=1, max_size=20))
def test_the_sql_check_agrees_with_python(numbers: list[str]) -> None:
    rows = CONNECTION.execute(
        f"SELECT n, {nhs_number.sql_valid('n')} FROM (SELECT unnest(?::VARCHAR[]) AS n)",
        [numbers],
    ).fetchall()
    assert [bool(valid) for _, valid in rows] == [is_valid(number) for number in numbers]


@settings(deadline=None)
@given(valid_numbers(), st.text(min_size=16, max_size=40))
def test_the_sql_pseudonym_agrees_with_python(number: str, salt: str) -> None:
    found = CONNECTION.execute(
        f"SELECT {nhs_number.sql_pseudonym('?', '$salt')}".replace("?", "$n"),
        {"n": number, "salt": salt},
    ).fetchone()
    assert found is not None
    assert found[0] == pseudonym(number, salt)
    assert found[0] == hashlib.sha256(f"{salt}:{number}".encode()).hexdigest()


def test_the_same_number_with_another_salt_is_another_pseudonym() -> None:
    assert pseudonym("9434765919", "a" * 16) != pseudonym("9434765919", "b" * 16)
    assert pseudonym("943 476 5919", "a" * 16) == pseudonym("9434765919", "a" * 16)


def test_a_salt_is_required_and_long_enough() -> None:
    with pytest.raises(nhs_number.SaltMissing, match="JOINEDUP_NHS_NUMBER_SALT"):
        nhs_number.require_salt(None)
    with pytest.raises(nhs_number.SaltMissing, match="too short"):
        nhs_number.require_salt("short")
    assert nhs_number.require_salt("x" * 16) == "x" * 16
