"""The planner's chart: the path from today's prevention share to +1 percentage point in five
years, with the £ to move each year. It draws a ``priorities.planner.plan`` record and computes
nothing; :func:`path_text` is its text alternative."""

from __future__ import annotations

from typing import Any

from joinedup.money import money
from joinedup.publish.charts import BLUE, ORANGE, SYNTHETIC_NOTE

SOURCE = "Source: JoinedUp joint ledger, {year} (total joint spend held at its {year} level)"


def path_chart(record: dict[str, Any]) -> Any:
    """Today's prevention share and each year's target as a line, percent of total joint spend."""
    from joinedup.publish.chart_library import alt

    rows = [
        {
            "year": record["financial_year"],
            "share": record["prevention_share"],
            "point": "today",
            "gbp": float(record["prevention_spend"]),
        }
    ] + [
        {
            "year": row["financial_year"],
            "share": row["target_share"],
            "point": "target",
            "gbp": float(row["prevention_gbp"]),
        }
        for row in record["path"]
    ]
    subtitle = [SOURCE.format(year=record["financial_year"])]
    if record.get("synthetic"):
        subtitle.append(SYNTHETIC_NOTE)
    x = alt.X("year:O", title="Financial year", sort=None, axis=alt.Axis(labelAngle=0))
    y = alt.Y(
        "share:Q",
        title="Prevention, % of total joint spend",
        axis=alt.Axis(format=".1%"),
        scale=alt.Scale(zero=False),
    )
    line = alt.Chart({"values": rows}).mark_line(color=BLUE).encode(x=x, y=y)
    points = (
        alt.Chart({"values": rows})
        .mark_point(filled=True, size=70)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "point:N",
                title=None,
                scale=alt.Scale(domain=["today", "target"], range=[ORANGE, BLUE]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=["year:N", alt.Tooltip("share:Q", format=".2%"), "gbp:Q"],
        )
    )
    return alt.layer(line, points).properties(
        title={
            "text": f"{record['name']}: the path to +1 percentage point in prevention",
            "subtitle": subtitle,
        },
        width=480,
        height=260,
    )


def path_text(record: dict[str, Any]) -> str:
    """The chart in words.

    >>> path_text({"name": "X", "financial_year": "2024-25", "prevention_share": 0.05,
    ...     "gbp_for_1pp": 1_000_000, "path": [{"financial_year": "2029-30",
    ...     "target_share": 0.06, "move_this_year_gbp": 200_000}]})  # doctest: +ELLIPSIS
    'Line chart. X: prevention was 5.0% of total joint spend in 2024-25; ... 6.0% in 2029-30...'
    """
    steps = "; ".join(
        f"{row['target_share']:.1%} in {row['financial_year']}" for row in record["path"]
    )
    yearly = money(record["path"][0]["move_this_year_gbp"]) if record["path"] else money(None)
    share = record["prevention_share"]
    return (
        f"Line chart. {record['name']}: prevention was "
        f"{'not known' if share is None else f'{share:.1%}'} of total joint spend in "
        f"{record['financial_year']}; the path to one percentage point more: {steps}, "
        f"moving {yearly} a year, {money(record['gbp_for_1pp'])} in all."
    )
