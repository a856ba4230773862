#!/usr/bin/env python3
"""Build the generalised boundaries shipped inside the ``joinedup`` package for its maps.

Reads ONS's boundary files in ``shared/real/boundaries/`` (GeoJSON, WGS84) and writes
``src/joinedup/reference/geography/``::

    python scripts/build_boundaries.py [--source DIR] [--out DIR] [--tolerance DEG]

``systems.geojson`` holds the 42 integrated care boards (April 2023), ``councils.geojson`` the
153 English upper-tier councils (December 2023); each feature carries ``code`` and ``name`` and
nothing else. Every code is checked against the package's own reference tables
(``reference/data/systems.csv`` and ``councils.csv``), so a map always joins to the systems and
councils the rest of JoinedUp knows.

The ONS "BSC" files are already generalised (to 500 m) but still too detailed for a page, so:

- **shared borders are simplified once**: the rings are cut into arcs at every junction (a vertex
  with other than two neighbours across all rings, where three areas meet or a border reaches
  the coast) and each arc is simplified with Douglas-Peucker once, then used by both areas that
  share it, so neighbouring areas never gain gaps or overlaps (TopoJSON's idea, in plain Python);
- **coordinates are rounded** to ``--places`` decimals (3: about 100 m, a tenth of a pixel on an
  England map 500 pixels tall);
- **islands smaller than** ``--min-area`` square degrees that share no border are dropped;
- **rings are wound** as d3-geo (Vega-Lite's geoshape) expects: exterior clockwise, holes
  anticlockwise.

Only the standard library is used, and the output is deterministic (byte-identical reruns).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import itertools
import json
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO.parent / "shared" / "real" / "boundaries"
DEFAULT_OUT = REPO / "src" / "joinedup" / "reference" / "geography"
REFERENCE = REPO / "src" / "joinedup" / "reference" / "data"

VINTAGE = "icb2023-04-bsc;ctyua2023-12-bsc"
DEFAULT_TOLERANCE = 0.004  # degrees: about 300 m, a third of a pixel on the home page's map
DEFAULT_PLACES = 3
DEFAULT_MIN_AREA = 0.0004  # square degrees: about 2 km square; the Isles of Scilly stay

Point = tuple[float, float]
Ring = list[Point]


@dataclass(frozen=True)
class Layer:
    """One boundary file and how its features join to a reference table."""

    name: str
    pattern: str
    code_field: str
    name_field: str
    reference_table: str
    expected: int
    title: str


LAYERS = (
    Layer(
        "systems",
        "Integrated_Care_Boards_April_2023_EN_BSC_*.geo.json",
        "ICB23CD",
        "ICB23NM",
        "systems",
        42,
        "Integrated Care Boards (April 2023) EN BSC",
    ),
    Layer(
        "councils",
        "Counties_and_Unitary_Authorities_December_2023_Boundaries_UK_BSC_*.geo.json",
        "CTYUA23CD",
        "CTYUA23NM",
        "councils",
        153,
        "Counties and Unitary Authorities (December 2023) Boundaries UK BSC",
    ),
)


class BuildError(Exception):
    """A check on the inputs failed; the message names the file."""


# --------------------------------------------------------------------------------------------
# Geometry


def signed_area(ring: Sequence[Point]) -> float:
    """The shoelace area of a closed ring: positive when it runs anticlockwise (y up)."""
    total = 0.0
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        total += x1 * y2 - x2 * y1
    return total / 2


def douglas_peucker(points: Sequence[Point], tolerance: float) -> list[Point]:
    """The points of an open line that Douglas-Peucker keeps at ``tolerance`` (iterative)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length_squared = dx * dx + dy * dy
        farthest, index = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if length_squared == 0:
                distance = (px - x1) ** 2 + (py - y1) ** 2
            else:
                distance = (dy * px - dx * py + x2 * y1 - y2 * x1) ** 2 / length_squared
            if distance > farthest:
                farthest, index = distance, i
        if index > 0 and farthest > tolerance * tolerance:
            keep[index] = True
            stack.extend(((first, index), (index, last)))
    return [point for point, kept in zip(points, keep, strict=True) if kept]


