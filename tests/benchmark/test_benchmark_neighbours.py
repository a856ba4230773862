"""Nearest neighbours on the four reference characteristics."""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy
import pytest
from scipy.spatial.distance import cdist

from joinedup import reference
from joinedup.benchmark import (
    CHARACTERISTICS,
    BenchmarkError,
    Neighbour,
    comparator_group,
    distance,
    nearest_neighbours,
    neighbours,
)

SURREY = "E54000063"
FRIMLEY = "E54000034"
GREATER_MANCHESTER = "E54000057"
WEST_YORKSHIRE = "E54000054"
CORNWALL = "E54000036"
SOMERSET = "E54000038"

SYSTEM_CODES = [item.code for item in reference.systems()]


def _area(code: str, aged_65_plus: float, imd: float, rural: float) -> reference.System:
    return reference.System(
        code=code, ods_code=code, name=f"Area {code}", short_name=code, region_code="E12",
        region_name="Nowhere", previous_codes=(), population=100_000, imd_average_score=imd,
        rural_population_share=rural, aged_65_plus_share=aged_65_plus, council_codes=(),
    )  # fmt: skip


@pytest.fixture
def three_areas(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The worked example below stands in for the 42 systems while a test runs."""
    areas = [_area("A", 0.10, 10.0, 0.0), _area("B", 0.20, 20.0, 0.0), _area("C", 0.30, 30.0, 0.6)]
    by_code = {area.code: area for area in areas}
    monkeypatch.setattr(reference, "systems", lambda: areas)
    monkeypatch.setattr(reference, "system", lambda code: by_code[code])
    caches = (neighbours._areas, neighbours._distances, neighbours._ordered)
    for cached in caches:
        cached.cache_clear()
    yield
    for cached in caches:
        cached.cache_clear()


def test_a_worked_example_computed_by_hand(three_areas: None) -> None:
    """Three areas of 100,000 people each, worked on paper by the method of docs/benchmarking.md
    (z-scores with the population standard deviation, then Euclidean distance: the
    "standardised Euclidean distance" of SciPy's `scipy.spatial.distance.seuclidean`, and the
    standardise-then-measure approach of CIPFA's Nearest Neighbours Model):

    ======  =====  ====  =====
    area    65+    IMD   rural
    ======  =====  ====  =====
    A       0.10   10    0.0
    B       0.20   20    0.0
    C       0.30   30    0.6
    ======  =====  ====  =====

    Population: all equal, no spread, contributes 0. 65+: mean 0.2, sd sqrt(0.02/3), so
    z = -sqrt(1.5), 0, sqrt(1.5); IMD the same. Rural: mean 0.2, sd sqrt(0.08), so
    z = -1/sqrt(2), -1/sqrt(2), sqrt(2). Hence
    d(A,B) = sqrt(1.5 + 1.5 + 0) = sqrt(3) = 1.7320508;
    d(B,C) = sqrt(1.5 + 1.5 + 4.5) = sqrt(7.5) = 2.7386128;
    d(A,C) = sqrt(6 + 6 + 4.5) = sqrt(16.5) = 4.0620192.
    """
    assert distance("A", "B") == pytest.approx(1.7320508, abs=1e-7)
    assert distance("B", "C") == pytest.approx(2.7386128, abs=1e-7)
    assert distance("A", "C") == pytest.approx(4.0620192, abs=1e-7)
    found = nearest_neighbours("A", n=2)
    assert [(item.code, item.rank) for item in found] == [("B", 1), ("C", 2)]
    assert [item.distance for item in found] == pytest.approx([1.7320508, 4.0620192], abs=1e-7)
    assert comparator_group("C", n=2) == ["B", "A"]
    # Rurality alone: A and B are both 0% rural (distance 0); C is 3/sqrt(2) = 2.1213203 away.
    rural = nearest_neighbours("B", n=2, weights={"rural_population_share": 1.0})
    assert [(item.code, item.distance) for item in rural] == [
        ("A", 0.0),
        ("C", pytest.approx(2.1213203, abs=1e-7)),
    ]


def test_every_distance_agrees_with_scipys_standardised_euclidean() -> None:
    """An independent implementation: SciPy's `seuclidean` distance, with each characteristic's
    variance over the 42 systems (ddof 0), gives every pairwise distance and so every order."""
    rows = [
        [math.log(item.population), item.aged_65_plus_share, item.imd_average_score,
         item.rural_population_share]
        for item in reference.systems()
    ]  # fmt: skip
    variances = numpy.var(numpy.array(rows), axis=0)
    expected = cdist(rows, rows, "seuclidean", V=variances)
    for i, a in enumerate(SYSTEM_CODES):
        for j, b in enumerate(SYSTEM_CODES):
            assert distance(a, b) == pytest.approx(expected[i][j], rel=1e-12, abs=1e-12)


def test_distances_are_symmetric_and_zero_only_for_the_area_itself() -> None:
    for a in SYSTEM_CODES:
        assert distance(a, a) == 0.0
        for b in SYSTEM_CODES:
            if a != b:
                assert distance(a, b) == distance(b, a) > 0


@pytest.mark.parametrize("code", SYSTEM_CODES)
def test_a_system_is_never_its_own_neighbour(code: str) -> None:
    found = nearest_neighbours(code, n=41)
    codes = [item.code for item in found]
    assert code not in codes
    assert sorted(codes) == sorted(c for c in SYSTEM_CODES if c != code)
    assert [item.rank for item in found] == list(range(1, 42))
    assert [(item.distance, item.code) for item in found] == sorted(
        (item.distance, item.code) for item in found
    )


def test_neighbours_carry_names_and_comparator_group_is_their_codes() -> None:
    found = nearest_neighbours(SURREY, n=3)
    assert all(isinstance(item, Neighbour) for item in found)
    assert [item.name for item in found] == [reference.system(item.code).name for item in found]
    assert comparator_group(SURREY, n=3) == [item.code for item in found]


@pytest.mark.parametrize("key", ["E54000052", "e54000052 ", "QXU", "NHS Surrey Heartlands ICB"])
def test_any_reference_key_names_the_system(key: str) -> None:
    assert nearest_neighbours(key) == nearest_neighbours(SURREY)
    assert distance(key, FRIMLEY) == distance(SURREY, FRIMLEY)


def test_unknown_system_raises_the_reference_error() -> None:
    with pytest.raises(reference.UnknownCode, match="Did you mean"):
        nearest_neighbours("NOPE")


def test_default_n_is_ten_and_n_is_capped() -> None:
    assert len(nearest_neighbours(SURREY)) == 10
    assert len(nearest_neighbours(SURREY, n=1000)) == 41
    assert nearest_neighbours(SURREY, n=0) == []


@pytest.mark.parametrize("n", [-1, 2.5, True])
def test_bad_n_is_refused(n: object) -> None:
    with pytest.raises(BenchmarkError, match="n must be"):
        nearest_neighbours(SURREY, n=n)  # type: ignore[arg-type]


def test_mutual_nearest_neighbours() -> None:
    # The two big northern conurbations, and the two wholly rural south-western systems.
    assert comparator_group(GREATER_MANCHESTER, n=1) == [WEST_YORKSHIRE]
    assert comparator_group(WEST_YORKSHIRE, n=1) == [GREATER_MANCHESTER]
    assert comparator_group(CORNWALL, n=1) == [SOMERSET]
    assert comparator_group(SOMERSET, n=1) == [CORNWALL]


def test_all_weight_on_population_gives_the_nearest_populations() -> None:
    populations = {item.code: item.population for item in reference.systems()}
    for code in SYSTEM_CODES:
        expected = sorted(
            (c for c in SYSTEM_CODES if c != code),
            key=lambda c: (abs(math.log(populations[c]) - math.log(populations[code])), c),
        )
        assert comparator_group(code, n=41, weights={"log_population": 1.0}) == expected


def test_all_weight_on_rurality_makes_equal_rurality_distance_zero_ties_by_code() -> None:
    rural_only = {"rural_population_share": 1.0}
    cornwall = nearest_neighbours(CORNWALL, n=1, weights=rural_only)
    assert [(item.code, item.distance) for item in cornwall] == [(SOMERSET, 0.0)]

    urban = sorted(item.code for item in reference.systems() if item.rural_population_share == 0)
    assert len(urban) > 10
    first, others = urban[0], urban[1:]
    found = nearest_neighbours(first, n=len(others), weights=rural_only)
    assert [item.code for item in found] == others  # all at distance 0, so in code order
    assert {item.distance for item in found} == {0.0}


def test_weights_scale_distances_without_reordering() -> None:
    equal = nearest_neighbours(SURREY, n=41)
    quadrupled = nearest_neighbours(SURREY, n=41, weights=dict.fromkeys(CHARACTERISTICS, 4.0))
    assert [item.code for item in quadrupled] == [item.code for item in equal]
    for a, b in zip(equal, quadrupled, strict=True):
        assert b.distance == pytest.approx(2 * a.distance)


def test_unlisted_characteristics_get_no_weight() -> None:
    partial = {"log_population": 1.0, "imd_average_score": 2.0}
    explicit = {**partial, "aged_65_plus_share": 0.0, "rural_population_share": 0.0}
    assert nearest_neighbours(SURREY, weights=partial) == nearest_neighbours(
        SURREY, weights=explicit
    )


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"density": 1.0}, "Unknown characteristic"),
        ({"log_population": -1.0}, "not negative"),
        ({"log_population": math.nan}, "finite"),
        ({"log_population": 0.0}, "above 0"),
        ({}, "above 0"),
    ],
)
def test_bad_weights_are_refused(weights: dict[str, float], message: str) -> None:
    with pytest.raises(BenchmarkError, match=message):
        nearest_neighbours(SURREY, weights=weights)


def test_councils_are_compared_with_councils() -> None:
    found = nearest_neighbours("cornwall", n=152, area_type="council")
    codes = [item.code for item in found]
    cornwall = reference.council("Cornwall").code
    assert len(codes) == 152
    assert cornwall not in codes
    assert set(codes) == {c.code for c in reference.councils()} - {cornwall}
    assert comparator_group("Cornwall", n=1, area_type="council") == [
        reference.council("Somerset").code
    ]


def test_unknown_area_type_is_refused() -> None:
    with pytest.raises(BenchmarkError, match="Unknown area type 'region'"):
        nearest_neighbours(SURREY, area_type="region")
