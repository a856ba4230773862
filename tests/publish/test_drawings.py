"""Drawing charts and packs: a chart whose Vega-Lite spec is unchanged is not drawn again, by this
process or, with the ``drawing_cache`` setting, by any other; nor is a pack's PDF whose page is
unchanged (``publish.drawings``)."""

from __future__ import annotations

import logging
import os
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any

import altair as alt
import pytest
import vl_convert

from joinedup.cli import options
from joinedup.publish import charts, drawings
from joinedup.publish.reports import render


def line(values: list[int]) -> alt.Chart:
    data = alt.Data(values=[{"x": i, "y": v} for i, v in enumerate(values)])
    return alt.Chart(data).mark_line().encode(x="x:Q", y="y:Q")


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Nothing drawn yet, in memory or on disk; the specs vl-convert is asked to draw."""
    monkeypatch.setattr(drawings, "_in_memory", OrderedDict())
    monkeypatch.setattr(drawings, "_folder", None)
    asked: list[str] = []
    real = vl_convert.vegalite_to_svg

    def counting(spec: str) -> str:
        asked.append(spec)
        return str(real(spec))

    monkeypatch.setattr(vl_convert, "vegalite_to_svg", counting)
    return asked


def forget_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    """As a process started afresh would be."""
    monkeypatch.setattr(drawings, "_in_memory", OrderedDict())


def test_the_same_chart_is_drawn_once_and_a_changed_one_again(drawn: list[str]) -> None:
    first = charts.to_svg(line([3, 1, 4, 1, 5, 9]))
    again = charts.to_svg(line([3, 1, 4, 1, 5, 9]))
    other = charts.to_svg(line([2, 7, 1, 8, 2, 8]))
    assert first == again and first.startswith("<svg")
    assert other != first
    assert len(drawn) == 2


def test_the_rendered_charts_are_bounded(monkeypatch: pytest.MonkeyPatch, drawn: list[str]) -> None:
    monkeypatch.setattr(drawings, "IN_MEMORY_MAX", 3)
    monkeypatch.setattr(vl_convert, "vegalite_to_svg", lambda spec: f"<svg>{len(spec)}</svg>")
    for n in range(6):
        charts.to_svg(line([n, n + 1, n + 2]))
    assert len(drawings._in_memory) == 3


def test_a_chart_kept_on_disk_is_not_drawn_again_by_another_process(
    monkeypatch: pytest.MonkeyPatch, drawn: list[str], tmp_path: Path
) -> None:
    drawings.keep_on_disk(tmp_path / "charts")
    first = charts.to_svg(line([1, 4, 1, 4, 2]))
    png = charts.to_png(line([1, 4, 1, 4, 2]))
    forget_in_memory(monkeypatch)
    assert charts.to_svg(line([1, 4, 1, 4, 2])) == first
    assert charts.to_png(line([1, 4, 1, 4, 2])) == png and png.startswith(b"\x89PNG")
    assert len(drawn) == 1
    kept = sorted(path.suffix for path in (tmp_path / "charts").iterdir())
    assert kept == [".png", ".svg"]
    assert (tmp_path / "charts").stat().st_mode & 0o777 == 0o700  # its owner's only


def test_a_new_vl_convert_draws_afresh(
    monkeypatch: pytest.MonkeyPatch, drawn: list[str], tmp_path: Path
) -> None:
    drawings.keep_on_disk(tmp_path)
    charts.to_svg(line([2, 2, 3]))
    forget_in_memory(monkeypatch)
    monkeypatch.setattr(drawings, "_version", lambda distribution: "99.0.0")
    charts.to_svg(line([2, 2, 3]))
    assert len(drawn) == 2


def test_a_folder_that_cannot_be_written_is_not_used_and_the_chart_is_drawn(
    monkeypatch: pytest.MonkeyPatch,
    drawn: list[str],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    monkeypatch.setattr(drawings, "_folder", not_a_folder)
    with caplog.at_level(logging.WARNING, logger=drawings.__name__):
        svg = charts.to_svg(line([5, 3, 5]))
    assert svg.startswith("<svg") and len(drawn) == 1
    assert "could not be kept" in caplog.text
    assert [path.name for path in tmp_path.iterdir()] == ["file"]


def test_a_folder_that_cannot_be_made_is_not_used(
    drawn: list[str], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    with caplog.at_level(logging.WARNING, logger=drawings.__name__):
        drawings.keep_on_disk(not_a_folder)
        drawings.keep_on_disk(not_a_folder / "below")
    assert drawings.on_disk() is None
    assert "kept in memory only" in caplog.text
    assert charts.to_svg(line([4, 4, 2])).startswith("<svg") and len(drawn) == 1


def test_the_folder_keeps_the_charts_used_most_recently(
    monkeypatch: pytest.MonkeyPatch, drawn: list[str], tmp_path: Path
) -> None:
    monkeypatch.setattr(drawings, "ON_DISK_MAX", 3)
    monkeypatch.setattr(drawings, "TRIM_EVERY", 1)
    monkeypatch.setattr(vl_convert, "vegalite_to_svg", lambda spec: f"<svg>{len(spec)}</svg>")
    drawings.keep_on_disk(tmp_path)
    half_written = tmp_path / ".left-by-a-stopped-process"
    half_written.write_text("<sv")
    an_hour_ago = time.time() - 3700
    os.utime(half_written, (an_hour_ago, an_hour_ago))
    for n in range(6):
        charts.to_svg(line([n, n]))
        for path in tmp_path.iterdir():  # each older than the next, whatever the clock's grain
            os.utime(path, (path.stat().st_mtime - 1, path.stat().st_mtime - 1))
    forget_in_memory(monkeypatch)
    asked: list[str] = []

    def asking(spec: str) -> str:
        asked.append(spec)
        return "<svg>"

    monkeypatch.setattr(vl_convert, "vegalite_to_svg", asking)
    for n in (5, 4, 3):
        charts.to_svg(line([n, n]))
    assert asked == []  # the three most recent were kept
    assert len(list(tmp_path.iterdir())) == 3


def test_the_drawing_cache_setting_keeps_charts_in_its_folder(
    monkeypatch: pytest.MonkeyPatch, drawn: list[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("JOINEDUP_DRAWING_CACHE", str(tmp_path / "kept"))
    options.settings()
    assert drawings.on_disk() == tmp_path / "kept"
    charts.to_svg(line([7, 7, 8]))
    assert [path.suffix for path in (tmp_path / "kept").iterdir()] == [".svg"]


PAGE = '<html lang="en"><head><title>A pack</title></head><body><h1>A pack</h1></body></html>'


@pytest.fixture
def laid_out(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Nothing kept yet; the variant of each PDF WeasyPrint is asked to lay out."""
    # Imported here, not as the module is collected: WeasyPrint takes 0.6 s to import, in every
    # pytest-xdist worker that collects this module, whether or not it runs these tests.
    import weasyprint  # type: ignore[import-untyped]

    monkeypatch.setattr(drawings, "_in_memory", OrderedDict())
    monkeypatch.setattr(drawings, "_folder", None)
    asked: list[str] = []
    real = weasyprint.HTML.write_pdf

    def counting(html: Any, *args: object, **kwargs: str) -> bytes:
        asked.append(kwargs["pdf_variant"])
        return bytes(real(html, *args, **kwargs))

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", counting)
    return asked


