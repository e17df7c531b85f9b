"""Scores between two descriptors. Pure numpy; which metric applies is part of the model's definition."""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import NDArray

Metric = Literal["euclidean", "cosine"]


def euclidean_distance(a: NDArray[np.float32], b: NDArray[np.float32]) -> float:
    return float(np.linalg.norm(a.astype(np.float64) - b.astype(np.float64)))


def cosine_similarity(a: NDArray[np.float32], b: NDArray[np.float32]) -> float:
    a64, b64 = a.astype(np.float64), b.astype(np.float64)
    denom = float(np.linalg.norm(a64) * np.linalg.norm(b64))
    return float(a64 @ b64 / denom) if denom > 0 else 0.0


def score(a: NDArray[np.float32], b: NDArray[np.float32], metric: Metric) -> float:
    if a.shape != b.shape:
        raise ValueError(f"descriptor shapes differ: {a.shape} vs {b.shape}")
    return euclidean_distance(a, b) if metric == "euclidean" else cosine_similarity(a, b)


def pairwise_scores(a: NDArray[np.float32], b: NDArray[np.float32], metric: Metric) -> NDArray[np.float64]:
    """(len(a), len(b)) matrix of scores, vectorised (used by evaluations and 1:N search)."""
    a64, b64 = a.astype(np.float64), b.astype(np.float64)
    if metric == "cosine":
        a64 = a64 / np.maximum(np.linalg.norm(a64, axis=1, keepdims=True), 1e-12)
        b64 = b64 / np.maximum(np.linalg.norm(b64, axis=1, keepdims=True), 1e-12)
        return np.asarray(a64 @ b64.T, dtype=np.float64)
    sq = (a64 ** 2).sum(1)[:, None] + (b64 ** 2).sum(1)[None, :] - 2 * a64 @ b64.T
    return np.asarray(np.sqrt(np.maximum(sq, 0.0)), dtype=np.float64)
