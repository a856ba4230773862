"""The pack's workforce page: social care vacancies and turnover beside NHS vacancies for each of
the council's systems, against England, and a care worker's pay against NHS bands 2 and 3
(``workforce.system_workforce``). Rates of posts and staff, not counts of people, so nothing here
needs withholding; each figure is marked published or synthetic."""

from __future__ import annotations

from typing import Any

from joinedup.publish.reports import charts
from joinedup.publish.workforce_chart import (
    pay_chart,
    pay_text,
    workforce_chart,
    workforce_rows,
    workforce_text,
)
from joinedup.reference import Council
from joinedup.warehouse import Warehouse
from joinedup.workforce import system_workforce


def workforce_section(warehouse: Warehouse, member: Council) -> dict[str, Any] | None:
    """Each of the council's systems' workforce records, charts for its main system; None when
    no system has a single workforce figure loaded."""
    records = [system_workforce(warehouse, m.system_code) for m in member.systems]
    if not any(m["value"] is not None for record in records for m in record["measures"]):
        return None
    main = records[0]
    figures = []
    if workforce_rows(main):
        title = f"Health and care workforce: {main['name']} and England"
        figures.append(charts.figure(workforce_chart(main), title, workforce_text(main)))
    pay = main["pay"]
    if pay is not None:
        figures.append(
            charts.figure(
                pay_chart(pay, main["synthetic"]),
                "A care worker's pay against NHS bands 2 and 3",
                pay_text(pay),
            )
        )
    return {"systems": records, "pay": pay, "charts": figures}
