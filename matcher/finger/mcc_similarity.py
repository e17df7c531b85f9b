"""MCC stage ``LocalSimilarity``: the NA × NB matrix Γ of cylinder similarities (eq. 9–11 of the paper).

For cylinders a, b only the cells valid in both count (c_a|b, c_b|a); the similarity is
1 − ‖c_a|b − c_b|a‖ / (‖c_a|b‖ + ‖c_b|a‖), and 0 when fewer than minME of the cells are matchable or the
minutia directions differ by more than δθ. The masked norms are three matrix products, so the whole
matrix costs O(NA·NB·cells) in BLAS.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from matcher.finger import params as p
from matcher.finger.mcc_cylinders import Cylinders, wrap


def local_similarity(a: Cylinders, b: Cylinders) -> NDArray[np.float64]:
    nd = p.MCC_ND
    ma = np.repeat(a.cell_mask, nd, axis=1)
    mb = np.repeat(b.cell_mask, nd, axis=1)
    aa = (a.values.astype(np.float64) ** 2) @ mb.T.astype(np.float64)  # ‖c_a|b‖²
    bb = ma.astype(np.float64) @ (b.values.astype(np.float64) ** 2).T  # ‖c_b|a‖²
    ab = a.values.astype(np.float64) @ b.values.T.astype(np.float64)
    norm_sum = np.sqrt(aa) + np.sqrt(bb)
    dist = np.sqrt(np.maximum(aa + bb - 2.0 * ab, 0.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        sim = np.where(norm_sum > 0, 1.0 - dist / norm_sum, 0.0)
    matchable = (a.cell_mask @ b.cell_mask.T) >= p.MCC_MIN_ME * _disc_cells()
    aligned = np.abs(wrap(a.angle[:, None] - b.angle[None, :])) <= p.MCC_DELTA_THETA
    usable = a.valid[:, None] & b.valid[None, :] & matchable & aligned
    return np.where(usable, sim, 0.0)


def _disc_cells() -> float:
    ds = 2.0 * p.MCC_R / p.MCC_NS
    u = (np.arange(p.MCC_NS) - (p.MCC_NS - 1) / 2.0) * ds
    return float((np.hypot(u[:, None], u[None, :]) <= p.MCC_R).sum())
