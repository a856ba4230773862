"""The workforce charts of a system: social care vacancies and turnover and NHS vacancies against
England, and a care worker's pay per hour against NHS bands 2 and 3. They draw a
``workforce.system_workforce`` record and compute nothing; :func:`workforce_text` and
:func:`pay_text` are their text alternatives."""

from __future__ import annotations

from typing import Any

from joinedup.publish.charts import BLUE, DARK_BLUE, GREY, SYNTHETIC_NOTE

AREA_COLOURS = (BLUE, GREY)


def _figure(value: Any) -> str:
    return "no data" if value is None else f"{value:.1f}%"


def _sources(record: dict[str, Any]) -> str:
    sources = dict.fromkeys(
        source
        for measure in record["measures"]
        for source in (measure["source"], measure["england_source"])
        if source
    )
    return "Source: " + ("; ".join(sources) if sources else "no figures loaded")


def workforce_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    """One bar per measure and area (the system, England), for measures with a figure."""
    rows = []
    for measure in record["measures"]:
        label = f"{measure['label']} ({measure['period']})"
        for area, key, status in (
            (record["name"], "value", "status"),
            ("England", "england", "england_status"),
        ):
            if measure[key] is not None:
                rows.append(
                    {
                        "measure": label,
                        "area": area,
                        "percent": measure[key],
                        "figures": measure[status],
                    }
                )
    return rows


def workforce_chart(record: dict[str, Any]) -> Any:
    """Grouped bars: each measure's rate for the system and for England, in per cent."""
    from joinedup.publish.chart_library import alt

    rows = workforce_rows(record)
    areas = [record["name"], "England"]
    subtitle = [_sources(record)]
    if record.get("synthetic"):
        subtitle.append(SYNTHETIC_NOTE)
    return (
        alt.Chart({"values": rows})
        .mark_bar()
        .encode(
            y=alt.Y("measure:N", title=None, sort=None, axis=alt.Axis(labelLimit=320)),
            yOffset=alt.YOffset("area:N", sort=areas),
            x=alt.X("percent:Q", title="Rate (% of posts; turnover: % of staff a year)"),
            color=alt.Color(
                "area:N",
                sort=areas,
                title=None,
                scale=alt.Scale(domain=areas, range=list(AREA_COLOURS)),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=["measure:N", "area:N", "percent:Q", "figures:N"],
        )
        .properties(
            title={
                "text": f"Health and care workforce: {record['name']} and England",
                "subtitle": subtitle,
            },
            width=420,
            height=alt.Step(14),
        )
    )


def workforce_text(record: dict[str, Any]) -> str:
    """The chart in words.

    >>> workforce_text({"name": "Kent", "measures": [{"label": "NHS vacancy rate",
    ...     "period": "2024-25", "value": 8.1, "england": 7.6, "status": "synthetic",
    ...     "level": "system"}]})
    'Bar chart. NHS vacancy rate, 2024-25: Kent 8.1% (synthetic), England 7.6%.'
    """
    parts = []
    for measure in record["measures"]:
        where = " for the NHS region" if measure.get("level") == "region" else ""
        status = f" ({measure['status']})" if measure["value"] is not None else ""
        parts.append(
            f"{measure['label']}, {measure['period'] or 'no year'}: {record['name']}{where} "
            f"{_figure(measure['value'])}{status}, England {_figure(measure['england'])}"
        )
    return "Bar chart. " + "; ".join(parts) + "."


def pay_chart(pay: dict[str, Any], synthetic: bool = False) -> Any:
    """Bars of pay per hour: a care worker's median, then each NHS band."""
    from joinedup.publish.chart_library import alt

    rows = [{"who": "Care worker (median)", "pounds": pay["care_worker_hourly_gbp"]}] + [
        {"who": band["band"], "pounds": band["hourly_gbp"]} for band in pay["bands"]
    ]
    subtitle = [
        f"Source: {pay['care_worker_source']}; {pay['bands'][0]['source']}" if pay["bands"] else "",
        "Published figures, England (the same for every system); basic pay only",
    ]
    if synthetic:
        subtitle.append("The pay figures are real even in the synthetic demonstration")
    return (
        alt.Chart({"values": rows})
        .mark_bar(color=DARK_BLUE)
        .encode(
            y=alt.Y("who:N", title=None, sort=None),
            x=alt.X("pounds:Q", title="Basic pay (£ an hour)", axis=alt.Axis(format=".2f")),
            tooltip=["who:N", alt.Tooltip("pounds:Q", format=".2f")],
        )
        .properties(
            title={
                "text": f"A care worker's pay against NHS bands 2 and 3, {pay['period']}",
                "subtitle": [line for line in subtitle if line],
            },
            width=420,
            height=alt.Step(22),
        )
    )


def pay_text(pay: dict[str, Any]) -> str:
    """The pay chart in words.

    >>> pay_text({"period": "2024-25", "care_worker_hourly_gbp": 12.0, "bands": [{"band":
    ...     "NHS band 2", "hourly_gbp": 12.08, "more_than_care_worker_per_hour_gbp": 0.08}]})
    ... # doctest: +ELLIPSIS
    "Bar chart of basic pay per hour, 2024-25: ..."
    >>> _.split(": ", 1)[1]
    "a care worker's median £12.00; NHS band 2 £12.08 (£0.08 more)."
    """
    from joinedup.money import per_head as pounds_and_pence

    bands = "; ".join(
        f"{band['band']} {pounds_and_pence(band['hourly_gbp'], pence=True)} "
        f"({pounds_and_pence(band['more_than_care_worker_per_hour_gbp'], pence=True)} more)"
        for band in pay["bands"]
    )
    care = pounds_and_pence(pay["care_worker_hourly_gbp"], pence=True)
    return (
        f"Bar chart of basic pay per hour, {pay['period']}: a care worker's median {care}; {bands}."
    )
