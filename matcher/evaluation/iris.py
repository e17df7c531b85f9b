"""The iris evaluation protocol (pure: labels and distances in, figures out).

One folder per eye: genuine = every pair of images of the same eye, impostor = every pair of images of
different eyes (CASIA-IrisV1: 108 eyes x 7 images give 2,268 genuine and 283,122 impostor pairs). Images
that gave no iris code are failures to acquire (ISO/IEC 19795-1): counted and reported apart, and left out
of the comparison figures; the genuine pairs they cost are reported as well.
Scores are normalised Hamming distances (lower is more alike); figures use ``-distance`` as similarity.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from matcher.evaluation.metrics import as_similarity, det_curve, eer, fnmr_at_fmr, threshold_at_fmr

FMR_TARGETS = (0.001, 0.0001)
CALIBRATION_FMRS = (0.01, 0.001, 0.0001)


@dataclass(frozen=True)
class PairScores:
    genuine: NDArray[np.float64]  # distances
    impostor: NDArray[np.float64]
    genuine_pairs: tuple[tuple[int, int], ...]  # indices into the acquired images, for the worst-case list


def split_pairs(distances: ArrayLike, labels: Sequence[str]) -> PairScores:
    """Genuine and impostor distances from an (N, N) matrix whose upper triangle (i < j) is filled."""
    dist = np.asarray(distances, dtype=np.float64)
    lab = np.asarray(labels)
    if dist.shape != (lab.size, lab.size):
        raise ValueError(f"distance matrix {dist.shape} does not match {lab.size} labels")
    i, j = np.triu_indices(lab.size, 1)
    values = dist[i, j]
    if not np.isfinite(values).all():
        raise ValueError("every pair i < j needs a finite distance")
    same = lab[i] == lab[j]
    pairs = tuple(zip(i[same].tolist(), j[same].tolist(), strict=True))
    return PairScores(genuine=values[same], impostor=values[~same], genuine_pairs=pairs)


def expected_genuine_pairs(labels: Sequence[str]) -> int:
    _, counts = np.unique(np.asarray(labels), return_counts=True)
    return int((counts * (counts - 1) // 2).sum())


def error_rates(genuine: ArrayLike, impostor: ArrayLike) -> dict[str, Any]:
    gen = as_similarity(genuine, lower_is_better=True)
    imp = as_similarity(impostor, lower_is_better=True)
    curve = det_curve(gen, imp)
    return {
        "eer": eer(curve),
        "fnmr_at_fmr": {f"{f:g}": fnmr_at_fmr(curve, f, n_impostor=imp.size) for f in FMR_TARGETS},
        "n_genuine": int(gen.size),
        "n_impostor": int(imp.size),
    }


def report(scores: PairScores, *, all_labels: Sequence[str], failures: Mapping[str, str]) -> dict[str, Any]:
    """The JSON report body: figures at the top level, failures to acquire and score statistics."""
    doc = error_rates(scores.genuine, scores.impostor)
    n_images = len(all_labels)
    lost = expected_genuine_pairs(all_labels) - int(scores.genuine.size)
    doc["failure_to_acquire"] = {
        "count": len(failures), "rate": len(failures) / n_images if n_images else 0.0,
        "images": dict(sorted(failures.items())), "genuine_pairs_lost": lost,
    }
    doc["distances"] = {
        "genuine_mean": float(scores.genuine.mean()), "genuine_sd": float(scores.genuine.std()),
        "impostor_mean": float(scores.impostor.mean()), "impostor_sd": float(scores.impostor.std()),
        "impostor_min": float(scores.impostor.min()),
        "decidability": decidability(scores.genuine, scores.impostor),
    }
    return doc


def decidability(genuine: ArrayLike, impostor: ArrayLike) -> float:
    """Daugman's d' = |mu_i - mu_g| / sqrt((sd_i^2 + sd_g^2) / 2)."""
    g, i = np.asarray(genuine, dtype=np.float64), np.asarray(impostor, dtype=np.float64)
    return float(abs(i.mean() - g.mean()) / np.sqrt((i.var() + g.var()) / 2))


def worst_genuine(scores: PairScores, names: Sequence[str], count: int = 20) -> list[tuple[str, str, float]]:
    order = np.argsort(scores.genuine)[::-1][:count]
    return [(names[scores.genuine_pairs[k][0]], names[scores.genuine_pairs[k][1]], float(scores.genuine[k]))
            for k in order]


def calibration_thresholds(genuine: ArrayLike, impostor: ArrayLike) -> dict[float, float]:
    """Distance threshold per target FMR measurable with this many impostor pairs (match: distance <= t)."""
    imp = as_similarity(impostor, lower_is_better=True)
    curve = det_curve(as_similarity(genuine, lower_is_better=True), imp)
    return {f: -threshold_at_fmr(curve, f) for f in CALIBRATION_FMRS if imp.size * f >= 1.0}
