"""MCC stage ``Cylinders``: one Minutia Cylinder-Code per minutia (Cappelli, Ferrara, Maltoni, TPAMI 2010).

Each cylinder is an NS × NS × ND grid around a minutia, rotated with it: a cell holds Ψ(Σ spatial ×
directional contributions) of the neighbouring minutiae (eqs. 2–8 of the paper), a cell is valid when it
lies inside the disc of radius R and inside the minutiae's convex hull enlarged by Ω. Everything is one
batch of numpy array operations over (minutia, cell, neighbour); no per-minutia Python loop.
Work happens in a y-up frame so angles keep their ISO (counter-clockwise) sense.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.spatial import ConvexHull, QhullError
from scipy.special import erf, expit

from matcher.finger import params as p
from matcher.finger.template import FingerTemplate

F32 = NDArray[np.float32]
F64 = NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class Cylinders:
    """``values`` (N, NS·NS·ND), zero where a cell is invalid; ``cell_mask`` (N, NS·NS) valid cells."""

    values: F32
    cell_mask: F32
    valid: NDArray[np.bool_]  # cylinders usable for matching
    x: F64  # y-up frame
    y: F64
    angle: F64

    @property
    def count(self) -> int:
        return int(self.valid.sum())


def wrap(a: NDArray[np.floating]) -> NDArray[np.float64]:
    """Angle difference normalised to [-π, π) (the paper's dφ)."""
    return np.asarray((a + np.pi) % (2 * np.pi) - np.pi, dtype=np.float64)


def _cell_offsets() -> tuple[F64, NDArray[np.bool_]]:
    ds = 2.0 * p.MCC_R / p.MCC_NS
    u = (np.arange(p.MCC_NS) - (p.MCC_NS - 1) / 2.0) * ds
    i, j = np.meshgrid(u, u, indexing="ij")
    offsets = np.stack([i.ravel(), j.ravel()], axis=1)  # (S, 2)
    return offsets, np.hypot(offsets[:, 0], offsets[:, 1]) <= p.MCC_R


def _in_enlarged_hull(points: F64, query: F64) -> NDArray[np.bool_]:
    """Whether each query point lies within Ω of the convex hull of ``points``."""
    flat = query.reshape(-1, 2)
    try:
        hull = ConvexHull(points)
    except (QhullError, ValueError):  # fewer than 3 or collinear minutiae: distance to the nearest one
        d = np.hypot(flat[:, None, 0] - points[None, :, 0], flat[:, None, 1] - points[None, :, 1]).min(1)
        return np.asarray(d <= p.MCC_OMEGA).reshape(query.shape[:-1])
    inside = (flat @ hull.equations[:, :2].T + hull.equations[:, 2] <= 1e-9).all(axis=1)
    a = points[hull.simplices[:, 0]]
    b = points[hull.simplices[:, 1]]
    ab = b - a
    t = np.clip(((flat[:, None, :] - a[None]) * ab[None]).sum(-1) / (ab**2).sum(-1)[None], 0.0, 1.0)
    closest = a[None] + t[..., None] * ab[None]
    dist = np.hypot(*(flat[:, None, :] - closest).transpose(2, 0, 1)).min(axis=1)
    return np.asarray(inside | (dist <= p.MCC_OMEGA)).reshape(query.shape[:-1])


def build_cylinders(template: FingerTemplate) -> Cylinders:
    x = np.asarray(template.x, dtype=np.float64)
    y = -np.asarray(template.y, dtype=np.float64)
    theta = np.asarray(template.angle, dtype=np.float64)
    n = x.size
    offsets, in_disc = _cell_offsets()
    c, s = np.cos(theta), np.sin(theta)
    # cell centres (N, S, 2): minutia + R(θ) · offset
    cx = x[:, None] + c[:, None] * offsets[None, :, 0] - s[:, None] * offsets[None, :, 1]
    cy = y[:, None] + s[:, None] * offsets[None, :, 0] + c[:, None] * offsets[None, :, 1]
    centres = np.stack([cx, cy], axis=-1)
    pts = np.stack([x, y], axis=1)
    cell_mask = in_disc[None, :] & _in_enlarged_hull(pts, centres)

    # spatial contribution (N, S, T): Gaussian of the cell-to-neighbour distance, within 3σS, t ≠ m
    d2 = (cx[:, :, None] - x[None, None, :]) ** 2 + (cy[:, :, None] - y[None, None, :]) ** 2
    sig_s = p.MCC_SIGMA_S
    spatial = np.exp(-d2 / (2 * sig_s**2)) / (sig_s * np.sqrt(2 * np.pi))
    spatial[d2 > (3 * sig_s) ** 2] = 0.0
    spatial[np.arange(n), :, np.arange(n)] = 0.0

    # directional contribution (N, T, ND): Gaussian of dφ(dφk, dφ(θm, θt)) integrated over the cell height
    delta_d = 2 * np.pi / p.MCC_ND
    dphi_k = -np.pi + (np.arange(p.MCC_ND) + 0.5) * delta_d
    rel = wrap(theta[:, None] - theta[None, :])
    diff = wrap(dphi_k[None, None, :] - rel[:, :, None])
    k = 1.0 / (p.MCC_SIGMA_D * np.sqrt(2.0))
    directional = 0.5 * (erf((diff + delta_d / 2) * k) - erf((diff - delta_d / 2) * k))

    total = np.einsum("mst,mtk->msk", spatial, directional)
    psi = expit(p.MCC_TAU_PSI * (total - p.MCC_MU_PSI))
    values = (psi * cell_mask[:, :, None]).reshape(n, -1).astype(np.float32)

    dist = np.hypot(x[:, None] - x[None, :], y[:, None] - y[None, :])
    neighbours = (dist <= p.MCC_R + 3 * sig_s).sum(axis=1) - 1
    enough_cells = cell_mask.sum(axis=1) >= p.MCC_MIN_VC * in_disc.sum()
    valid = enough_cells & (neighbours >= p.MCC_MIN_M)
    return Cylinders(
        values=values, cell_mask=cell_mask.astype(np.float32), valid=valid, x=x, y=y, angle=theta
    )