def test_a_pack_kept_on_disk_is_not_laid_out_again(
    monkeypatch: pytest.MonkeyPatch, laid_out: list[str], tmp_path: Path
) -> None:
    first = render.render_pdf(PAGE)
    assert render.render_pdf(PAGE) == first and first.startswith(b"%PDF")
    assert len(laid_out) == 2  # in memory, only charts are kept
    drawings.keep_on_disk(tmp_path)
    kept = render.render_pdf(PAGE)
    assert render.render_pdf(PAGE) == kept == first  # the same page makes the same file
    assert render.render_pdf(PAGE.replace("A pack", "Another")) != kept
    assert len(laid_out) == 4
    assert sorted(path.suffix for path in tmp_path.iterdir()) == [".pdf", ".pdf"]
    assert not drawings._in_memory


def test_a_pack_drawn_otherwise_is_laid_out_afresh(
    monkeypatch: pytest.MonkeyPatch, laid_out: list[str], tmp_path: Path
) -> None:
    drawings.keep_on_disk(tmp_path)
    render.render_pdf(PAGE)
    monkeypatch.setattr(render, "PDF_VARIANT", "pdf/a-3b")
    render.render_pdf(PAGE)
    monkeypatch.setattr(drawings, "_version", lambda distribution: "999.0")
    render.render_pdf(PAGE)
    assert laid_out == ["pdf/ua-1", "pdf/a-3b", "pdf/a-3b"]
