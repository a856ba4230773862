"""Drawing a pack record as accessible HTML (Jinja2) and as an A4 PDF (WeasyPrint).

The HTML is self-contained (styles and charts inline), so the same text is the web page, the
file a clerk emails, and the PDF's source.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from joinedup.publish.drawings import drawn
from joinedup.publish.reports import warm, words


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("joinedup.publish", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        money=words.money,
        per_head=words.per_head,
        percent=words.percent,
        points=words.points,
        ordinal=words.ordinal,
        rank=words.rank_words,
        count=words.count,
        value=words.value,
        decision_type=words.decision_type,
        names=words.names,
        net_value=words.net_value,
        net=words.net,
        day=day,
        css_string=css_string,
        # Charts are SVG from vl-convert with escaped text alternatives, never user input.
        svg=Markup,
    )
    return env


def day(value: date | str | None) -> str:
    """A date as people write it.

    >>> day(date(2023, 5, 24))
    '24 May 2023'
    """
    if value is None:
        return "not recorded"
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return f"{value.day} {value:%B %Y}"


def css_string(text: str) -> Markup:
    """Text as a quoted CSS string (for page headers and footers), safe inside ``<style>``.

    >>> str(css_string('say "hi" </style>'))
    '"say \\\\"hi\\\\" \\\\3c /style>"'
    """
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    # Markup: autoescaping would turn the quotes into entities, which CSS does not read.
    return Markup('"' + escaped.replace("<", "\\3c ") + '"')


def render_html(record: dict[str, Any]) -> str:
    return environment().get_template("scrutiny/pack.html").render(pack=record)


def render_pdf(page: str) -> bytes:
    """The HTML as an A4 PDF; nothing is fetched from a network (everything is inline).

    Tagged for PDF/UA-1: a screen reader follows its headings, lists and tables, each chart is a
    figure whose alternate text is the SVG's title, and the title and language are the page's.
    """
    pdf: bytes = drawn("pdf", page, _drawn_as_pdf, options=f"pdf_variant={PDF_VARIANT}")
    return pdf


#: PDF/UA-1: tagged, so that assistive technology reads the pack in order.
PDF_VARIANT = "pdf/ua-1"


def _drawn_as_pdf(page: str) -> bytes:
    warm.pdf_engine().join()  # one start of the engine at a time
    import weasyprint  # type: ignore[import-untyped]

    html = weasyprint.HTML(string=page, url_fetcher=_refuse)
    pdf: bytes = html.write_pdf(pdf_variant=PDF_VARIANT)
    return pdf


def _refuse(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    # The page is self-contained; a reference to anything outside it is a mistake to surface.
    raise ValueError(f"the pack must be self-contained; it refers to {url}")
