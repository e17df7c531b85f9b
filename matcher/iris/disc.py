"""Sub-pixel pupil circle from the edge points of the dark disc, fitted robustly.

From the coarse pupil circle, each of ``PUPIL_FIT_RAYS`` rays is sampled outwards and the point where its
grey level crosses half-way between the pupil's level and the iris's just outside is an edge point (linear
interpolation between samples). A least-squares circle (Kåsa's algebraic fit) through the points is
refitted without the points further than 4, 2, then 1 x ``PUPIL_FIT_TOLERANCE`` px from it: rays where a
lid or lashes touch the pupil cross late and drop out. A pupil whose boundary really is a circle is then
fitted to a fraction of a pixel. On CASIA-IrisV1 (every pupil painted over with a uniform disc) it moves
the centre by 0.2 px (median; 1.1 px at the 99th percentile) and the gain is small (d' 5.24 -> 5.35): some
discs leave a dark band of the real pupil showing above them, and 42 of the 756 images keep the coarse
circle. Fitting the lower half first (to skip the lid) moved centres by 2-3 px and lost d' (4.84).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from matcher.iris import params
from matcher.iris.contour import ray_samples
from matcher.iris.types import Circle, GreyImage


def _kasa(x: NDArray[np.float64], y: NDArray[np.float64]) -> tuple[float, float, float]:
    """Circle through the points in the least-squares sense of x² + y² + D x + E y + F = 0."""
    a = np.column_stack([x, y, np.ones_like(x)])
    d, e, f = np.linalg.lstsq(a, -(x**2 + y**2), rcond=None)[0]
    cx, cy = -d / 2, -e / 2
    return float(cx), float(cy), float(np.sqrt(max(cx**2 + cy**2 - f, 0.0)))


def edge_points(grey: GreyImage, coarse: Circle) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """(x, y) of the mid-level crossing on each ray, NaN where the ray never crosses."""
    angles = np.linspace(0.0, 2 * np.pi, params.PUPIL_FIT_RAYS, endpoint=False)
    radii = np.arange(0.6 * coarse.r, 1.4 * coarse.r, 0.5)
    prof = ray_samples(grey.astype(np.float32), np.array([coarse.x]), np.array([coarse.y]), radii, angles)[0].T
    inner = float(np.median(prof[:, radii < 0.8 * coarse.r]))
    outer = float(np.median(prof[:, radii > 1.2 * coarse.r]))
    level = (inner + outer) / 2
    above = prof >= level
    first = np.argmax(above, axis=1)  # first sample at or above the level on each ray
    ok = above.any(axis=1) & (first > 0)
    i = np.clip(first, 1, radii.size - 1)
    rows = np.arange(angles.size)
    lo, hi = prof[rows, i - 1], prof[rows, i]
    frac = np.clip((level - lo) / np.maximum(hi - lo, 1e-6), 0.0, 1.0)
    r = np.where(ok, radii[i - 1] + frac * (radii[1] - radii[0]), np.nan)
    return coarse.x + r * np.cos(angles), coarse.y + r * np.sin(angles)


def fit_disc(grey: GreyImage, coarse: Circle) -> Circle:
    """The refined circle, or ``coarse`` unchanged when too few rays give a consistent edge."""
    x, y = edge_points(grey, coarse)
    keep = np.isfinite(x)
    need = params.PUPIL_FIT_MIN_INLIERS * x.size
    for scale in (4.0, 2.0, 1.0, 1.0):  # tolerance shrinking: far outliers first, they bias the first fit
        if keep.sum() < need:
            return coarse
        cx, cy, r = _kasa(x[keep], y[keep])
        resid = np.abs(np.hypot(x - cx, y - cy) - r)
        keep = np.isfinite(x) & (np.nan_to_num(resid, nan=np.inf) <= scale * params.PUPIL_FIT_TOLERANCE)
    if keep.sum() < need or abs(r - coarse.r) > 0.15 * coarse.r or np.hypot(cx - coarse.x, cy - coarse.y) > 4:
        return coarse
    return Circle(cx, cy, r, coarse.strength)
