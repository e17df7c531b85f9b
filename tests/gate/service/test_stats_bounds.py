"""Clopper-Pearson bounds of the operational error rates: the rule of three at zero errors, exact values
(checked against the beta quantile) otherwise, and refusals of impossible counts."""

from __future__ import annotations

import pytest

from gate.service.stats_bounds import estimate, upper_bound


def test_zero_errors_gives_the_exact_rule_of_three() -> None:
    for n in (300, 1000, 100_000):
        bound = upper_bound(0, n)
        assert bound == pytest.approx(1 - 0.05 ** (1 / n))
        assert 2.9 / n < bound < 3.0 / n  # the rule of three, slightly below 3/n


@pytest.mark.parametrize(("errors", "trials", "expected"), [
    (1, 1000, 0.004734993575499777),  # scipy.stats.beta.ppf(0.95, 2, 1000)
    (5, 200, 0.05184333912029053),
    (50, 60, 0.9066930672947636),
])
def test_upper_bound_is_the_beta_quantile(errors: int, trials: int, expected: float) -> None:
    assert upper_bound(errors, trials) == pytest.approx(expected, rel=1e-9)


def test_estimate_reports_rate_and_bound() -> None:
    e = estimate(2, 400)
    assert e.rate == 0.005 and e.upper is not None and e.upper > e.rate and e.confidence == 0.95
    assert estimate(0, 0).rate is None and estimate(0, 0).upper is None
    assert estimate(7, 7).upper == 1.0
    assert upper_bound(1, 1000, 0.99) > upper_bound(1, 1000, 0.95)


@pytest.mark.parametrize(("errors", "trials"), [(-1, 10), (11, 10), (1, -1)])
def test_impossible_counts_are_refused(errors: int, trials: int) -> None:
    with pytest.raises(ValueError):
        estimate(errors, trials)
