"""The gate's score-level fusion rule (:mod:`matcher.fusion`) evaluated on many comparisons at once.

Each score becomes the FMR its calibration's curve gives it (:meth:`matcher.thresholds.FmrCurve.fmr_at`,
vectorised here with the same conservative steps and floor), the fused FMR is the product, and a pair is
accepted when that product is at most the target.

Because the calibrated estimates take few distinct values (the curve has ~64 points), the distribution of
the product over *every* pairing of two modalities' comparisons can be computed exactly from the two
level histograms (:func:`levels`, :func:`product`): no sampling, no seed.

Under independence, if each estimate were exactly uniform on (0, 1], P(U₁·U₂ ≤ t) = t·(1 − ln t), not t
(:func:`product_rule_fmr`); :func:`fisher_fmr` is that tail, the FMR a product actually corresponds to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from matcher.fusion import fisher_combined
from matcher.thresholds import FmrCurve

FloatArray = NDArray[np.float64]


def fmr_estimates(curve: FmrCurve, scores: ArrayLike) -> FloatArray:
    """``curve.fmr_at`` of every score: the FMR of the strictest calibrated threshold reached, never below
    the smallest measured non-zero FMR, 1.0 short of every threshold."""
    sign = -1.0 if curve.lower_is_better else 1.0
    ladder = sign * np.asarray(curve.thresholds, dtype=np.float64)
    s = sign * np.asarray(scores, dtype=np.float64)
    if not np.isfinite(s).all():
        raise ValueError("scores must be finite")
    idx = np.searchsorted(ladder, s, side="right") - 1
    fmr = np.asarray(curve.fmr, dtype=np.float64)
    floor = min((f for f in curve.fmr if f > 0), default=1.0)
    out = np.maximum(fmr[np.maximum(idx, 0)], floor)
    return np.where(idx < 0, 1.0, out)


def accept_rate(fused_fmr: ArrayLike, target: float) -> float:
    """Fraction of comparisons the rule accepts: fused FMR estimate ≤ target."""
    arr = np.asarray(fused_fmr, dtype=np.float64)
    if arr.size == 0:
        raise ValueError("no comparisons to decide")
    return float((arr <= target).mean())


@dataclass(frozen=True)
class Levels:
    """A discrete distribution: distinct values ascending, and the probability of each."""

    values: FloatArray
    weights: FloatArray

    def accept_rate(self, target: float) -> float:
        """P(value ≤ target): the rule's acceptance rate."""
        return float(self.weights[self.values <= target].sum())


def levels(estimates: ArrayLike) -> Levels:
    arr = np.asarray(estimates, dtype=np.float64)
    if arr.size == 0:
        raise ValueError("no estimates")
    values, counts = np.unique(arr, return_counts=True)
    return Levels(values, counts / arr.size)


def product(a: Levels, b: Levels) -> Levels:
    """Distribution of a·b over every pairing of an a-comparison with a b-comparison (independence)."""
    if a.values.size * b.values.size > 50_000_000:
        raise ValueError("too many distinct levels for an exact product; use sampled pairs")
    return _merged(np.multiply.outer(a.values, b.values).ravel(), np.multiply.outer(a.weights, b.weights).ravel())


def transformed(d: Levels, fn: Callable[[FloatArray], FloatArray]) -> Levels:
    """The same distribution with each value passed through a non-decreasing ``fn`` (ties merged)."""
    return _merged(np.asarray(fn(d.values), dtype=np.float64), d.weights)


def _merged(values: FloatArray, weights: FloatArray) -> Levels:
    """Equal values merged, their weights summed."""
    distinct, inverse = np.unique(values, return_inverse=True)
    summed = np.bincount(inverse.ravel(), weights=weights, minlength=distinct.size)
    return Levels(distinct, summed.astype(np.float64))


def fnmr_at_fmr(genuine: Levels, impostor: Levels, target: float) -> float:
    """FNMR of the best rule "accept when value ≤ τ" whose FMR, P_imp(value ≤ τ), is at most ``target``:
    τ sits just below the first impostor level at which the impostor mass accepted would exceed it."""
    over = np.nonzero(np.cumsum(impostor.weights) > target * (1 + 1e-12))[0]
    if over.size == 0:
        return 0.0
    first_excess = impostor.values[over[0]]
    return float(1.0 - genuine.weights[genuine.values < first_excess].sum())


def fisher_fmr(fused: ArrayLike, modalities: int = 2) -> FloatArray:
    """P(U₁⋯U_k ≤ p) for independent uniform U (Fisher's combination, the gate's rule since this
    evaluation): :func:`matcher.fusion.fisher_combined` over an array of products."""
    if modalities < 1:
        raise ValueError("at least one modality")
    return fisher_combined(fused, modalities)


def product_rule_fmr(target: float, modalities: int = 2) -> float:
    """FMR of "product of k uniform FMR estimates ≤ target" under independence (t·(1 − ln t) for k=2)."""
    return float(fisher_fmr(np.array([target]), modalities)[0])
