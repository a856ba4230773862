"""An empty warehouse's pack says what is missing, never a finding it cannot know (no boards
registered is not "no member on the board"), and its contents are numbered as its headings."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from joinedup.publish.reports import render_scrutiny_pack
from joinedup.warehouse import Warehouse, init


def text_of(page: str) -> str:
    page = re.sub(r"<(style|svg)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", page).replace("&#39;", "'").split())


def contents_and_headings(page: str) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    listed = page.split('id="contents"', 1)[1].split("</ol>", 1)[0]
    anchors = re.findall(r'<a href="#([a-z]+)">', listed)
    contents = list(enumerate(anchors, start=1))
    headings = [
        (int(number), section)
        for section, number in re.findall(r'<h2 id="([a-z]+)-title">(\d+)\. ', page)
    ]
    return contents, headings


@pytest.fixture(scope="module")
def empty_pack(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("empty") / "empty.duckdb"
    init(path)
    with Warehouse.open(path) as warehouse:
        return render_scrutiny_pack(warehouse, "Essex", format="html")


def test_no_board_registered_is_said_as_such(empty_pack: str) -> None:
    shown = text_of(empty_pack)
    assert "has no member on the ICB board" not in shown
    assert "Other councils of the system without a member" not in shown
    assert (
        "No ICB board of NHS Mid and South Essex ICB, NHS Suffolk and North East Essex ICB and "
        "NHS Hertfordshire and West Essex ICB is registered, so Essex's seats on it cannot be "
        "shown." in shown
    )


def test_the_contents_are_numbered_as_the_headings(empty_pack: str) -> None:
    contents, headings = contents_and_headings(empty_pack)
    assert contents == headings == [(1, "outcomes"), (2, "decisions"), (3, "boards")]


def test_a_full_pack_is_numbered_as_its_headings_too(demo_warehouse: Path) -> Any:
    with Warehouse.open(demo_warehouse) as warehouse:
        page = render_scrutiny_pack(warehouse, "Kent", format="html")
    contents, headings = contents_and_headings(page)
    assert contents == headings
    assert [section for _, section in headings][:3] == ["spend", "peers", "outcomes"]
