"""The published and metric comparison pages: the map coloured by the page's measure with the
chosen system and its peers outlined, and (published) the ranked bars with the system in orange,
each chart with a title, a source line and a text alternative that agree with the table."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient

from joinedup.benchmark import comparator_group
from joinedup.reference import system

KENT = "E54000032"


def _map(page: str) -> str:
    found = re.search(r'<figure class="map-figure">(.*?)</figure>', page, re.S)
    assert found is not None, "no map on the page"
    return found.group(1)


def _label(svg: str, role: str) -> str:
    found = re.search(rf'role="{role}" aria-label="([^"]+)"', svg)
    assert found is not None
    return html.unescape(found.group(1))


def _ranked_table(page: str) -> list[tuple[str, str, str]]:
    """(rank, system code, value) of each row of the page's table."""
    return re.findall(
        r'<td class="num">([^<]*)</td>\s*<td><a href="/systems/(E54\d{6})">[^<]*</a></td>\s*'
        r'<td class="num">([^<]*)</td>',
        page,
    )


def test_published_comparison_maps_the_chosen_system_and_its_peers(
    demo_client: TestClient,
) -> None:
    page = demo_client.get(
        "/compare/published/adult_social_care_gbp", params={"system": "Kent and Medway"}
    ).text
    svg = _map(page)
    assert len(re.findall(r'<a xlink:href="/systems/E54\d{6}"', svg)) == 42
    label = _label(svg, "group")
    assert label.startswith("Adult social care per head, 2024-25. Map of England's 42")
    peers = [system(code).short_name for code in comparator_group(KENT, 10)]
    assert f"Outlined: Kent and Medway and its nearest peers, {', '.join(peers)}." in label
    assert "black outline: the chosen system; orange: its 10 nearest peers" in svg
    assert "Open Government Licence" in svg and "Office for National Statistics" in svg
    # Each shape is named with its value as the table writes it.
    rows = {code: (rank, value) for rank, code, value in _ranked_table(page)}
    assert len(rows) == 42
    assert f'aria-label="Kent and Medway: {rows[KENT][1]}"' in svg
    assert '<input id="system" name="system" value="E54000032">' in page
    assert '<tr class="chosen" aria-current="true">' in page


def test_published_ranking_chart_picks_out_the_system_and_agrees_with_the_table(
    demo_client: TestClient,
) -> None:
    page = demo_client.get(
        "/compare/published/prevention_share", params={"system": KENT, "year": "2024-25"}
    ).text
    rows = _ranked_table(page)
    rank, _, value = next(row for row in rows if row[1] == KENT)
    bars = page.split('<figure class="map-figure">', 1)[1].split("</figure>", 2)[1]
    label = _label(bars, "img")
    assert label.startswith("Prevention share of the total, 2024-25. Bar chart of prevention")
    top = system(rows[0][1]).short_name
    assert f"Highest: {top}, {rows[0][2]}." in label
    assert f"Kent and Medway, in orange: {value}, ranked {rank} of 42." in label
    assert re.search(r"England, the dashed line: \d+\.\d%\.", label)
    assert 'fill="#ed8b00"' in bars  # the chosen bar
    assert ">Prevention share of the total, 2024-25</text>" in bars  # its title
    assert ">share of the total</text>" in bars  # the axis and its unit
    ticks = re.findall(r">(\d+(?:\.\d)?%)</text>", bars)  # percentages, not fractions
    assert len(ticks) >= 3 and len(set(ticks)) == len(ticks)  # and never the same twice
    assert "Source: NHS England, ICB allocations" in html.unescape(bars)
    assert f"Kent and Medway: {value}, ranked {rank} of 42" in page


def test_a_year_without_published_totals_is_no_data_on_map_and_chart(
    demo_client: TestClient,
) -> None:
    page = demo_client.get(
        "/compare/published/per_head_gbp", params={"year": "2022-23", "system": KENT}
    ).text
    assert "42 systems have no data" in _label(_map(page), "group")
    assert "for each system, highest first: no system has data." in html.unescape(page)
    assert "Kent and Medway: no data, not ranked" in page
    assert "in orange among the bars" not in page


def test_an_unknown_system_is_not_found(demo_client: TestClient) -> None:
    response = demo_client.get("/compare/published/per_head_gbp", params={"system": "Atlantis"})
    assert response.status_code == 404


def test_metric_comparison_maps_the_systems_values(demo_client: TestClient) -> None:
    page = demo_client.get(
        "/compare/metrics/discharge_usual_residence", params={"system": KENT}
    ).text
    svg = _map(page)
    assert len(re.findall(r'<a xlink:href="/systems/E54\d{6}"', svg)) == 42
    value = re.search(
        rf'href="/systems/{KENT}">Kent and Medway</a></td>\s*<td class="num">([\d.,]+)</td>', page
    )
    assert value is not None
    assert f'aria-label="Kent and Medway: {value.group(1)}%"' in svg
    label = _label(svg, "group")
    assert "coloured by Discharged to their usual place of residence (%)" in label
    assert "Outlined: Kent and Medway and its nearest peers" in label
    assert "Synthetic demonstration data" in svg
    assert "Source: NHS England, Better Care Fund metrics" in svg
