"""Exact top k from the 8-bit code scan (:mod:`matcher.search.codes`): the candidates are re-ranked with the
float vectors, and the result is returned only once it is proven to be the exact one.

The proof: every coded row the scan did not return lies at approximate distance ≥ √bound from the probe,
hence at exact distance ≥ reach = √bound − max_error (the codes' largest reconstruction error); rows kept
aside are always re-ranked. If the k-th exact distance among the candidates is below ``reach``, no row
outside them can enter the top k. Otherwise the cut is widened once (×16), then the search falls back to
exact numpy — slower, never different. The tolerances cover float32 rounding in faiss and in the exact
formula (‖x‖² − 2x·q + ‖q‖², the same one :func:`matcher.search.exact.topk_l2` uses).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from matcher.search.codes import CodeScan
from matcher.search.exact import topk_l2

FIRST_CUT = 512
WIDEN = 16
_REL = 1e-4


@dataclass
class RefineCounts:
    """How searches were settled (operational figures; the benchmark reports them)."""

    first_cut: int = 0
    widened: int = 0
    exhaustive: int = 0


def live_rows(keys: NDArray[np.int64], alive: NDArray[np.bool_], wanted: NDArray[np.int64]) -> NDArray[np.int64]:
    """Rows of the ``wanted`` keys that still exist and are alive (``keys`` ascending)."""
    if len(keys) == 0 or len(wanted) == 0:
        return np.zeros(0, np.int64)
    rows = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    rows = rows[keys[rows] == wanted]
    out: NDArray[np.int64] = rows[alive[rows]].astype(np.int64)
    return out


def exact_d2(vecs: NDArray[np.float32], sqnorms: NDArray[np.float32], query: NDArray[np.float32],
             rows: NDArray[np.int64]) -> NDArray[np.float32]:
    d2 = np.float32(query @ query) - 2.0 * (vecs[rows] @ query) + sqnorms[rows]
    out: NDArray[np.float32] = np.maximum(d2, 0.0).astype(np.float32)
    return out


def proven(best_d2: NDArray[np.float32], want: int, bound_d2: float, max_error: float) -> bool:
    """True when no row outside the candidates can be nearer than the ``want``-th candidate."""
    if not np.isfinite(bound_d2):
        return True  # every coded row was a candidate
    if len(best_d2) < want:
        return False
    reach = float(np.sqrt(bound_d2 * (1.0 - _REL))) - max_error
    kth = float(best_d2[want - 1])
    return reach > 0.0 and reach * reach - _REL * (1.0 + reach * reach + kth) >= kth


def certified_topk(scan: CodeScan, vecs: NDArray[np.float32], sqnorms: NDArray[np.float32],
                   keys: NDArray[np.int64], alive: NDArray[np.bool_], query: NDArray[np.float32], want: int,
                   counts: RefineCounts) -> tuple[NDArray[np.float32], NDArray[np.int64]]:
    """(squared distances, rows) of the ``want`` nearest live rows, nearest first: what exact search returns."""
    cut = max(FIRST_CUT, 16 * want)
    for attempt in range(2):
        found, bound = scan.candidates(query, cut)
        rows = live_rows(keys, alive, np.concatenate([found, scan.aside]))
        d2 = exact_d2(vecs, sqnorms, query, rows)
        order = np.argsort(d2, kind="stable")[:want]
        if proven(d2[order], want, bound, scan.max_error):
            if attempt == 0:
                counts.first_cut += 1
            else:
                counts.widened += 1
            return d2[order], rows[order]
        cut *= WIDEN
    counts.exhaustive += 1
    best, where = topk_l2(vecs, sqnorms, query[None, :], want, alive)
    return best[0], where[0]


def stack(results: list[tuple[NDArray[np.float32], NDArray[np.int64]]], want: int
          ) -> tuple[NDArray[np.float32], NDArray[np.int64]]:
    """One (Q, want) pair of arrays, short rows padded with (inf, −1) as faiss pads."""
    d2 = np.full((len(results), want), np.inf, np.float32)
    rows = np.full((len(results), want), -1, np.int64)
    for j, (dist, row) in enumerate(results):
        d2[j, : len(dist)], rows[j, : len(row)] = dist, row
    return d2, rows
