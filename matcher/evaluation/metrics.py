"""Verification accuracy the way the field reports it (ISO/IEC 19795-1): FMR, FNMR, DET, EER.

Scores are *similarity-oriented* here: higher means more alike. Matchers whose native score is a distance
pass ``-distance`` (see :func:`as_similarity`). A comparison is a match when ``score >= threshold``.
All functions are pure numpy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]


def as_similarity(scores: ArrayLike, *, lower_is_better: bool) -> FloatArray:
    arr = np.asarray(scores, dtype=np.float64)
    return -arr if lower_is_better else arr


@dataclass(frozen=True)
class DetCurve:
    """Error rates at every distinct threshold, thresholds ascending (FMR falls, FNMR rises)."""

    thresholds: FloatArray
    fmr: FloatArray
    fnmr: FloatArray


def det_curve(genuine: ArrayLike, impostor: ArrayLike) -> DetCurve:
    """FMR(t) = P(impostor >= t), FNMR(t) = P(genuine < t) at every observed score t."""
    gen = np.sort(np.asarray(genuine, dtype=np.float64))
    imp = np.sort(np.asarray(impostor, dtype=np.float64))
    if gen.size == 0 or imp.size == 0:
        raise ValueError("a DET curve needs at least one genuine and one impostor score")
    if not (np.isfinite(gen).all() and np.isfinite(imp).all()):
        raise ValueError("scores must be finite")
    thresholds = np.unique(np.concatenate([gen, imp, [np.inf]]))
    fmr = 1.0 - np.searchsorted(imp, thresholds, side="left") / imp.size
    fnmr = np.searchsorted(gen, thresholds, side="left") / gen.size
    return DetCurve(thresholds=thresholds, fmr=fmr, fnmr=fnmr)


def eer(curve: DetCurve) -> float:
    """Equal error rate: where FMR and FNMR cross, interpolated between the two bracketing thresholds."""
    diff = curve.fmr - curve.fnmr  # decreasing from >= 0 to <= 0
    idx = int(np.argmax(diff <= 0))
    if idx == 0:
        return float((curve.fmr[0] + curve.fnmr[0]) / 2)
    d0, d1 = diff[idx - 1], diff[idx]
    w = d0 / (d0 - d1) if d0 != d1 else 0.5
    fmr = curve.fmr[idx - 1] + w * (curve.fmr[idx] - curve.fmr[idx - 1])
    fnmr = curve.fnmr[idx - 1] + w * (curve.fnmr[idx] - curve.fnmr[idx - 1])
    return float((fmr + fnmr) / 2)


def threshold_at_fmr(curve: DetCurve, target_fmr: float) -> float:
    """The lowest threshold whose FMR is at most ``target_fmr`` (the operating point a gate uses)."""
    ok = np.nonzero(curve.fmr <= target_fmr)[0]
    return float(curve.thresholds[ok[0]])


def fnmr_at_fmr(curve: DetCurve, target_fmr: float, *, n_impostor: int | None = None) -> float | None:
    """FNMR at the threshold achieving FMR <= target. ``None`` when the impostor set is too small to
    measure that FMR (fewer than ``1 / target`` impostor comparisons)."""
    if n_impostor is not None and n_impostor * target_fmr < 1.0:
        return None
    ok = np.nonzero(curve.fmr <= target_fmr)[0]
    return float(curve.fnmr[ok[0]])


def zero_fmr(curve: DetCurve) -> float:
    """FNMR at the lowest threshold with no false match (FVC's ZeroFMR)."""
    return float(curve.fnmr[np.nonzero(curve.fmr == 0)[0][0]])


def accuracy_at(genuine: ArrayLike, impostor: ArrayLike, threshold: float) -> float:
    gen = np.asarray(genuine, dtype=np.float64)
    imp = np.asarray(impostor, dtype=np.float64)
    correct = int((gen >= threshold).sum()) + int((imp < threshold).sum())
    return correct / (gen.size + imp.size)


def best_accuracy_threshold(genuine: ArrayLike, impostor: ArrayLike) -> float:
    """The threshold that maximises accuracy on these scores (midpoint between neighbouring scores)."""
    curve = det_curve(genuine, impostor)
    gen_n = np.asarray(genuine).size
    imp_n = np.asarray(impostor).size
    errors = curve.fmr * imp_n + curve.fnmr * gen_n
    i = int(np.argmin(errors))
    if i == 0:
        return float(curve.thresholds[0])
    return float((curve.thresholds[i - 1] + curve.thresholds[i]) / 2)


def folds_accuracy(
    genuine: ArrayLike, impostor: ArrayLike, genuine_fold: ArrayLike, impostor_fold: ArrayLike
) -> tuple[float, float]:
    """LFW-style accuracy: for each fold, fit the threshold on the other folds and test on it.
    Returns (mean accuracy, standard error of the mean over folds)."""
    gen = np.asarray(genuine, dtype=np.float64)
    imp = np.asarray(impostor, dtype=np.float64)
    gf = np.asarray(genuine_fold)
    imf = np.asarray(impostor_fold)
    accs = []
    for fold in np.unique(np.concatenate([gf, imf])):
        t = best_accuracy_threshold(gen[gf != fold], imp[imf != fold])
        accs.append(accuracy_at(gen[gf == fold], imp[imf == fold], t))
    arr = np.asarray(accs)
    sem = float(arr.std(ddof=1) / np.sqrt(arr.size)) if arr.size > 1 else 0.0
    return float(arr.mean()), sem


def fmr_curve_points(impostor: ArrayLike, n_points: int = 64) -> list[list[float]]:
    """(threshold, FMR) pairs, FMR log-spaced from 1 down to 1/N: the score-to-FMR map fusion needs."""
    imp = np.sort(np.asarray(impostor, dtype=np.float64))
    fmrs = np.unique(np.geomspace(1.0, 1.0 / imp.size, n_points))[::-1]
    thresholds = np.quantile(imp, 1.0 - fmrs, method="higher")
    at_or_above = imp.size - np.searchsorted(imp, thresholds, side="left")
    return [[float(t), float(n / imp.size)] for t, n in zip(thresholds, at_or_above, strict=True)]
