"""Exact k-nearest-neighbour search in numpy, streaming the gallery in chunks.

Squared Euclidean distance is computed as ‖x‖² − 2·x·q + ‖q‖² with the gallery norms precomputed, one
BLAS matrix product per chunk of gallery rows, so memory stays at ``chunk × queries`` floats whatever the
gallery size. Dead rows (``alive`` False) never reach the result.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

CHUNK_ROWS = 65_536


def topk_l2(gallery: NDArray[np.float32], sqnorms: NDArray[np.float32], queries: NDArray[np.float32], k: int,
            alive: NDArray[np.bool_] | None = None,
            chunk: int = CHUNK_ROWS) -> tuple[NDArray[np.float32], NDArray[np.int64]]:
    """(squared distances, row indices), each (Q, k') with k' = min(k, live rows), nearest first."""
    q = np.ascontiguousarray(queries, dtype=np.float32)
    n_q = len(q)
    best_d = np.full((n_q, 0), np.inf, np.float32)
    best_i = np.zeros((n_q, 0), np.int64)
    q_sq = np.einsum("ij,ij->i", q, q)[:, None]
    for start in range(0, len(gallery), chunk):
        block = gallery[start : start + chunk]
        d = q_sq - 2.0 * (q @ block.T) + sqnorms[start : start + chunk][None, :]
        np.maximum(d, 0.0, out=d)
        if alive is not None:
            d[:, ~alive[start : start + chunk]] = np.inf
        idx = np.broadcast_to(np.arange(start, start + len(block), dtype=np.int64), d.shape)
        best_d, best_i = _merge(np.hstack([best_d, d]), np.hstack([best_i, idx]), k)
    keep = np.isfinite(best_d).all(axis=0)
    return best_d[:, keep], best_i[:, keep]


def _merge(d: NDArray[np.float32], i: NDArray[np.int64], k: int) -> tuple[NDArray[np.float32], NDArray[np.int64]]:
    if d.shape[1] > k:
        part = np.argpartition(d, k - 1, axis=1)[:, :k]
        d, i = np.take_along_axis(d, part, 1), np.take_along_axis(i, part, 1)
    order = np.argsort(d, axis=1, kind="stable")
    return np.take_along_axis(d, order, 1), np.take_along_axis(i, order, 1)
