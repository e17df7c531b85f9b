"""Limbus (iris/sclera) boundary: a robust integro-differential operator over the lower-lateral sectors,
centred (almost) on the pupil.

For each candidate centre and every angle of the sectors, the grey-level profile along the ray is
differentiated with a Gaussian derivative; the boundary is the radius where the *median* over the angles
of that derivative peaks. Daugman's operator takes the mean instead, and one strong edge on a few rays (a
lid, a lash, the lid's shadow) then wins over a faint iris/sclera edge seen on all the others; the median
needs the edge on at least half of the rays.

The centre may move only ``LIMBUS_CENTRE_RANGE`` px from the pupil centre: on CASIA-IrisV1 a free centre
(± a quarter of the pupil radius) cost more in misregistration between images of the same eye (the
estimate wanders with the occlusion) than the true pupil/iris offset is worth.
"""

from __future__ import annotations

import cv2
import numpy as np

from matcher.iris import params
from matcher.iris.contour import gaussian_derivative, ray_samples, sector_angles
from matcher.iris.errors import IrisNotFoundError
from matcher.iris.types import Circle, GreyImage


def find_limbus(smoothed: GreyImage, pupil: Circle) -> Circle:
    """The iris outer boundary, or :class:`IrisNotFoundError` (stage "limbus")."""
    lo_ratio, hi_ratio = params.IRIS_PUPIL_RATIO
    r_lo = max(params.IRIS_RADIUS[0], lo_ratio * pupil.r)
    r_hi = min(params.IRIS_RADIUS[1], hi_ratio * pupil.r)
    if r_hi <= r_lo + 4:
        raise IrisNotFoundError(f"no limbus: a pupil of radius {pupil.r:.0f} px leaves no plausible iris size",
                                stage="limbus")
    span = params.LIMBUS_CENTRE_RANGE
    grid = np.arange(-span, span + 0.01, 1.0)
    dx, dy = np.meshgrid(grid, grid)
    cx, cy = pupil.x + dx.ravel(), pupil.y + dy.ravel()
    pad = np.ceil(3 * params.LIMBUS_SMOOTH_SIGMA)  # the derivative is not valid near the ends of the range
    radii = np.arange(r_lo - pad, r_hi + pad + 0.01, 1.0)
    angles = sector_angles(params.LIMBUS_SECTORS_DEG, params.LIMBUS_ANGLES)
    samples = ray_samples(smoothed.astype(np.float32), cx, cy, radii, angles)  # (centres, radii, angles)
    n_c, n_r, n_a = samples.shape
    kernel = gaussian_derivative(params.LIMBUS_SMOOTH_SIGMA, 1.0)[::-1].reshape(-1, 1)  # correlation kernel
    rows = np.ascontiguousarray(samples.transpose(1, 0, 2).reshape(n_r, n_c * n_a))
    deriv = cv2.filter2D(rows, cv2.CV_32F, kernel.astype(np.float32), borderType=cv2.BORDER_REPLICATE)
    score = np.median(deriv.reshape(n_r, n_c, n_a), axis=2).T  # (centres, radii)
    offset = np.hypot(cx - pupil.x, cy - pupil.y)
    # the iris must hold the pupil with a margin: offset + r_pupil < r_iris
    allowed = (offset[:, None] + pupil.r * 1.15 < radii[None, :]) & (radii >= r_lo) & (radii <= r_hi)
    score = np.where(allowed, score, -np.inf)
    c, r = np.unravel_index(int(np.argmax(score)), score.shape)
    strength = float(score[c, r])
    if strength < params.LIMBUS_MIN_STEP / 4:  # strength is per px; a real limbus rises over a few px
        raise IrisNotFoundError(f"no limbus: the strongest boundary rises only {strength:.2f} grey levels/px",
                                stage="limbus")
    return Circle(float(cx[c]), float(cy[c]), float(radii[r]), strength)
