"""Comparing a value with a benchmark as Fingertips does: by the value's confidence interval.

Fingertips colours an area "better", "similar" or "worse" than its benchmark (usually England)
by whether the benchmark lies outside the area's confidence interval, and on which side; for
indicators with no good direction ("no judgement") it says "higher" or "lower" instead. An
interval that touches the benchmark is "similar". Without a value, an interval or a benchmark
the answer is "not compared". Reference: OHID, Fingertips Public Health Technical Guidance,
"Benchmarking" (https://fingertips.phe.org.uk/profile/guidance).
"""

from __future__ import annotations

from typing import Any, Final, Literal, overload

import numpy as np
from numpy.typing import NDArray

from ._inputs import Numbers, StatsError, floats, is_scalar, quietly

__all__ = ["COMPARISONS", "POLARITIES", "Comparison", "Polarity", "compare_with_benchmark"]

Polarity = Literal["higher_is_better", "lower_is_better", "no_judgement"]
Comparison = Literal["better", "similar", "worse", "higher", "lower", "not compared"]

#: The polarities an indicator can have.
POLARITIES: Final[tuple[Polarity, ...]] = ("higher_is_better", "lower_is_better", "no_judgement")
#: Every answer :func:`compare_with_benchmark` can give.
COMPARISONS: Final[tuple[Comparison, ...]] = (
    "better",
    "similar",
    "worse",
    "higher",
    "lower",
    "not compared",
)

#: What an interval wholly above, and wholly below, the benchmark means for each polarity.
_WORDS: Final[dict[str, tuple[Comparison, Comparison]]] = {
    "higher_is_better": ("better", "worse"),
    "lower_is_better": ("worse", "better"),
    "no_judgement": ("higher", "lower"),
}


@overload
def compare_with_benchmark(
    value: float | None,
    lower: float | None,
    upper: float | None,
    benchmark: float | None,
    polarity: Polarity,
) -> Comparison: ...
@overload
def compare_with_benchmark(
    value: Numbers,
    lower: Numbers,
    upper: Numbers,
    benchmark: Numbers,
    polarity: Polarity,
) -> NDArray[np.str_]: ...
@quietly
def compare_with_benchmark(
    value: Numbers | None,
    lower: Numbers | None,
    upper: Numbers | None,
    benchmark: Numbers | None,
    polarity: Polarity,
) -> Any:
    """How a value compares with ``benchmark``, judged by its interval ``(lower, upper)``.

    Returns "better", "similar" or "worse" (polarity "higher_is_better" or "lower_is_better"),
    "higher", "similar" or "lower" ("no_judgement"), or "not compared" when the value, either
    limit or the benchmark is missing (None or NaN). Arrays give an array of answers.

    >>> compare_with_benchmark(60.2, 58.1, 62.3, 55.0, "higher_is_better")
    'better'
    >>> compare_with_benchmark(60.2, 58.1, 62.3, 55.0, "lower_is_better")
    'worse'
    >>> compare_with_benchmark(60.2, 58.1, 62.3, 60.0, "no_judgement")
    'similar'
    """
    if polarity not in _WORDS:
        raise StatsError(f"polarity must be one of {', '.join(POLARITIES)}, not {polarity!r}")
    above_word, below_word = _WORDS[polarity]
    v, lo, hi, bench = floats(value, lower, upper, benchmark)
    known = np.isfinite(v) & np.isfinite(lo) & np.isfinite(hi) & np.isfinite(bench)
    answer = np.full(v.shape, "similar", dtype="<U12")
    answer[lo > bench] = above_word
    answer[hi < bench] = below_word
    answer[~known] = "not compared"
    if is_scalar(value, lower, upper, benchmark):
        return str(answer.item())
    return answer
