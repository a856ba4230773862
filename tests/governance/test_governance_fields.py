"""Property tests of the cell validators and the oversight rules' validation."""

from __future__ import annotations

import string
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from joinedup.core.fields import (
    choice_key,
    parse_boolean,
    parse_choice,
    parse_codes,
    parse_date,
    parse_integer,
    parse_money,
    parse_slug,
    to_cell,
)
from joinedup.governance.oversight import DecisionType, RulesInvalid, rules_from
from joinedup.records.registers import Field, Kind

pennies = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2,
                      allow_nan=False, allow_infinity=False)  # fmt: skip
anything = st.one_of(st.text(), st.integers(), st.floats(), st.booleans(), st.none(),
                     st.dates(), st.decimals())  # fmt: skip


@given(st.dates(min_value=date(1000, 1, 1)))
def test_dates_read_back_in_every_form_people_write(day: date) -> None:
    assert parse_date(day) == day
    assert parse_date(day.isoformat()) == day
    assert parse_date(day.strftime("%d/%m/%Y")) == day
    assert parse_date(f" {day.day}/{day.month}/{day.year} ") == day
    assert parse_date(datetime(day.year, day.month, day.day, 13, 5)) == day


@given(pennies)
def test_money_reads_back_however_it_is_formatted(amount: Decimal) -> None:
    assert parse_money(amount) == amount
    assert parse_money(f"£{amount:,.2f}") == amount
    assert parse_money(str(amount)) == amount
    assert parse_money(float(amount)) == amount if abs(amount) < Decimal("1e9") else True


@given(pennies, st.integers(min_value=1, max_value=9))
def test_fractions_of_a_penny_are_refused_not_rounded(amount: Decimal, extra: int) -> None:
    with pytest.raises(ValueError, match="fractions of a penny"):
        parse_money(f"{amount}{extra}" if "." in str(amount) else f"{amount}.00{extra}")


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_whole_numbers(number: int) -> None:
    assert parse_integer(number) == parse_integer(str(number)) == parse_integer(float(number))
    assert parse_integer(f"{number:,}") == number


@given(st.sampled_from(["yes", "no", "Y", "n", "TRUE", "false", "1", "0", True, False, 1, 0]))
def test_yes_and_no(value: object) -> None:
    assert parse_boolean(value) is (str(value).strip().casefold() in ("yes", "y", "true", "1"))


@given(st.sampled_from([kind.value for kind in DecisionType]), st.data())
def test_a_choice_is_read_in_any_case_and_spacing(choice: str, data: st.DataObject) -> None:
    separator = data.draw(st.sampled_from([" ", "-", "_", "  "]))
    written = choice.replace("_", separator)
    written = data.draw(st.sampled_from([written, written.upper(), written.title()]))
    assert parse_choice(f" {written} ", tuple(kind.value for kind in DecisionType)) == choice
    assert choice_key(written) == choice


@given(st.lists(st.text(string.ascii_uppercase + string.digits, min_size=1, max_size=9),
                max_size=6))  # fmt: skip
def test_code_lists_round_trip_through_a_cell(codes: list[str]) -> None:
    unique = list(dict.fromkeys(codes))
    assert list(parse_codes(to_cell(unique))) == unique


@given(st.from_regex(r"[a-z0-9](?:[a-z0-9\-]{0,20}[a-z0-9])?", fullmatch=True))
def test_slugs_are_kept(slug: str) -> None:
    assert parse_slug(slug) == parse_slug(slug.upper()) == slug


@given(anything, st.sampled_from(list(Kind)))
def test_every_field_either_reads_a_value_or_says_what_is_wrong(value: Any, kind: Kind) -> None:
    field = Field("x", kind, choices=("a", "b"))
    try:
        field.parse(value)
    except ValueError as error:
        assert str(error) and "\n" not in str(error)


rule_names = st.from_regex(r"[a-z0-9][a-z0-9\-]{0,20}", fullmatch=True)
rules = st.fixed_dictionaries(
    {
        "name": rule_names,
        "description": st.text(min_size=1, max_size=40),
        "decision_types": st.lists(st.sampled_from([k.value for k in DecisionType]), min_size=1,
                                   max_size=3, unique=True),
        "above_value": st.one_of(st.none(), st.decimals(min_value=0, max_value=10**9, places=2)),
        "significant_only": st.booleans(),
    }
)  # fmt: skip


@given(st.lists(rules, max_size=4, unique_by=lambda rule: rule["name"]))
def test_valid_rules_load_and_round_trip(found: list[dict[str, Any]]) -> None:
    loaded = rules_from({"version": 1, "rules": found})
    again = rules_from(loaded.model_dump(mode="json"))
    assert again == loaded
    assert [rule.name for rule in loaded.rules] == [rule["name"] for rule in found]


@given(rules, st.sampled_from(["negative", "no_types", "unknown_type", "extra", "repeated"]))
def test_invalid_rules_are_refused_in_one_line(rule: dict[str, Any], fault: str) -> None:
    listed = [rule]
    if fault == "negative":
        listed = [rule | {"above_value": "-1"}]
    elif fault == "no_types":
        listed = [rule | {"decision_types": []}]
    elif fault == "unknown_type":
        listed = [rule | {"decision_types": ["budget"]}]
    elif fault == "extra":
        listed = [rule | {"threshold": 5}]
    else:
        listed = [rule, rule]
    with pytest.raises(RulesInvalid) as refused:
        rules_from({"version": 1, "rules": listed}, "rules.yaml")
    assert str(refused.value).startswith("rules.yaml, field 'rules")
    assert "\n" not in str(refused.value)


values = st.one_of(st.none(), st.decimals(min_value=0, max_value=10**10, places=2))


@given(rules, st.sampled_from([k.value for k in DecisionType]), values, st.booleans())
def test_a_rule_covers_a_decision_exactly_as_documented(
    rule: dict[str, Any], kind: str, value: Decimal | None, significant: bool
) -> None:
    loaded = rules_from({"version": 1, "rules": [rule]}).rules[0]
    threshold = loaded.above_value
    expected = (
        kind in rule["decision_types"]
        and (significant or not rule["significant_only"])
        and (threshold is None or value is None or value > threshold)
    )
    assert loaded.covers(kind, value, significant) is expected