class Simplifier:
    """Simplifies every ring of a layer, each shared arc once, so borders stay shared."""

    def __init__(self, rings: list[Ring], tolerance: float) -> None:
        self.tolerance = tolerance
        neighbours: dict[Point, set[Point]] = defaultdict(set)
        for ring in rings:
            for a, b in itertools.pairwise(ring):
                neighbours[a].add(b)
                neighbours[b].add(a)
        self.junctions = {point for point, near in neighbours.items() if len(near) != 2}
        self.uses: dict[Point, int] = defaultdict(int)
        for ring in rings:
            for point in ring[:-1]:
                self.uses[point] += 1
        self._arcs: dict[tuple[Point, ...], list[Point]] = {}

    def shared(self, ring: Ring) -> bool:
        return any(self.uses[point] > 1 for point in ring[:-1])

    def _arc(self, points: list[Point]) -> list[Point]:
        forward = tuple(points)
        backward = forward[::-1]
        key = min(forward, backward)
        if key not in self._arcs:
            self._arcs[key] = douglas_peucker(list(key), self.tolerance)
        simplified = self._arcs[key]
        return simplified if key == forward else simplified[::-1]

    def ring(self, ring: Ring) -> Ring:
        open_ring = ring[:-1]
        cuts = [i for i, point in enumerate(open_ring) if point in self.junctions]
        if not cuts:
            # A ring with no junction (an island, or an enclave's border): start it at its
            # smallest point so both copies of an enclave's border cut it the same way, and
            # cut it again at the point farthest from there.
            start = open_ring.index(min(open_ring))
            open_ring = open_ring[start:] + open_ring[:start]
            x0, y0 = open_ring[0]
            far = max(
                range(len(open_ring)),
                key=lambda i: (open_ring[i][0] - x0) ** 2 + (open_ring[i][1] - y0) ** 2,
            )
            cuts = [0, far] if far else [0]
        rotated = open_ring[cuts[0] :] + open_ring[: cuts[0]]
        offsets = [cut - cuts[0] for cut in cuts] + [len(open_ring)]
        closed = [*rotated, rotated[0]]
        result: list[Point] = []
        for start, end in itertools.pairwise(offsets):
            arc = self._arc(closed[start : end + 1])
            result.extend(arc if not result else arc[1:])
        return result


def rounded(ring: Ring, places: int) -> Ring:
    out: Ring = []
    for x, y in ring:
        point = (round(x, places), round(y, places))
        if not out or point != out[-1]:
            out.append(point)
    return out


def wound(ring: Ring, exterior: bool) -> Ring:
    """Exterior rings clockwise, holes anticlockwise, as d3-geo reads them."""
    clockwise = signed_area(ring) < 0
    return ring if clockwise == exterior else ring[::-1]


# --------------------------------------------------------------------------------------------
# Files


def _polygons(geometry: dict[str, object]) -> list[list[Ring]]:
    kind, coordinates = geometry["type"], geometry["coordinates"]
    polygons = [coordinates] if kind == "Polygon" else coordinates
    if kind not in ("Polygon", "MultiPolygon") or not isinstance(polygons, list):
        raise BuildError(f"unexpected geometry {kind!r}")
    return [[[(float(x), float(y)) for x, y in ring] for ring in polygon] for polygon in polygons]


def _reference_names(table: str) -> dict[str, str]:
    with (REFERENCE / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle)}


def source_file(source: Path, layer: Layer) -> Path:
    found = sorted(source.glob(layer.pattern))
    if len(found) != 1:
        raise BuildError(f"{source}: expected one file matching {layer.pattern}, found {found}")
    return found[0]


