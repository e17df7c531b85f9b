"""The least-squares similarity transform between two point sets (Umeyama 1991), in numpy.

Written here rather than taken from OpenCV: ``cv2.estimateAffinePartial2D`` only offers robust (RANSAC /
LMedS) fits, which on five points may drop a point; alignment wants the plain least-squares fit of all.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from matcher.face.similarity import params


def similarity_transform(src: NDArray[np.float64], dst: NDArray[np.float64]) -> NDArray[np.float64]:
    """The 2×3 matrix ``[s·R | t]`` (rotation, uniform scale, translation; no reflection) minimising
    Σ ‖s·R·src_i + t − dst_i‖². ValueError for mismatched shapes or coincident source points."""
    src, dst = np.asarray(src, np.float64), np.asarray(dst, np.float64)
    if src.ndim != 2 or src.shape[1] != 2 or src.shape != dst.shape or len(src) < 2:
        raise ValueError(f"need two matching (n ≥ 2, 2) point sets, got {src.shape} and {dst.shape}")
    if not (np.isfinite(src).all() and np.isfinite(dst).all()):
        raise ValueError("points must be finite")
    mu_s, mu_d = src.mean(axis=0), dst.mean(axis=0)
    s0, d0 = src - mu_s, dst - mu_d
    var_s = float((s0 ** 2).sum() / len(src))
    if var_s < params.MIN_POINT_SPREAD ** 2:
        raise ValueError("the source points (nearly) coincide")
    u, sv, vt = np.linalg.svd(d0.T @ s0 / len(src))
    d = np.array([1.0, -1.0 if np.linalg.det(u) * np.linalg.det(vt) < 0 else 1.0])
    rotation = u @ np.diag(d) @ vt
    scale = float((sv * d).sum() / var_s)
    shift = mu_d - scale * rotation @ mu_s
    return np.hstack([scale * rotation, shift[:, None]])
