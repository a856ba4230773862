"""A council's page maps its boundary within the systems it belongs to, each system a link."""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient

from joinedup.reference import council, system
from joinedup.web.app import create_app


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(None))  # the map needs only the shipped boundaries


def _figure(page: str) -> str:
    found = re.search(r'<figure class="council-map">(.*?)</figure>', page, re.S)
    assert found is not None, "no council map on the page"
    return found.group(1)


def test_a_split_council_is_outlined_within_each_of_its_systems(client: TestClient) -> None:
    page = client.get("/councils/North Yorkshire").text
    figure = _figure(page)
    members = council("E06000065").systems
    assert len(members) == 3
    links = re.findall(r'<a xlink:href="(/systems/E54\d{6})"', figure)
    assert sorted(links) == sorted(f"/systems/{member.system_code}" for member in members)
    found = re.search(r'role="group" aria-label="([^"]+)"', figure)
    assert found is not None
    label = html.unescape(found.group(1))
    assert label.startswith("North Yorkshire within its 3 integrated care systems. Map of")
    for member in members:
        name = system(member.system_code).short_name
        share = f"{member.population_share:.1%}"
        assert f"{name} ({share} of its residents)" in label
        # Each shape is named for screen readers, and the key says the same under the map.
        named = f'aria-label="{name}: {share} of the council\'s residents; open its page"'
        assert named in html.unescape(figure)
        assert f">{name}: {share} of residents</text>" in figure
    # The share in the page's table is the one the map gives.
    assert "90.8%" in label and ">90.8%</td>" in page
    assert 'stroke="#212b32"' in figure  # the council's outline
    words = " ".join(re.findall(r">([^<>]+)</t(?:ext|span)>", figure))
    assert "Boundaries: Source: Office for National Statistics licensed under the Open" in words
    assert "Contains OS data" in words
    assert "within the integrated care systems it belongs to" in figure


def test_a_council_in_one_system_links_only_that_system(client: TestClient) -> None:
    figure = _figure(client.get("/councils/E10000016").text)
    assert re.findall(r'<a xlink:href="(/systems/E54\d{6})"', figure) == ["/systems/E54000032"]
    assert "Kent within its integrated care system. Map of Kent&#x27;s boundary" in figure
    assert ">Kent and Medway: 100.0% of residents</text>" in figure
    assert "within the integrated care system it belongs to" in figure
