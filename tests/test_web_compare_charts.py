"""Comparison pages pick out the chosen system: ringed and named on the funnel plot, orange in
the ranked bars, outlined on the map with its nearest peers."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from joinedup.benchmark import comparator_group


def test_funnel_plot_rings_and_names_the_chosen_system(demo_client: TestClient) -> None:
    url = "/compare/metrics/discharge_usual_residence"
    plain = demo_client.get(url).text
    picked = demo_client.get(url, params={"system": "E54000032"}).text
    assert re.search(r'<text[^>]*font-weight="bold"[^>]*>Kent and Medway</text>', picked)
    assert not re.search(r'<text[^>]*font-weight="bold"[^>]*>Kent and Medway</text>', plain)
    assert '<input id="system" name="system" value="E54000032">' in picked  # the picker
    assert '<tr class="chosen" aria-current="true">' in picked


def test_spend_comparison_maps_the_chosen_system_and_its_peers(demo_client: TestClient) -> None:
    page = demo_client.get(
        "/compare/spend/prevention_share", params={"system": "Cheshire and Merseyside"}
    ).text
    svg = re.search(r'<figure class="map-figure">(.*?)</figure>', page, re.S)
    assert svg is not None
    links = re.findall(r'<a xlink:href="(/systems/E54\d{6})"', svg.group(1))
    assert len(links) == 42
    peers = comparator_group("E54000008", 10)
    label = re.search(r'role="group" aria-label="([^"]+)"', svg.group(1))
    assert label is not None
    assert "Outlined: Cheshire and Merseyside and its nearest peers" in label.group(1)
    assert len(peers) == 10
    assert "black outline: the chosen system; orange: its 10 nearest peers" in svg.group(1)
    # The ranked bars draw the chosen system in orange.
    assert 'fill="#ed8b00"' in page
