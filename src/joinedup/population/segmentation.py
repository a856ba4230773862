"""Segmentation: one row per person with their area, conditions, score and segment.

Written once, as ibis expressions, so the same definition runs on DuckDB and on Spark. The
work is shaped for large data. A segment depends on few events: only those the rules' event
filters match (hospital admissions and urgent care, care home stays, maternity), a small share of
all events, are counted per person. Condition records are reduced per person to a bit mask, a
count and a score. Both are joined to persons, and everything after that is arithmetic on one row
per person. Costs and activity are not summed per person at all: ``attribution`` sums each event
straight into its person's cell of the cube.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from joinedup.population.conditions import catalogue
from joinedup.population.events import CODE_SEPARATOR, setting_id
from joinedup.population.multimorbidity import counted_bits, present_from, weighted_bits
from joinedup.population.persons import age_band_index_expression
from joinedup.population.rules import (
    Age,
    AllOf,
    AnyOf,
    Bounds,
    ConditionCount,
    Criterion,
    Decile,
    EventFilter,
    Events,
    HasCondition,
    Not,
    Rules,
    Score,
    Sex,
)

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from joinedup.population.period import Period


@dataclass(frozen=True, slots=True)
class Inputs:
    """The engine's tables: persons, events, conditions and the area lookup (see ``areas``)."""

    persons: ir.Table
    events: ir.Table
    conditions: ir.Table
    areas: ir.Table


def filter_column(index: int) -> str:
    return f"rule_events_{index}"


def rule_counts(events: ir.Table, filters: Sequence[EventFilter]) -> ir.Table:
    """Per person with any such event: the number of events each of the rules' filters
    matches. Only the events some filter matches are grouped."""
    relevant = events.filter(_any_of([_matches(events, chosen) for chosen in filters]))
    return relevant.group_by("person_id").aggregate(
        **{
            filter_column(index): relevant.count(where=_matches(relevant, chosen))
            for index, chosen in enumerate(filters)
        }
    )


def _any_of(tests: Sequence[ir.BooleanValue]) -> ir.BooleanValue:
    combined = tests[0]
    for test in tests[1:]:
        combined = combined | test
    return combined


def _matches(events: ir.Table, chosen: EventFilter) -> ir.BooleanValue:
    import ibis

    test: ir.BooleanValue = ibis.literal(True)
    if chosen.settings is not None:
        test = events.setting_id.isin([setting_id(setting) for setting in chosen.settings])
    if chosen.condition is not None:
        wrapped = CODE_SEPARATOR + events.condition_codes + CODE_SEPARATOR
        test = test & wrapped.contains(f"{CODE_SEPARATOR}{chosen.condition}{CODE_SEPARATOR}")
    return test


def condition_bits() -> dict[str, int]:
    """Each recorded condition's bit in a person's condition mask (2 to the power of its
    position in the catalogue)."""
    return {condition.code: 2**index for index, condition in enumerate(catalogue().recorded)}


def condition_summary(conditions: ir.Table, period: Period) -> ir.Table:
    """Per person: ``condition_mask`` (the sum of the bits of the conditions present),
    ``ltc_count`` and ``cms_hundredths``.

    Records are reduced to distinct (person, bit) pairs first, so a condition recorded twice
    counts once and each sum is exact; the count and the score are sums over the same pairs, so
    the person table needs no column per condition (rules test conditions against the mask).
    """
    import ibis

    bits = condition_bits()
    cases = []
    for condition in catalogue().recorded:
        test = conditions.condition == condition.code
        earliest = present_from(condition, period)
        if earliest is not None:
            test = test & (conditions.recorded_on >= earliest)
        cases.append((test, ibis.literal(bits[condition.code], type="int64")))
    marked = conditions.select(
        person_id=conditions.person_id, bit=ibis.cases(*cases, else_=ibis.literal(0, "int64"))
    ).distinct()
    return marked.group_by("person_id").aggregate(
        condition_mask=marked.bit.sum(),
        ltc_count=marked.bit.substitute(counted_bits(bits), else_=0).sum(),
        cms_hundredths=marked.bit.substitute(weighted_bits(bits), else_=0).sum(),
    )


