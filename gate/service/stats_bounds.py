"""Exact (Clopper-Pearson) confidence bounds for an error rate estimated from ``errors`` in ``trials``.

With no error observed the one-sided 95 % upper bound is ``1 - 0.05 ** (1 / n)``, close to the "rule of
three" ``3 / n``. Pure Python: the binomial tail is summed in log space and the bound found by bisection
(60 halvings: far below any rate worth reporting).
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class RateEstimate:
    errors: int
    trials: int
    rate: float | None  # None without trials
    upper: float | None  # one-sided upper bound at ``confidence``
    confidence: float = 0.95


def estimate(errors: int, trials: int, confidence: float = 0.95) -> RateEstimate:
    if trials < 0 or not 0 <= errors <= max(trials, 0):
        raise ValueError(f"need 0 <= errors <= trials, got {errors} of {trials}")
    if trials == 0:
        return RateEstimate(0, 0, None, None, confidence)
    return RateEstimate(errors, trials, errors / trials, upper_bound(errors, trials, confidence), confidence)


def upper_bound(errors: int, trials: int, confidence: float = 0.95) -> float:
    """The largest rate p with P(X <= errors | trials, p) >= 1 - confidence (one-sided Clopper-Pearson)."""
    alpha = 1.0 - confidence
    if errors >= trials:
        return 1.0
    if errors == 0:
        return float(1.0 - alpha ** (1.0 / trials))
    low, high = errors / trials, 1.0
    for _ in range(60):
        mid = (low + high) / 2
        if _cdf(errors, trials, mid) > alpha:
            low = mid
        else:
            high = mid
    return high


def _cdf(k: int, n: int, p: float) -> float:
    """P(X <= k) for X ~ Binomial(n, p), summed in log space."""
    if p <= 0.0:
        return 1.0
    if p >= 1.0:
        return 0.0 if k < n else 1.0
    log_p, log_q = math.log(p), math.log1p(-p)
    terms = [math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * log_p + (n - i) * log_q
             for i in range(k + 1)]
    top = max(terms)
    return min(1.0, math.exp(top) * sum(math.exp(t - top) for t in terms))
