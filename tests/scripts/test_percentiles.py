"""The percentiles the kiosk benchmark (plain, scaled to milliseconds afterwards) and the load run (rounded
to the millisecond, null for a phase that measured nothing) both take from :mod:`scripts.percentiles`."""

from __future__ import annotations

import statistics

import pytest

from scripts.percentiles import median_p95_ms, percentile, rounded_percentile

TIMES = [0.8123, 0.1, 0.4567, 0.25, 1.75, 0.3333]


def test_the_percentile_is_the_inclusive_quantile_and_not_rounded() -> None:
    assert percentile(TIMES, 50) == pytest.approx(statistics.median(TIMES))
    assert percentile(TIMES, 95) == statistics.quantiles(TIMES, n=100, method="inclusive")[94]
    assert min(TIMES) <= percentile(TIMES, 1) <= percentile(TIMES, 95) <= percentile(TIMES, 99) <= max(TIMES)
    assert percentile([0.0123456], 95) == 0.0123456  # one measurement: itself, every digit kept


def test_the_rounded_percentile_keeps_a_millisecond_and_is_null_without_values() -> None:
    assert rounded_percentile(TIMES, 95) == round(percentile(TIMES, 95), 3)
    assert rounded_percentile([0.0123456], 50) == 0.012
    assert rounded_percentile([], 95) is None


@pytest.mark.parametrize(("values", "q"), [([], 50), ([1.0, 2.0], 0), ([1.0, 2.0], 100)])
def test_no_values_or_a_percentile_out_of_range_is_refused(values: list[float], q: int) -> None:
    with pytest.raises(ValueError):
        percentile(values, q)


def test_the_lab_reports_median_and_p95_of_one_sample() -> None:
    times = [float(v) for v in range(1, 21)]  # 1 … 20 ms
    assert median_p95_ms(times) == {"median_ms": 10.5, "p95_ms": pytest.approx(19.05)}
    assert median_p95_ms([7.0]) == {"median_ms": 7.0, "p95_ms": 7.0}
    with pytest.raises(ValueError):
        median_p95_ms([])