def person_table(inputs: Inputs, rules: Rules, period: Period) -> ir.Table:
    """Every person with their area, conditions, score, band and segment."""
    import ibis

    filters = rules.event_filters
    recorded = condition_summary(inputs.conditions, period)
    persons = inputs.persons.mutate(
        area_key=ibis.cases(
            (inputs.persons.district_code.notnull(), "D:" + inputs.persons.district_code),
            else_="C:" + inputs.persons.council_code,
        )
    )
    joined = persons.left_join(recorded, persons.person_id == recorded.person_id).left_join(
        inputs.areas, persons.area_key == inputs.areas.area_key
    )
    counted: dict[str, ir.Value] = {}
    if filters:
        counts = rule_counts(inputs.events, filters)
        joined = joined.left_join(counts, persons.person_id == counts.person_id)
        counted = {
            filter_column(index): joined[filter_column(index)].fill_null(0)
            for index in range(len(filters))
        }
    base = joined.select(
        person_id=persons.person_id,
        area_index=joined.area_index,
        system_code=joined.area_system_code,
        council_code=persons.council_code,
        age=persons.age,
        sex=persons.sex,
        deprivation_decile=persons.deprivation_decile,
        condition_mask=joined.condition_mask.fill_null(0),
        ltc_count=joined.ltc_count.fill_null(0).cast("int32"),
        cms_hundredths=joined.cms_hundredths.fill_null(0).cast("int32"),
        age_band=age_band_index_expression(persons.age),
        **counted,
    )
    return base.mutate(segment=segment_expression(base, rules))


def segment_expression(people: ir.Table, rules: Rules) -> ir.StringValue:
    """The first segment whose rule holds, else the last (catch-all) segment."""
    import ibis

    filters = rules.event_filters
    cases = [
        (_predicate(segment.when, people, filters), segment.code)
        for segment in rules.segments
        if segment.when is not None
    ]
    return ibis.cases(*cases, else_=rules.segments[-1].code)


def _predicate(
    criterion: Criterion, people: ir.Table, filters: Sequence[EventFilter]
) -> ir.BooleanValue:

    if isinstance(criterion, AnyOf | AllOf):
        parts = [_predicate(item, people, filters) for item in criterion.items]
        if isinstance(criterion, AnyOf):
            return _any_of(parts)
        combined = parts[0]
        for part in parts[1:]:
            combined = combined & part
        return combined
    if isinstance(criterion, Not):
        return ~_predicate(criterion.item, people, filters)
    if isinstance(criterion, Sex):
        return people.sex == criterion.sex
    if isinstance(criterion, HasCondition):
        bits = condition_bits()
        wanted = sum(bits[code] for code in set(criterion.codes))
        return (people.condition_mask & wanted) != 0
    if isinstance(criterion, Age):
        return _within(people.age, criterion.bounds, 1)
    if isinstance(criterion, Decile):
        # An unknown decile meets no bound.
        return _within(people.deprivation_decile, criterion.bounds, 1).fill_null(False)
    if isinstance(criterion, ConditionCount):
        return _within(people.ltc_count, criterion.bounds, 1)
    if isinstance(criterion, Score):
        return _within(people.cms_hundredths, criterion.bounds, 100)
    if isinstance(criterion, Events):
        column = people[filter_column(list(filters).index(criterion.filter))]
        return _within(column, criterion.bounds, 1)
    raise TypeError(f"unknown criterion {criterion!r}")


def _within(value: ir.IntegerValue, bounds: Bounds, scale: int) -> ir.BooleanValue:
    """Inclusive bounds on an integer column holding ``scale`` units per rule unit."""
    import ibis

    test: ir.BooleanValue = ibis.literal(True)
    if bounds.low is not None:
        test = test & (value >= math.ceil(bounds.low * scale))
    if bounds.high is not None:
        test = test & (value <= math.floor(bounds.high * scale))
    return test
