"""Persons: one row per pseudonymous person, in the form every engine reads.

Columns (after loading): ``person_id`` (text, the system's pseudonym), ``age`` (whole years on
the period's last day), ``sex`` (``female``, ``male`` or ``unknown``), ``council_code`` (the
upper-tier council of residence), ``district_code`` (local authority district, or NULL),
``deprivation_decile`` (1 = most deprived tenth of England's small areas, NULL if unknown),
``practice_code`` (registered GP practice, or NULL) and ``nhs_number_hash`` (the salted hash of the
NHS number, or NULL; the number itself is never kept).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from joinedup.reference import AGE_BANDS

if TYPE_CHECKING:
    import ibis.expr.types as ir
    import pyarrow as pa

SEXES: tuple[str, ...] = ("female", "male", "unknown")
MAX_AGE = 120
DECILES: tuple[int, ...] = tuple(range(1, 11))


def schema() -> pa.Schema:
    import pyarrow as pa

    return pa.schema(
        [
            ("person_id", pa.string()),
            ("age", pa.int32()),
            ("sex", pa.string()),
            ("council_code", pa.string()),
            ("district_code", pa.string()),
            ("deprivation_decile", pa.int32()),
            ("practice_code", pa.string()),
            ("nhs_number_hash", pa.string()),
        ]
    )


def age_band(age: int) -> str:
    """The five-year band (Census 2021, :data:`~joinedup.reference.AGE_BANDS`) of an age.

    >>> age_band(0), age_band(64), age_band(90), age_band(104)
    ('0-4', '60-64', '90+', '90+')
    """
    return AGE_BANDS[min(age // 5, len(AGE_BANDS) - 1)]


def age_band_index_expression(age: ir.IntegerValue) -> ir.IntegerValue:
    """The position of :func:`age_band` in :data:`~joinedup.reference.AGE_BANDS`, as an ibis
    expression (arithmetic, so far cheaper on millions of rows than comparing bands)."""
    return (age // 5).clip(upper=len(AGE_BANDS) - 1)


def age_band_label_expression(index: ir.IntegerValue) -> ir.StringValue:
    """The band's label from its position, for the few rows of a summary."""
    import ibis

    return ibis.cases(*((index == position, band) for position, band in enumerate(AGE_BANDS)))
