"""What every chart on a page carries besides its marks: a source line under it, links that
point into the site, and a text alternative a screen reader reads.

Charts are Altair specifications rendered offline by vl-convert; these helpers only frame them.
"""

from __future__ import annotations

import textwrap
from typing import Any

from joinedup.publish import charts

SOURCE_COLOUR = "#4c6272"  # the site's grey: AA contrast on white
SOURCE_LINE_CHARACTERS = 100
# vl-convert resolves a relative href against the Vega loader's base URL; links into the site
# must stay relative, so the base is taken off again after rendering.
_LOADER_BASE = "https://vega.github.io/vega-datasets/"


def source_lines(source: str, width: int) -> list[str]:
    """A source line wrapped to a chart's width."""
    return textwrap.wrap(source, max(40, min(SOURCE_LINE_CHARACTERS, width // 6)))


def with_source(chart: Any, source: str, width: int) -> Any:
    """The chart with its source written under it, wrapped to the chart's width."""
    from joinedup.publish.chart_library import alt

    lines = source_lines(source, width)
    return with_note(chart, alt.Data(values=[{"source": "\n".join(lines)}]), len(lines), width)


def with_note(chart: Any, note: Any, lines: int, width: int) -> Any:
    """The chart with the text of ``note`` (Altair data of one row, its ``source``) under it."""
    from joinedup.publish.chart_library import alt

    written = (
        alt.Chart(note)
        .mark_text(align="left", baseline="top", lineBreak="\n", fontSize=10, color=SOURCE_COLOUR)
        .encode(text="source:N", x=alt.value(0), y=alt.value(0))
        .properties(width=width, height=12 * lines)
    )
    return alt.vconcat(chart, written, spacing=6).configure_view(stroke=None)


def site_links(svg: str) -> str:
    """Links drawn by an ``href`` encoding, relative to this site again."""
    return svg.replace(f'xlink:href="{_LOADER_BASE}/', 'xlink:href="/').replace(
        f'xlink:href="{_LOADER_BASE}', 'xlink:href="/'
    )


def labelled(svg: str, title: str, description: str, *, interactive: bool = False) -> str:
    """The SVG with its text alternative (``publish.reports.charts.accessible``).

    A chart is one image (``role="img"``); a chart with links in it (the map) is a group, so
    that its links stay reachable by keyboard and screen reader.
    """
    from joinedup.publish.reports.charts import accessible

    svg = accessible(svg, title, description)
    if interactive:
        svg = svg.replace(' role="img" aria-label=', ' role="group" aria-label=', 1)
    return svg


def rendered(chart: Any, title: str, description: str, *, interactive: bool = False) -> str:
    """The chart as inline SVG for a page: links into the site, labelled for every reader."""
    svg = site_links(charts.to_svg(chart))
    return labelled(svg, title, description, interactive=interactive)
