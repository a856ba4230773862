"""Rendering charts: a chart whose Vega-Lite spec is unchanged is not drawn again, by this process
or, with the ``chart_cache`` setting, by any other (``publish.drawn_charts``)."""

from __future__ import annotations

import logging
import os
import time
from collections import OrderedDict
from pathlib import Path

import altair as alt
import pytest
import vl_convert

from joinedup.cli import options
from joinedup.publish import charts, drawn_charts


def line(values: list[int]) -> alt.Chart:
    data = alt.Data(values=[{"x": i, "y": v} for i, v in enumerate(values)])
    return alt.Chart(data).mark_line().encode(x="x:Q", y="y:Q")


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Nothing drawn yet, in memory or on disk; the specs vl-convert is asked to draw."""
    monkeypatch.setattr(drawn_charts, "_in_memory", OrderedDict())
    monkeypatch.setattr(drawn_charts, "_folder", None)
    asked: list[str] = []
    real = vl_convert.vegalite_to_svg

    def counting(spec: str) -> str:
        asked.append(spec)
        return str(real(spec))

    monkeypatch.setattr(vl_convert, "vegalite_to_svg", counting)
    return asked


def forget_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    """As a process started afresh would be."""
    monkeypatch.setattr(drawn_charts, "_in_memory", OrderedDict())


def test_the_same_chart_is_drawn_once_and_a_changed_one_again(drawn: list[str]) -> None:
    first = charts.to_svg(line([3, 1, 4, 1, 5, 9]))
    again = charts.to_svg(line([3, 1, 4, 1, 5, 9]))
    other = charts.to_svg(line([2, 7, 1, 8, 2, 8]))
    assert first == again and first.startswith("<svg")
    assert other != first
    assert len(drawn) == 2


def test_the_rendered_charts_are_bounded(monkeypatch: pytest.MonkeyPatch, drawn: list[str]) -> None:
    monkeypatch.setattr(drawn_charts, "IN_MEMORY_MAX", 3)
    monkeypatch.setattr(vl_convert, "vegalite_to_svg", lambda spec: f"<svg>{len(spec)}</svg>")
    for n in range(6):
        charts.to_svg(line([n, n + 1, n + 2]))
    assert len(drawn_charts._in_memory) == 3


def test_a_chart_kept_on_disk_is_not_drawn_again_by_another_process(
    monkeypatch: pytest.MonkeyPatch, drawn: list[str], tmp_path: Path
) -> None:
    drawn_charts.keep_on_disk(tmp_path / "charts")
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
    drawn_charts.keep_on_disk(tmp_path)
    charts.to_svg(line([2, 2, 3]))
    forget_in_memory(monkeypatch)
    monkeypatch.setattr(vl_convert, "__version__", "99.0.0", raising=False)
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
    monkeypatch.setattr(drawn_charts, "_folder", not_a_folder)
    with caplog.at_level(logging.WARNING, logger=drawn_charts.__name__):
        svg = charts.to_svg(line([5, 3, 5]))
    assert svg.startswith("<svg") and len(drawn) == 1
    assert "could not be kept" in caplog.text
    assert [path.name for path in tmp_path.iterdir()] == ["file"]


def test_a_folder_that_cannot_be_made_is_not_used(
    drawn: list[str], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    with caplog.at_level(logging.WARNING, logger=drawn_charts.__name__):
        drawn_charts.keep_on_disk(not_a_folder)
        drawn_charts.keep_on_disk(not_a_folder / "below")
    assert drawn_charts.on_disk() is None
    assert "kept in memory only" in caplog.text
    assert charts.to_svg(line([4, 4, 2])).startswith("<svg") and len(drawn) == 1


def test_the_folder_keeps_the_charts_used_most_recently(
    monkeypatch: pytest.MonkeyPatch, drawn: list[str], tmp_path: Path
) -> None:
    monkeypatch.setattr(drawn_charts, "ON_DISK_MAX", 3)
    monkeypatch.setattr(drawn_charts, "TRIM_EVERY", 1)
    monkeypatch.setattr(vl_convert, "vegalite_to_svg", lambda spec: f"<svg>{len(spec)}</svg>")
    drawn_charts.keep_on_disk(tmp_path)
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


def test_the_chart_cache_setting_keeps_charts_in_its_folder(
    monkeypatch: pytest.MonkeyPatch, drawn: list[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("JOINEDUP_CHART_CACHE", str(tmp_path / "kept"))
    options.settings()
    assert drawn_charts.on_disk() == tmp_path / "kept"
    charts.to_svg(line([7, 7, 8]))
    assert [path.suffix for path in (tmp_path / "kept").iterdir()] == [".svg"]
