"""Attribution: people, cost and activity by system, place, council and segment.

Written once as ibis expressions. Everything is first summed at the finest grain anyone asks for
(system, council, segment, age band, sex, deprivation decile): the *cube*, small enough to keep (a
few thousand rows per system). Each person is given the number of their *cell* of the cube
(:func:`cell_expression`); people are counted by cell, and each event is joined to its person's
cell and summed there by setting, so costs and activity are never summed person by person. Every
figure is then a roll-up of the cube:

* ``place``: one system's part of one council (a place-based partnership usually follows a
  council's boundary, and the reference data has no other list of places);
* ``system``: a whole system; ``council``: a whole council, across the systems it sits in.

Costs are summed as whole pence, so the costs of every level add up exactly to the events' total.
Shares (the segment's share of the area's people and of its cost) and rates (activity per 1,000
people) are divisions of those integers, computed the same way on every engine.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from joinedup.population.events import setting_id
from joinedup.population.events import settings as setting_kinds
from joinedup.population.persons import SEXES, age_band_label_expression
from joinedup.reference import AGE_BANDS

if TYPE_CHECKING:
    import ibis.expr.types as ir

#: The grain of the cube (``age_band`` is the band's position in ``AGE_BANDS``).
CUBE_KEYS: tuple[str, ...] = (
    "system_code",
    "council_code",
    "segment",
    "age_band",
    "sex",
    "deprivation_decile",
)
#: The areas figures are given for, and the columns that name them.
LEVELS: dict[str, tuple[str, ...]] = {
    "place": ("system_code", "council_code"),
    "system": ("system_code",),
    "council": ("council_code",),
}
#: The breakdowns of each segment's people and cost.
DIMENSIONS: tuple[str, ...] = ("age_band", "sex", "deprivation_decile")
UNKNOWN = "unknown"


def setting_column(setting: str) -> str:
    return f"events_{setting}"


def measures(settings: Sequence[str]) -> list[str]:
    """The sums of events every attribution carries, in a fixed order."""
    return [
        "cost_in_hospital_pence",
        "cost_out_of_hospital_pence",
        *(setting_column(setting) for setting in settings),
    ]


#: Deprivation deciles 1 to 10, and 0 for unknown.
_DECILE_SLOTS = 11


def cell_expression(people: ir.Table, segments: Sequence[str]) -> ir.IntegerValue:
    """The number of each person's cell of the cube: one integer per combination of area
    (``area_index``, which fixes system and council), segment, age band, sex and decile.

    Every part is a small whole number in a known range, with a slot of its own for anything
    unknown, so the mixed-radix sum is unique to the combination on every engine, and events are
    summed by one integer key rather than six. The area is the exception: a person whose area is
    not in the lookup (the loader lets none through) has no cell, so their events reach no cell,
    and :func:`~joinedup.population.runs.analyse` stops when costs do not add up.
    """
    segment = people.segment.substitute(
        {code: index for index, code in enumerate(segments)}, else_=len(segments)
    )
    sex = people.sex.substitute({code: index for index, code in enumerate(SEXES)}, else_=len(SEXES))
    band = people.age_band.clip(lower=0, upper=len(AGE_BANDS) - 1).fill_null(len(AGE_BANDS))
    decile = people.deprivation_decile.fill_null(0)
    cell = people.area_index.cast("int64")
    cell = cell * (len(segments) + 1) + segment
    cell = cell * (len(AGE_BANDS) + 1) + band
    cell = cell * (len(SEXES) + 1) + sex
    return cell * _DECILE_SLOTS + decile


def cube(people: ir.Table, events: ir.Table, settings: Sequence[str]) -> ir.Table:
    """People and the sums of every measure at the finest grain.

    ``people`` has each person's ``cell`` (see :func:`cell_expression`) and the cube's keys; it
    is read twice, so engines should be given it cached.
    """
    cells = people.group_by(["cell", *CUBE_KEYS]).aggregate(
        people=people.count(),
        ltc_total=people.ltc_count.sum(),
        cms_total_hundredths=people.cms_hundredths.sum(),
        multimorbid_people=people.person_id.count(where=people.ltc_count >= 2),
    )
    placed = events.select("person_id", "setting_id", "cost_pence").join(
        people.select("person_id", "cell"), "person_id"
    )
    activity = placed.group_by(["cell", "setting_id"]).aggregate(
        events=placed.count(), cost_pence=placed.cost_pence.sum()
    )
    # Every in-hospital setting of the taxonomy, so an event's side never depends on ``settings``.
    inside = [setting_id(s) for s, in_hospital in setting_kinds().items() if in_hospital]
    in_hospital = activity.setting_id.isin(inside)
    by_cell = activity.group_by("cell").aggregate(
        cost_in_hospital_pence=activity.cost_pence.sum(where=in_hospital),
        cost_out_of_hospital_pence=activity.cost_pence.sum(where=~in_hospital),
        **{
            setting_column(s): activity.events.sum(where=activity.setting_id == setting_id(s))
            for s in settings
        },
    )
    joined = cells.left_join(by_cell, cells.cell == by_cell.cell)
    aggregates: dict[str, ir.Value] = {"people": joined.people.sum()}
    for name in measures(settings):
        aggregates[name] = joined[name].fill_null(0).sum()
    for name in ("ltc_total", "cms_total_hundredths", "multimorbid_people"):
        aggregates[name] = joined[name].sum()
    return joined.group_by(list(CUBE_KEYS)).aggregate(**aggregates)


def level_totals(cubed: ir.Table, level: str, settings: Sequence[str]) -> ir.Table:
    """One row per area of ``level`` and segment, with shares of the area and rates."""
    import ibis

    keys = list(LEVELS[level])
    sums = ["people", *measures(settings), "ltc_total", "cms_total_hundredths"]
    sums.append("multimorbid_people")
    grouped = cubed.group_by([*keys, "segment"]).aggregate(
        **{name: cubed[name].sum() for name in sums}
    )
    cost = grouped.cost_in_hospital_pence + grouped.cost_out_of_hospital_pence
    inside = [s for s in settings if setting_kinds()[s]]
    outside = [s for s in settings if not setting_kinds()[s]]
    area_people = grouped.people.sum().over(group_by=[grouped[key] for key in keys])
    area_cost = cost.sum().over(group_by=[grouped[key] for key in keys])
    return grouped.select(
        level=ibis.literal(level),
        system_code=grouped.system_code if "system_code" in keys else ibis.null("string"),
        council_code=grouped.council_code if "council_code" in keys else ibis.null("string"),
        segment=grouped.segment,
        people=grouped.people,
        cost_in_hospital_pence=grouped.cost_in_hospital_pence,
        cost_out_of_hospital_pence=grouped.cost_out_of_hospital_pence,
        cost_pence=cost,
        events_in_hospital=_total(grouped, inside),
        events_out_of_hospital=_total(grouped, outside),
        share_of_people=grouped.people / area_people,
        share_of_cost=cost / area_cost.nullif(0),
        cost_per_head=cost / grouped.people / 100,
        ltc_total=grouped.ltc_total,
        cms_total_hundredths=grouped.cms_total_hundredths,
        multimorbid_people=grouped.multimorbid_people,
        **{setting_column(s): grouped[setting_column(s)] for s in settings},
        **{f"per_1000_{s}": grouped[setting_column(s)] * 1000 / grouped.people for s in settings},
    )


def _total(table: ir.Table, settings: Sequence[str]) -> ir.IntegerValue:
    import ibis

    total: ir.IntegerValue = ibis.literal(0, type="int64")
    for setting in settings:
        total = total + table[setting_column(setting)]
    return total


def breakdown(cubed: ir.Table, level: str, dimension: str) -> ir.Table:
    """People and cost of each segment of each area by one dimension's bands."""
    import ibis

    if dimension not in DIMENSIONS:
        raise ValueError(f"dimension must be one of {', '.join(DIMENSIONS)}")
    keys = list(LEVELS[level])
    if dimension == "age_band":
        band = age_band_label_expression(cubed.age_band)
    else:
        band = cubed[dimension].cast("string").fill_null(UNKNOWN)
    grouped = (
        cubed.mutate(band=band)
        .group_by([*keys, "segment", "band"])
        .aggregate(
            people=cubed.people.sum(),
            cost_in_hospital_pence=cubed.cost_in_hospital_pence.sum(),
            cost_out_of_hospital_pence=cubed.cost_out_of_hospital_pence.sum(),
        )
    )
    return grouped.select(
        level=ibis.literal(level),
        system_code=grouped.system_code if "system_code" in keys else ibis.null("string"),
        council_code=grouped.council_code if "council_code" in keys else ibis.null("string"),
        segment=grouped.segment,
        dimension=ibis.literal(dimension),
        band=grouped.band,
        people=grouped.people,
        cost_in_hospital_pence=grouped.cost_in_hospital_pence,
        cost_out_of_hospital_pence=grouped.cost_out_of_hospital_pence,
    )
