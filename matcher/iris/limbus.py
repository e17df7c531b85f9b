"""Limbus (iris/sclera) boundary: Daugman's integro-differential operator over the lateral sectors, with its
own centre (the iris and pupil circles are not concentric), coarse to fine."""

from __future__ import annotations

import numpy as np

from matcher.iris import params
from matcher.iris.contour import circle_means, sector_angles, strongest_step
from matcher.iris.errors import IrisNotFoundError
from matcher.iris.types import Circle


def _search(image: np.ndarray, pupil: Circle, cx: np.ndarray, cy: np.ndarray, radii: np.ndarray,
            r_range: tuple[float, float]) -> tuple[float, float, float, float]:
    angles = sector_angles(params.LIMBUS_SECTORS_DEG, params.LIMBUS_ANGLES)
    means = circle_means(image, cx, cy, radii, angles)
    offset = np.hypot(cx - pupil.x, cy - pupil.y)
    # the iris must hold the pupil with a margin: offset + r_pupil < r_iris
    allowed = (offset[:, None] + pupil.r * 1.15 < radii[None, :]) & (radii >= r_range[0]) & (radii <= r_range[1])
    best = strongest_step(means, radii, sigma=params.LIMBUS_SMOOTH_SIGMA, allowed=allowed)
    return float(cx[best.centre]), float(cy[best.centre]), best.radius, best.strength


def find_limbus(smoothed: np.ndarray, pupil: Circle) -> Circle:
    """The iris outer boundary, or :class:`IrisNotFoundError` (stage "limbus")."""
    image = smoothed.astype(np.float32)
    lo_ratio, hi_ratio = params.IRIS_PUPIL_RATIO
    r_lo = max(params.IRIS_RADIUS[0], lo_ratio * pupil.r)
    r_hi = min(params.IRIS_RADIUS[1], hi_ratio * pupil.r)
    if r_hi <= r_lo + 4:
        raise IrisNotFoundError(f"no limbus: a pupil of radius {pupil.r:.0f} px leaves no plausible iris size",
                                stage="limbus")
    span = max(2.0, params.LIMBUS_CENTRE_RANGE * pupil.r)
    step = params.LIMBUS_CENTRE_STEP
    grid = np.arange(-span, span + 0.01, step)
    dx, dy = np.meshgrid(grid, grid)
    pad = 4 * params.LIMBUS_SMOOTH_SIGMA  # the derivative is not valid near the ends of the radius range
    radii = np.arange(r_lo - pad, r_hi + pad + 0.01, 1.0)
    x, y, r, _ = _search(image, pupil, pupil.x + dx.ravel(), pupil.y + dy.ravel(), radii, (r_lo, r_hi))
    fine = np.arange(-step, step + 0.01, 1.0)
    fx, fy = np.meshgrid(fine, fine)
    radii = np.arange(r - 3 - pad, r + 3 + pad + 0.01, 0.5)
    x, y, r, strength = _search(image, pupil, x + fx.ravel(), y + fy.ravel(), radii,
                                (max(r_lo, r - 3), min(r_hi, r + 3)))
    if strength < params.LIMBUS_MIN_STEP / 4:  # strength is per px; a real limbus rises over a few px
        raise IrisNotFoundError(f"no limbus: the strongest boundary rises only {strength:.2f} grey levels/px",
                                stage="limbus")
    return Circle(x, y, r, strength)
