"""Charts of decisions and board time: a target metric's SPC chart around a decision, the share of
decided money aligned to the strategy, and the focus of board agendas over time.

Like :mod:`joinedup.publish.charts` they compute nothing (every number comes from the record of
:mod:`joinedup.governance.outcomes`, :mod:`~joinedup.governance.alignment` or
:func:`joinedup.governance.review.agenda_focus`), render offline, and each comes with a text
alternative for people who cannot see it (:func:`outcome_text`, :func:`alignment_text`,
:func:`agenda_text`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from joinedup.publish.charts import (
    BLUE,
    DARK_BLUE,
    GREY,
    ORANGE,
    SPECIAL_CAUSE_COLOURS,
    SYNTHETIC_NOTE,
)

if TYPE_CHECKING:
    from joinedup.governance.review import AgendaFocus

DECISIONS_SOURCE = "Source: the boards' decisions registers (JoinedUp)"
AGENDA_SOURCE = "Source: the boards' agendas, minutes allotted per item (JoinedUp registers)"
CLASS_COLOURS = {
    "strategic": DARK_BLUE,
    "transformational": BLUE,
    "operational": ORANGE,
    "statutory": GREY,
    "unclassified": "#d8dde0",
}


def _data(rows: list[dict[str, Any]]) -> Any:
    """Inline chart data (Altair's constructors are untyped)."""
    from joinedup.publish.chart_library import alt

    make: Any = alt.Data
    return make(values=rows)


def _colours(field: str, title: str, colours: dict[str, str]) -> Any:
    """The same colour for each category in every chart."""
    from joinedup.publish.chart_library import alt

    scale = alt.Scale(domain=list(colours), range=list(colours.values()))
    return alt.Color(f"{field}:N", title=title, scale=scale)


def _title(text: str, lines: list[str], synthetic: bool) -> dict[str, Any]:
    return {"text": text, "subtitle": [*lines, *([SYNTHETIC_NOTE] if synthetic else [])]}


def _percent(value: float | None) -> str:
    return "no data" if value is None else f"{value:.0%}"


def outcome_chart(outcome: dict[str, Any], decision: dict[str, Any], synthetic: bool) -> Any:
    """The SPC chart of one target metric (a ``governance.outcomes.metric_outcome`` record
    drawn with ``chart=True``): limits recalculated from the decision, which is marked."""
    from joinedup.publish.chart_library import alt

    points = outcome["points"]
    data = _data(points)
    x = alt.X("period:O", title="Period", sort=None, axis=alt.Axis(labelAngle=-45))
    y_title = f"{outcome['title']} ({outcome['unit']})"
    layers: list[Any] = [
        alt.Chart(data)
        .mark_line(color=GREY)
        .encode(x=x, y=alt.Y("value:Q", title=y_title, scale=alt.Scale(zero=False))),
        alt.Chart(data).mark_line(color=DARK_BLUE).encode(x=x, y="mean:Q", detail="phase:N"),
        alt.Chart(data)
        .mark_line(color=GREY, strokeDash=[4, 2])
        .encode(x=x, y="lower_limit:Q", detail="phase:N"),
        alt.Chart(data)
        .mark_line(color=GREY, strokeDash=[4, 2])
        .encode(x=x, y="upper_limit:Q", detail="phase:N"),
        alt.Chart(data)
        .mark_point(filled=True, size=45)
        .encode(
            x=x,
            y="value:Q",
            color=_colours("special_cause", "Special cause", SPECIAL_CAUSE_COLOURS),
            tooltip=["period:N", "value:Q", "special_cause:N", "phase:N"],
        ),
    ]
    if outcome.get("first_period_after"):
        mark = [{"period": outcome["first_period_after"], "label": f"Decision {decision['id']}"}]
        layers.append(alt.Chart(_data(mark)).mark_rule(color=ORANGE, strokeWidth=2).encode(x=x))
        layers.append(
            alt.Chart(_data(mark))
            .mark_text(align="left", baseline="top", dx=4, y=4, color=ORANGE, fontSize=11)
            .encode(x=x, text="label:N")
        )
    return alt.layer(*layers).properties(
        title=_title(
            f"{outcome['title']}: {outcome['verdict']} since decision {decision['id']}",
            [
                f"{outcome['area']}, {outcome['unit']}; limits recalculated from "
                f"{decision['date']}",
                "Source: shared metric values (JoinedUp warehouse); decisions register",
            ],
            synthetic,
        ),
        width=560,
        height=280,
    )


def outcome_text(outcome: dict[str, Any], decision: dict[str, Any]) -> str:
    """What the outcome chart shows, in words."""
    return (
        f"Statistical process control chart of {outcome['title']} ({outcome['unit']}) for "
        f"{outcome['area']}: {outcome['points_before']} points before decision "
        f"{decision['id']} of {decision['date']} and {outcome['points_after']} after, with the "
        f"limits recalculated from the decision. Verdict: {outcome['verdict']} "
        f"({outcome['reason']})."
    )


def alignment_chart(record: dict[str, Any]) -> Any:
    """Each financial year's decided £ split by the priority it serves, as shares (a
    ``governance.alignment.alignment`` record); what serves no priority is "not aligned"."""
    from joinedup.publish.chart_library import alt

    rows = []
    for year in record["by_year"]:
        for item in year["by_priority"].values():
            if item["share"]:
                rows.append({"year": year["year"], "serves": item["title"], "share": item["share"]})
        if year["aligned_share"] is not None:
            rows.append(
                {"year": year["year"], "serves": "not aligned", "share": 1 - year["aligned_share"]}
            )
    return (
        alt.Chart(_data(rows))
        .mark_bar()
        .encode(
            x=alt.X("year:O", title="Financial year", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("share:Q", title="Share of decided £ (%)", axis=alt.Axis(format="%")),
            color=alt.Color("serves:N", title="Priority served"),
            tooltip=["year:N", "serves:N", alt.Tooltip("share:Q", format=".0%")],
        )
        .properties(
            title=_title(
                f"{record['name']}: decided money by the strategy priority it serves",
                [DECISIONS_SOURCE],
                record.get("synthetic", False),
            ),
            width=420,
            height=260,
        )
    )


def alignment_text(record: dict[str, Any]) -> str:
    years = "; ".join(
        f"{year['year']}: {_percent(year['aligned_share'])} aligned" for year in record["by_year"]
    )
    return (
        f"Bar chart of the share of {record['name']}'s decided money serving at least one "
        f"priority of its integrated care strategy, by financial year. Overall "
        f"{_percent(record['aligned_share'])}. {years or 'No decided money recorded.'}"
    )


def agenda_chart(focus: AgendaFocus, name: str, synthetic: bool) -> Any:
    """Each quarter's board minutes by agenda class, as shares (an ``agenda_focus`` record)."""
    from joinedup.publish.chart_library import alt

    rows = [
        {"quarter": quarter.quarter, "class": kind, "share": share}
        for quarter in focus.quarters
        for kind, share in quarter.shares.items()
        if share
    ]
    return (
        alt.Chart(_data(rows))
        .mark_bar()
        .encode(
            x=alt.X("quarter:O", title="Financial quarter", axis=alt.Axis(labelAngle=-45)),
            y=alt.Y("share:Q", title="Share of board minutes (%)", axis=alt.Axis(format="%")),
            color=_colours("class", "Agenda item", CLASS_COLOURS),
            order=alt.Order("class:N"),
            tooltip=["quarter:N", "class:N", alt.Tooltip("share:Q", format=".0%")],
        )
        .properties(
            title=_title(
                f"{name}: board time, strategic or operational", [AGENDA_SOURCE], synthetic
            ),
            width=420,
            height=240,
        )
    )


def agenda_text(focus: AgendaFocus, name: str) -> str:
    shares, trend = focus.shares, focus.trend_pp_per_quarter
    quarters = focus.quarters
    if not quarters:
        return f"No timed agenda items are recorded for {name}'s ICB board."

    def moving(kind: str) -> str:
        value = trend.get(kind)
        return "no trend" if value is None else f"{value:+.1f} points a quarter"

    return (
        f"Stacked bar chart of {name}'s ICB board minutes by agenda class over "
        f"{len(quarters)} quarters ({quarters[0].quarter} to {quarters[-1].quarter}): "
        f"strategic {_percent(shares.get('strategic'))} ({moving('strategic')}), operational "
        f"{_percent(shares.get('operational'))} ({moving('operational')})."
    )
