"""Percentiles of measured times for the kiosk benchmark, the load scripts and the lab's benchmarks:
``statistics.quantiles`` with the inclusive method (the sample is all there is), the one value itself when a
single one was measured."""

from __future__ import annotations

import statistics
from collections.abc import Sequence


def percentile(values: Sequence[float], q: int) -> float:
    """The ``q``-th percentile (1 to 99) of ``values``; ValueError when there are none."""
    if not 1 <= q <= 99:
        raise ValueError(f"a percentile is 1 to 99, not {q}")
    if not values:
        raise ValueError("no values to take a percentile of")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def rounded_percentile(values: Sequence[float], q: int, ndigits: int = 3) -> float | None:
    """:func:`percentile` rounded to ``ndigits`` (a millisecond for seconds), or None when there are no values
    (a report's null)."""
    return round(percentile(values, q), ndigits) if values else None


def median_p95_ms(samples: Sequence[float]) -> dict[str, float]:
    """The median and the 95th percentile of times in milliseconds, as the lab's benchmarks report them (the
    percentile interpolated, as everywhere here; their figures before 30 Nov 2026 took the nearest sample)."""
    return {"median_ms": statistics.median(samples), "p95_ms": percentile(samples, 95)}
