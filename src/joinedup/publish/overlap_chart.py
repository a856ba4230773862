"""The chart of boards that overlap: each Health and Wellbeing Board's members, split into those
who also sit on the system's Integrated Care Partnership and those who do not. It draws a
``governance.overlap.overlap`` record and computes nothing; :func:`overlap_text` is its text
alternative, for a screen reader and for anyone who cannot see the chart."""

from __future__ import annotations

from typing import Any

from joinedup.publish.charts import BLUE, GREY, SYNTHETIC_NOTE

SOURCE = "Source: JoinedUp governance registers, memberships current on {as_of}"
SEGMENTS = {"Also on the ICP": BLUE, "Only on the HWB": GREY}


def overlap_chart(record: dict[str, Any]) -> Any:
    """Stacked bars, one per HWB, of its members (people) by whether they sit on the ICP."""
    from joinedup.publish.chart_library import alt

    rows = [
        {"board": board["name"], "segment": segment, "people": board[key], "order": order}
        for board in record["by_hwb"]
        for order, (segment, key) in enumerate(
            (("Also on the ICP", "also_on_icp"), ("Only on the HWB", "only_on_hwb"))
        )
    ]
    subtitle = [SOURCE.format(as_of=record["as_of"])]
    if record.get("synthetic"):
        subtitle.append(SYNTHETIC_NOTE)
    boards = [board["name"] for board in record["by_hwb"]]
    return (
        alt.Chart({"values": rows})
        .mark_bar()
        .encode(
            y=alt.Y("board:N", sort=boards, title=None, axis=alt.Axis(labelLimit=320)),
            x=alt.X(
                "people:Q",
                stack="zero",
                title="Members (people)",
                axis=alt.Axis(tickMinStep=1, format="d"),
            ),
            color=alt.Color(
                "segment:N",
                title=None,
                scale=alt.Scale(domain=list(SEGMENTS), range=list(SEGMENTS.values())),
                legend=alt.Legend(orient="bottom"),
            ),
            order=alt.Order("order:Q"),
            tooltip=["board:N", "segment:N", "people:Q"],
        )
        .properties(
            title={
                "text": "Health and Wellbeing Board members who also sit on the ICP",
                "subtitle": subtitle,
            },
            width=420,
            height=alt.Step(24),
        )
    )


def overlap_text(record: dict[str, Any]) -> str:
    """The chart in words: each HWB's members and how many of them also sit on the ICP.

    >>> text = overlap_text({"by_hwb": [{"name": "Kent HWB", "members": 9, "also_on_icp": 2}],
    ...     "people_in_both_count": 2, "icp_members": 15, "as_of": "2025-03-01",
    ...     "organisations_in_both_count": 4})
    >>> text.split(". In all")[0]
    'Bar chart. Kent HWB: 9 members, 2 of them also on the ICP'
    """
    boards = "; ".join(
        f"{board['name']}: {board['members']} members, {board['also_on_icp']} of them also on "
        "the ICP"
        for board in record["by_hwb"]
    )
    return (
        f"Bar chart. {boards or 'No Health and Wellbeing Board is registered'}. In all, "
        f"{record['people_in_both_count']} of the ICP's {record['icp_members']} members sit on a "
        "Health and Wellbeing Board of the system, and "
        f"{record['organisations_in_both_count']} organisations are represented on both "
        f"(memberships current on {record['as_of']})."
    )
