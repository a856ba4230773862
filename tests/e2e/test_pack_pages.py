"""Each page of a council's scrutiny pack, downloaded from the served demo as a councillor would
and drawn to test-artifacts/screenshots/pack-page-N.png, read back with pdfium: the contents
list numbers the sections as their headings do, every chart's text alternative is on the page
that draws it beside its caption, and every page says the figures are synthetic."""

from __future__ import annotations

import html
import re
import urllib.request
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from tests.e2e.support import SCREENSHOTS
from tests.publish.test_pack_accessibility import structure

KENT = "E10000016"
BANNER = "Synthetic demonstration data: not real figures for Kent, except those marked published"
HEADING = re.compile(r"^(\d+)\. (\S.*)$", re.MULTILINE)


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=300) as response:  # a pack takes seconds to lay out
        body: bytes = response.read()
        return body


def _words(text: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


@pytest.fixture(scope="module")
def pack(served_demo: str) -> tuple[bytes, str]:
    """Kent's pack as PDF and as its web page, from `joinedup serve` on the demo."""
    pdf = _get(f"{served_demo}/councils/{KENT}/scrutiny-pack.pdf")
    page = _get(f"{served_demo}/councils/{KENT}/scrutiny-pack.html").decode("utf-8")
    return pdf, page


@pytest.fixture(scope="module")
def pages(pack: tuple[bytes, str]) -> list[str]:
    """Each page's text; each page drawn to a screenshot on the way."""
    document = pdfium.PdfDocument(pack[0])
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob("pack-page-*.png"):
        old.unlink()  # a shorter pack leaves no stale page behind
    texts = []
    for number in range(len(document)):
        page = document[number]
        image = page.render(scale=2).to_pil()
        image.save(SCREENSHOTS / f"pack-page-{number + 1}.png")
        texts.append(page.get_textpage().get_text_range().replace("\r\n", "\n"))
    return texts


def test_each_page_is_drawn_and_says_it_is_synthetic(pages: list[str]) -> None:
    from PIL import Image

    assert len(pages) >= 8
    for number, text in enumerate(pages, 1):
        shot = Path(SCREENSHOTS / f"pack-page-{number}.png")
        with Image.open(shot) as image:
            assert image.size[0] > 1000 and image.size[1] > image.size[0]  # A4, upright
            # Not a blank sheet: a good part of the page is ink.
            ink = sum(
                count for value, count in enumerate(image.convert("L").histogram()) if value < 200
            )
            assert ink > 0.01 * image.size[0] * image.size[1], f"page {number} is nearly blank"
        words = " ".join(text.split())
        assert BANNER in words, f"page {number} lacks the synthetic banner"
        assert f"Page {number} of {len(pages)}" in words
    front = " ".join(pages[0].split())
    assert "Synthetic demonstration data, generated to show how JoinedUp works" in front
    assert "Published figures: real, not synthetic" in " ".join(pages[1].split())


def test_the_contents_list_numbers_the_sections_as_their_headings_do(pages: list[str]) -> None:
    front = pages[0]
    listed = front.split("\nContents\n", 1)[1].split("\nAbout the figures\n", 1)[0]
    contents = " ".join(re.findall(r"[\w']+", listed))  # words only: entries wrap over lines
    # The list's numbers are drawn as markers, which pdfium reads after the page's text.
    markers = [int(number) for number in re.findall(r"^(\d+)\. *$", front, re.MULTILINE)]
    headings = [
        (int(number), title) for text in pages[1:] for number, title in HEADING.findall(text)
    ]
    assert markers == list(range(1, len(markers) + 1)) and len(markers) >= 6
    assert [number for number, _ in headings] == markers, headings
    # Entry k of the contents is heading k: each heading's first words, in order.
    position = -1
    for number, title in headings:
        start = " ".join(re.findall(r"[\w']+", title)[:3])
        found = contents.find(start, position + 1)
        assert found > position, f"heading {number} ({title!r}) is not entry {number}: {contents}"
        position = found
    assert headings[0][1].startswith("Spending in Kent")


def test_every_chart_has_its_text_alternative_beside_its_caption(
    pack: tuple[bytes, str], pages: list[str]
) -> None:
    pdf, page = pack
    drawn = re.findall(
        r'<figure>\s*<svg[^>]*aria-label="([^"]+)".*?<figcaption>(.*?)</figcaption>', page, re.S
    )
    assert len(drawn) >= 5
    figures = [
        (number, alt)
        for number, kind, alt in structure(pdfium.PdfDocument(pdf))
        if kind == "Figure"
    ]
    assert [" ".join(alt.split()) for _, alt in figures] == [_words(label) for label, _ in drawn]
    for (number, alt), (_, caption) in zip(figures, drawn, strict=True):
        assert len(alt) > 40, alt
        # The caption printed on the same page as the chart whose alternative it is.
        on_page = " ".join(pages[number].split())
        assert _words(caption)[:60] in on_page, (number + 1, _words(caption))
