"""The scrutiny pack as a tagged PDF (PDF/UA-1): marked, with a structure tree, a title, a
language and every chart a figure with its text alternative; and an empty warehouse's pack, which
builds whole and says in each section what is missing."""

from __future__ import annotations

import ctypes
import re
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from joinedup.publish.reports import render_scrutiny_pack
from joinedup.warehouse import Warehouse, init
from tests.publish.essex_pack import AS_OF, ESSEX, essex_html, essex_pdf


@pytest.fixture(scope="module")
def empty(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Warehouse]:
    path = tmp_path_factory.mktemp("empty-pack") / "empty.duckdb"
    init(path)
    with Warehouse.open(path) as opened:
        yield opened


def _text(getter: Callable[..., int], element: Any) -> str:
    """A string attribute of a structure element (pdfium writes UTF-16LE with a final NUL)."""
    size = getter(element, None, 0)
    if size <= 2:
        return ""
    buffer = ctypes.create_string_buffer(size)
    getter(element, buffer, size)
    return buffer.raw[: size - 2].decode("utf-16-le")


def structure(document: pdfium.PdfDocument) -> list[tuple[int, str, str]]:
    """Every structure element of every page as (page, type, alternate text)."""
    found: list[tuple[int, str, str]] = []

    def walk(page: int, element: Any) -> None:
        found.append(
            (
                page,
                _text(pdfium_c.FPDF_StructElement_GetType, element),
                _text(pdfium_c.FPDF_StructElement_GetAltText, element),
            )
        )
        for index in range(pdfium_c.FPDF_StructElement_CountChildren(element)):
            child = pdfium_c.FPDF_StructElement_GetChildAtIndex(element, index)
            if child:
                walk(page, child)

    for number in range(len(document)):
        page = document[number]  # held: the tree is freed with its page
        tree = pdfium_c.FPDF_StructTree_GetForPage(page.raw)
        assert tree, f"page {number + 1} has no structure tree"
        for index in range(pdfium_c.FPDF_StructTree_CountChildren(tree)):
            walk(number, pdfium_c.FPDF_StructTree_GetChildAtIndex(tree, index))
        pdfium_c.FPDF_StructTree_Close(tree)
    return found


def language(document: pdfium.PdfDocument) -> str:
    size = pdfium_c.FPDFCatalog_GetLanguage(document.raw, None, 0)
    buffer = (ctypes.c_ushort * (size // 2))()
    pdfium_c.FPDFCatalog_GetLanguage(document.raw, buffer, size)
    return bytes(buffer)[: size - 2].decode("utf-16-le")


def xmp_metadata(pdf: bytes) -> str:
    """The document's XMP metadata (a compressed stream): where PDF/UA says it is PDF/UA."""
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, flags=re.DOTALL):
        try:
            text = zlib.decompress(stream).decode("utf-8", "replace")
        except zlib.error:
            text = stream.decode("latin-1")
        if "<x:xmpmeta" in text:
            return text
    raise AssertionError("the PDF has no XMP metadata")


def check_tagged(pdf: bytes, title: str) -> list[tuple[int, str, str]]:
    """Assert PDF/UA-1's document-level requirements; the structure elements for more."""
    document = pdfium.PdfDocument(pdf)
    assert pdfium_c.FPDFCatalog_IsTagged(document.raw), "MarkInfo /Marked true"
    assert language(document) == "en-GB"
    assert document.get_metadata_dict()["Title"] == title
    assert re.search(r"pdfuaid:part(>|=\")1", xmp_metadata(pdf)), "declares PDF/UA-1"
    return structure(document)


def test_the_pack_is_a_tagged_pdf_with_a_text_alternative_for_every_chart(
    demo_warehouse: Path,
) -> None:
    page, pdf = essex_html(demo_warehouse), essex_pdf(demo_warehouse)
    title = re.search(r"<title>(.*?)</title>", page)
    assert title is not None
    elements = check_tagged(pdf, title.group(1))
    kinds = {kind for _, kind, _ in elements}
    assert {"Document", "H1", "H2", "Table", "TH", "TD", "Caption", "L", "LI"} <= kinds
    figures = [alt for _, kind, alt in elements if kind == "Figure"]
    charts = re.findall(r'<svg[^>]*role="img" aria-label="([^"]+)"', page)
    assert len(charts) >= 3 and len(figures) == len(charts)
    for alt in figures:
        assert len(alt) > 40, f"a chart's alternate text says what it shows: {alt!r}"
    assert any("per head" in alt and "Essex" in alt for alt in figures)
    # Every page's content hangs from the tree, the first page's heading first.
    first = [kind for number, kind, _ in elements if number == 0]
    assert first.index("H1") < first.index("H2")


def test_an_empty_warehouses_pack_builds_whole_and_says_what_is_missing(
    empty: Warehouse,
) -> None:
    page = render_scrutiny_pack(empty, ESSEX, format="html", as_of=AS_OF)
    for missing in (
        "No published NHS allocations or council Revenue Outturn returns are loaded",
        "No spend is recorded in the joint ledger yet",
        "cannot be ranked against the other systems",
        "No shared metric has a value for Essex yet",
        "No linked person-level records have been segmented",
        "No decision in the registers that affects Essex",
    ):
        assert missing in page.replace("&#39;", "'"), missing
    # No section is a bare heading: each says something after it.
    for section in re.findall(r"<section\b.*?</section>", page, flags=re.DOTALL):
        after_heading = re.split(r"</h[12]>", section, maxsplit=1)[-1]
        assert re.search(r"<(p|table|ul|ol|dl)\b", after_heading), section[:200]
    pdf = render_scrutiny_pack(empty, ESSEX, format="pdf", as_of=AS_OF)
    elements = check_tagged(pdf, "Health and care in Essex: scrutiny pack")
    assert sum(kind == "H2" for _, kind, _ in elements) >= 8
    document = pdfium.PdfDocument(pdf)
    text = "".join(document[n].get_textpage().get_text_range() for n in range(len(document)))
    assert "No spend is recorded in the joint ledger yet" in " ".join(text.split())
