"""MCC stage ``Consolidation``: local similarities to one score, with relaxation (Cappelli et al. 2010, §4).

1. Preselect nR = min(nA, nB) pairs of the local similarity matrix Γ, in one of the paper's two ways:
   * LSS-R (``lss_r``): the nR largest entries of Γ, a minutia free to take part in several pairs;
   * LSA-R (``lsa_r``): the one-to-one assignment of A's minutiae to B's that maximises the summed Γ
     (Hungarian algorithm, ``scipy.optimize.linear_sum_assignment``), its best nR pairs. Noisy minutiae
     (mindtct's) exploit the freedom of LSS: see ``docs/fingerprint-evaluation.md`` for both, measured.
2. Relax: λᵢ(t) = w·λᵢ₋₁(t) + (1 − w)·Σₖ≠ₜ ρ(t, k)·λᵢ₋₁(k) / (nR − 1), nrel times, where ρ(t, k) is the
   product of three sigmoids of how well pairs t and k agree in distance, relative direction and radial
   angle: pairs of a consistent geometry reinforce each other, isolated ones fade.
3. Keep the nP pairs with the best efficiency λ_nrel / λ₀; the score is their mean λ_nrel, in [0, 1].
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linear_sum_assignment
from scipy.special import expit

from matcher.finger import params as p
from matcher.finger.mcc_cylinders import Cylinders, wrap

F64 = NDArray[np.float64]


def sigmoid(v: F64, mu: float, tau: float) -> F64:
    return np.asarray(expit(tau * (v - mu)), dtype=np.float64)


def top_pairs_count(n_a: int, n_b: int) -> int:
    """nP: how many pairs the global score averages (eq. 23)."""
    z = float(sigmoid(np.asarray(min(n_a, n_b), dtype=np.float64), p.MCC_MU_P, p.MCC_TAU_P))
    return p.MCC_MIN_NP + round(z * (p.MCC_MAX_NP - p.MCC_MIN_NP))


def compatibility(a: Cylinders, b: Cylinders, ia: NDArray[np.intp], ib: NDArray[np.intp]) -> F64:
    """ρ(t, k) for the pairs (ia[t], ib[t]): an nR × nR matrix with a zero diagonal."""

    def geometry(c: Cylinders, idx: NDArray[np.intp]) -> tuple[F64, F64, F64]:
        dx = c.x[idx][None, :] - c.x[idx][:, None]
        dy = c.y[idx][None, :] - c.y[idx][:, None]
        dist = np.hypot(dx, dy)
        rel_dir = wrap(c.angle[idx][:, None] - c.angle[idx][None, :])
        radial = wrap(c.angle[idx][:, None] - np.arctan2(dy, dx))
        return dist, rel_dir, radial

    da, ra, qa = geometry(a, ia)
    db, rb, qb = geometry(b, ib)
    (m1, m2, m3), (t1, t2, t3) = p.MCC_MU_RHO, p.MCC_TAU_RHO
    rho = (
        sigmoid(np.abs(da - db), m1, t1)
        * sigmoid(np.abs(wrap(ra - rb)), m2, t2)
        * sigmoid(np.abs(wrap(qa - qb)), m3, t3)
    )
    np.fill_diagonal(rho, 0.0)
    return rho


Pairs = tuple[NDArray[np.intp], NDArray[np.intp], F64]  # indices into A, into B, and their Γ


def sorted_pairs(gamma: F64, n_r: int) -> Pairs:
    """LSS: the nR largest entries of Γ."""
    flat = gamma.ravel()
    order = np.argsort(-flat, kind="stable")[:n_r]
    ia, ib = np.unravel_index(order, gamma.shape)
    return ia.astype(np.intp), ib.astype(np.intp), flat[order]


def assigned_pairs(gamma: F64, n_r: int) -> Pairs:
    """LSA: the best nR pairs of the one-to-one assignment of maximal total Γ."""
    rows, cols = linear_sum_assignment(gamma, maximize=True)
    values = gamma[rows, cols]
    order = np.argsort(-values, kind="stable")[:n_r]
    return rows[order].astype(np.intp), cols[order].astype(np.intp), values[order]


def relaxed_score(
    gamma: F64, a: Cylinders, b: Cylinders, *, one_to_one: bool
) -> tuple[float, NDArray[np.intp], NDArray[np.intp]]:
    """The global MCC score in [0, 1] from Γ, with the preselected pairs (indices into A and B) ordered by
    relaxed similarity, best first."""
    none = np.zeros(0, np.intp)
    n_a, n_b = a.count, b.count
    n_r = min(n_a, n_b)
    if n_r < 2:
        return 0.0, none, none
    ia, ib, lam0 = (assigned_pairs if one_to_one else sorted_pairs)(gamma, n_r)
    kept = lam0 > 0
    ia, ib, lam0 = ia[kept], ib[kept], lam0[kept]
    if lam0.size < 2:
        return 0.0, none, none
    rho = compatibility(a, b, ia, ib)
    lam = lam0.copy()
    for _ in range(p.MCC_N_REL):
        lam = p.MCC_W_R * lam + (1.0 - p.MCC_W_R) * (rho @ lam) / (n_r - 1)
    n_p = min(top_pairs_count(n_a, n_b), lam.size)
    best = np.argsort(-(lam / lam0), kind="stable")[:n_p]
    ranked = np.argsort(-lam, kind="stable")
    return float(lam[best].mean()), ia[ranked], ib[ranked]


def lss_r(gamma: F64, a: Cylinders, b: Cylinders) -> tuple[float, NDArray[np.intp], NDArray[np.intp]]:
    return relaxed_score(gamma, a, b, one_to_one=False)


def lsa_r(gamma: F64, a: Cylinders, b: Cylinders) -> tuple[float, NDArray[np.intp], NDArray[np.intp]]:
    return relaxed_score(gamma, a, b, one_to_one=True)
