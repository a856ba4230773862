"""The map of the 42 systems: one linked shape each, coloured by the values given, no data
shown as no data, and a text alternative that says what the map shows."""

from __future__ import annotations

import re

import pytest

from joinedup.money import per_head
from joinedup.publish.maps import MapMeasure, description, map_svg
from joinedup.reference import systems

MEASURE = MapMeasure("spend per head", "£ per resident", per_head, ",.0f", "Source: a test")


@pytest.fixture(scope="module")
def values() -> dict[str, float | None]:
    found: dict[str, float | None] = {
        item.code: 2000.0 + index for index, item in enumerate(systems())
    }
    found["E54000008"] = None  # Cheshire and Merseyside: no data
    return found


@pytest.fixture(scope="module")
def svg(values: dict[str, float | None]) -> str:
    return map_svg(values, MEASURE, "Spend per head", chosen="E54000032", peers=["E54000034"])


def test_every_system_is_a_shape_linked_to_its_page(svg: str) -> None:
    links = re.findall(r'<a xlink:href="([^"]+)"', svg)
    assert sorted(links) == sorted(f"/systems/{item.code}" for item in systems())


def test_shapes_are_named_with_their_value_or_no_data(svg: str) -> None:
    assert 'aria-label="Cheshire and Merseyside: no data"' in svg
    assert re.search(r'aria-label="Kent and Medway: £2,\d{3}"', svg)


def test_map_has_title_legend_source_and_alternative(svg: str) -> None:
    assert svg.count("<svg") == 1
    assert "<title>Spend per head" in svg
    assert "£ per resident" in svg  # the legend's title
    assert "Open Government Licence" in svg and "Source: a test" in svg
    assert 'role="group"' in svg  # links stay reachable: not flattened into one image
    assert "vega.github.io" not in svg


def test_description_names_highest_lowest_missing_and_peers(
    values: dict[str, float | None],
) -> None:
    text = description(values, MEASURE, "E54000032", ["E54000034"])
    assert "42 integrated care systems" in text
    assert "1 system has no data." in text
    assert "Highest:" in text and "Lowest:" in text
    assert "Outlined: Kent and Medway and its nearest peers, Frimley." in text
