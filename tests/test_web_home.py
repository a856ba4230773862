"""The home page people open first: a map of the 42 systems, each linked, coloured by a chosen
measure; England's headline figures labelled published or synthetic; a search that works
without JavaScript and escapes what it is given."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from joinedup.reference import systems


def _map(page: str) -> str:
    found = re.search(r'<figure class="map-figure">(.*?)</figure>', page, re.S)
    assert found, "no map on the page"
    return found.group(1)


def test_home_page_has_a_map_of_42_linked_systems(demo_client: TestClient) -> None:
    page = demo_client.get("/").text
    svg = _map(page)
    assert svg.count("<svg") == 1 and 'role="group"' in svg
    links = re.findall(r'<a xlink:href="(/systems/E54\d{6})"', svg)
    assert sorted(links) == sorted(f"/systems/{item.code}" for item in systems())
    assert "<title>NHS and council money per head, 2024-25" in svg
    assert "Open Government Licence" in svg  # source line of the boundaries
    assert "£ per resident" in svg  # the legend's title


def test_home_page_headline_figures_are_labelled(demo_client: TestClient) -> None:
    page = demo_client.get("/").text
    section = page[page.index('id="headline-heading"') : page.index('id="map-heading"')]
    assert "Published, 2024-25" in section and '<span class="badge">published</span>' in section
    assert re.search(r"<dt>NHS and council money</dt><dd>£\d+\.\dbn</dd>", section)
    assert '<span class="badge synthetic">synthetic</span>' in section
    assert re.search(r"<dt>Joint NHS and council spend</dt><dd>£\d+\.\dbn</dd>", section)


def test_map_measure_picker(demo_client: TestClient) -> None:
    page = demo_client.get("/", params={"measure": "ledger:prevention_share"}).text
    svg = _map(page)
    assert "<title>Prevention share of spend, " in svg
    assert "Synthetic demonstration data" in svg
    assert '<option value="ledger:prevention_share" selected>' in page
    assert re.search(r'aria-label="Kent and Medway: \d+\.\d%"', svg)
    # An unknown measure falls back to the default rather than failing.
    fallback = demo_client.get("/", params={"measure": "nonsense"})
    assert fallback.status_code == 200
    assert "<title>NHS and council money per head, 2024-25" in fallback.text


def test_home_page_without_figures_still_maps_every_system() -> None:
    from joinedup.web.app import create_app

    page = TestClient(create_app(None)).get("/").text
    assert len(re.findall(r'<a xlink:href="/systems/E54', _map(page))) == 42
    assert "42 systems have no data" in page


def test_search_finds_councils_systems_and_places(demo_client: TestClient) -> None:
    page = demo_client.get("/search", params={"q": "Kent"}).text
    assert '<a href="/councils/E10000016">Kent</a>' in page
    assert '<a href="/systems/E54000032">Kent and Medway</a>' in page
    page = demo_client.get("/search", params={"q": "cheshire and merseyside"}).text
    assert '<a href="/systems/E54000008">Cheshire and Merseyside</a>' in page
    place = demo_client.get("/search", params={"q": "Maidstone"}).text
    assert '<a href="/councils/E10000016">Maidstone</a>' in place  # a district: its council


def test_search_escapes_hostile_input(demo_client: TestClient) -> None:
    hostile = '"><script>alert(1)</script>'
    response = demo_client.get("/search", params={"q": hostile})
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert "0 results" in response.text
    sql = demo_client.get("/search", params={"q": "Kent' OR 1=1 --"})
    assert sql.status_code == 200 and "0 results" in sql.text


def test_search_api(demo_client: TestClient) -> None:
    found = demo_client.get("/api/v1/search", params={"q": "QYG"}).json()
    assert found[0] == {
        "kind": "system",
        "code": "E54000008",
        "name": "Cheshire and Merseyside",
        "context": "North West",
        "url": "/systems/E54000008",
    }
    assert demo_client.get("/api/v1/search", params={"q": "x" * 101}).status_code == 422
    assert demo_client.get("/api/v1/search", params={"q": ""}).status_code == 422
    schema = demo_client.get("/api/v1/openapi.json").json()
    assert "SearchResult" in schema["components"]["schemas"]


def test_home_page_has_the_search_form(demo_client: TestClient) -> None:
    page = demo_client.get("/").text
    assert '<form method="get" action="/search" role="search"' in page