def build_layer(
    path: Path, layer: Layer, tolerance: float, places: int, min_area: float
) -> dict[str, object]:
    data = json.loads(path.read_text(encoding="utf-8"))
    known = _reference_names(layer.reference_table)
    areas: list[tuple[str, str, list[list[Ring]]]] = []
    for feature in data["features"]:
        properties = feature["properties"]
        code = str(properties[layer.code_field])
        if not code.startswith("E"):
            continue  # the council file covers the UK; JoinedUp is England's
        if code not in known:
            raise BuildError(f"{path.name}: {code} is not in reference/data/{layer.name}.csv")
        areas.append((code, str(properties[layer.name_field]), _polygons(feature["geometry"])))
    missing = sorted(set(known) - {code for code, _, _ in areas})
    if missing or len(areas) != layer.expected:
        raise BuildError(
            f"{path.name}: {len(areas)} areas, expected {layer.expected}; missing {missing}"
        )
    simplifier = Simplifier(
        [ring for _, _, polygons in areas for polygon in polygons for ring in polygon], tolerance
    )
    features = []
    for code, name, polygons in sorted(areas):
        kept: list[list[list[list[float]]]] = []
        for polygon in polygons:
            exterior = polygon[0]
            if abs(signed_area(exterior)) < min_area and not simplifier.shared(exterior):
                continue
            rings = []
            for index, ring in enumerate(polygon):
                simple = rounded(simplifier.ring(ring), places)
                if len(simple) < 4:
                    if index == 0:
                        break
                    continue
                rings.append([[x, y] for x, y in wound(simple, exterior=index == 0)])
            if rings:
                kept.append(rings)
        if not kept:
            raise BuildError(f"{path.name}: {code} lost every polygon; lower --tolerance")
        geometry = (
            {"type": "Polygon", "coordinates": kept[0]}
            if len(kept) == 1
            else {"type": "MultiPolygon", "coordinates": kept}
        )
        features.append(
            {
                "type": "Feature",
                "properties": {"code": code, "name": name},
                "geometry": geometry,
            }
        )
    return {"type": "FeatureCollection", "features": features}


SOURCES_TEMPLATE = """\
# Boundaries: provenance and licence

`systems.geojson` and `councils.geojson` are generated by `scripts/build_boundaries.py`; do not
edit them by hand. Vintage: `{vintage}` (also in `VINTAGE`). Generalised further for maps in a
page: shared borders simplified once (Douglas-Peucker, tolerance {tolerance} degrees),
coordinates rounded to {places} decimals (WGS84, EPSG:4326), islands under {min_area} square
degrees dropped. Fit for a map of England, not for measuring areas or assigning addresses.
Method: `docs/reference-data.md` in the repository.

## Licence and attribution

Source: Office for National Statistics licensed under the Open Government Licence v.3.0.
Contains OS data © Crown copyright and database right 2023.
Open Government Licence v3.0: https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/

## Files

- `systems.geojson`: ONS Open Geography Portal, *Integrated Care Boards (April 2023) EN BSC*
  (boundaries generalised to 500 m, clipped to the coastline), 42 boards; `code` is ICB23CD
  (E54...), `name` is ICB23NM.
  https://geoportal.statistics.gov.uk/search?q=BDY_ICB%20APR_2023
- `councils.geojson`: ONS Open Geography Portal, *Counties and Unitary Authorities (December
  2023) Boundaries UK BSC*, the 153 English ones (E06, E08, E09, E10); `code` is CTYUA23CD,
  `name` is CTYUA23NM.
  https://geoportal.statistics.gov.uk/search?q=BDY_CTYUA%20DEC_2023

## Input files

| file | sha256 |
| --- | --- |
{hashes}
"""


def write_text(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE)
    parser.add_argument("--places", type=int, default=DEFAULT_PLACES)
    parser.add_argument("--min-area", type=float, default=DEFAULT_MIN_AREA)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    hashes = []
    try:
        for layer in LAYERS:
            path = source_file(args.source, layer)
            collection = build_layer(path, layer, args.tolerance, args.places, args.min_area)
            out = args.out / f"{layer.name}.geojson"
            write_text(out, json.dumps(collection, separators=(",", ":")) + "\n")
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            hashes.append(f"| {path.name} | {digest} |")
            print(f"{out} ({out.stat().st_size:,} bytes)")
    except BuildError as error:
        print(f"build_boundaries: error: {error}", file=sys.stderr)
        return 1
    sources = SOURCES_TEMPLATE.format(
        vintage=VINTAGE,
        tolerance=args.tolerance,
        places=args.places,
        min_area=args.min_area,
        hashes="\n".join(hashes),
    )
    write_text(args.out / "SOURCES.md", sources)
    write_text(args.out / "VINTAGE", VINTAGE + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
