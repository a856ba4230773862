"""The shipped boundaries: built by scripts/build_boundaries.py from ONS's files, small, and
joined to every system and council the reference tables know."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest

from joinedup.reference import councils, systems
from joinedup.reference.boundaries import boundaries, boundary_vintage

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "build_boundaries.py"
GEOGRAPHY = REPO / "src" / "joinedup" / "reference" / "geography"
SHARED = REPO.parent / "shared" / "real" / "boundaries"
needs_shared = pytest.mark.skipif(
    not SHARED.exists(), reason="../shared/real/boundaries not beside the repository"
)


def _rings(feature: dict) -> list[list[list[float]]]:
    geometry = feature["geometry"]
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    return [ring for polygon in polygons for ring in polygon]


def test_every_system_has_a_shape() -> None:
    codes = [feature["properties"]["code"] for feature in boundaries("systems")]
    assert len(codes) == 42
    assert sorted(codes) == sorted(item.code for item in systems())
    assert all(code.startswith("E54") for code in codes)
    assert all(_rings(feature) for feature in boundaries("systems"))


def test_every_council_has_a_shape() -> None:
    codes = {feature["properties"]["code"] for feature in boundaries("councils")}
    assert codes == {item.code for item in councils()}
    assert len(codes) == 153


def test_shapes_are_in_england_and_wound_for_d3() -> None:
    for feature in boundaries("systems"):
        for ring in _rings(feature):
            assert ring[0] == ring[-1]
            assert all(-6.5 < x < 2 and 49.8 < y < 56 for x, y in ring)
        geometry = feature["geometry"]
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        for polygon in polygons:
            exterior = polygon[0]
            area = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise(exterior))
            assert area < 0, feature["properties"]["code"]  # clockwise, as d3-geo wants


def test_kent_is_where_kent_is() -> None:
    kent = next(f for f in boundaries("systems") if f["properties"]["code"] == "E54000032")
    points = [point for ring in _rings(kent) for point in ring]
    assert 0.5 < sum(x for x, _ in points) / len(points) < 1.3
    assert 51.0 < sum(y for _, y in points) / len(points) < 51.5


def test_files_are_small_with_source_licence_and_vintage() -> None:
    assert (GEOGRAPHY / "systems.geojson").stat().st_size < 250_000
    assert (GEOGRAPHY / "councils.geojson").stat().st_size < 350_000
    sources = (GEOGRAPHY / "SOURCES.md").read_text(encoding="utf-8")
    assert "Open Government Licence v.3.0" in sources
    assert "Contains OS data © Crown copyright and database right 2023" in sources
    assert boundary_vintage() == "icb2023-04-bsc;ctyua2023-12-bsc"


@needs_shared
def test_rebuild_is_byte_identical_to_committed_files(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for name in ("systems.geojson", "councils.geojson", "SOURCES.md", "VINTAGE"):
        assert (tmp_path / name).read_bytes() == (GEOGRAPHY / name).read_bytes(), name


@needs_shared
def test_a_boundary_file_missing_a_system_fails(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    for path in SHARED.iterdir():
        data = json.loads(path.read_text(encoding="utf-8"))
        if path.name.startswith("Integrated"):
            data["features"] = data["features"][1:]
        (source / path.name).write_text(json.dumps(data), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--source", str(source), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "41 areas, expected 42" in result.stderr
