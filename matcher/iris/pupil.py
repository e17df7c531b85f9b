"""Pupil boundary: the darkest compact round blob, refined with the integro-differential operator.

A grey-level threshold a few levels above the darkest pixels is raised step by step; at each step the
connected dark blobs are scored by how well they fill their enclosing circle. The roundest blob of a
plausible size seeds a full-circle integro-differential search for the exact centre and radius. It needs
no specular highlight in the pupil (CASIA-IrisV1 painted its pupils over with a uniform disc).
"""

from __future__ import annotations

import cv2
import numpy as np

from matcher.iris import params
from matcher.iris.contour import circle_means, strongest_step
from matcher.iris.disc import fit_disc
from matcher.iris.errors import IrisNotFoundError
from matcher.iris.types import Circle, GreyImage

_KERNEL = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5))


def _blob_candidates(grey: GreyImage) -> list[tuple[float, float, float, float]]:
    """(fill, x, y, r) of round dark blobs of pupil size, over the threshold steps."""
    dark = float(np.percentile(grey, params.PUPIL_DARK_PERCENTILE))
    r_lo, r_hi = params.PUPIL_RADIUS
    found = []
    for step in params.PUPIL_THRESHOLD_STEPS:
        raw = (grey <= dark + step).astype(np.uint8)
        opened = cv2.morphologyEx(raw, cv2.MORPH_OPEN, _KERNEL)  # thin eyelashes go
        mask = cv2.morphologyEx(opened, cv2.MORPH_CLOSE, _KERNEL)  # small highlights are filled
        n, _, stats, centroids = cv2.connectedComponentsWithStats(mask, connectivity=8)
        for i in range(1, n):
            _, _, w, h, area = (int(v) for v in stats[i])
            r_area = float(np.sqrt(area / np.pi))
            if not r_lo <= r_area <= r_hi or min(w, h) == 0 or max(w, h) / min(w, h) > params.PUPIL_MAX_ASPECT:
                continue
            fill = area / (np.pi * (max(w, h) / 2) ** 2)
            if fill >= params.PUPIL_MIN_FILL:
                found.append((float(fill), float(centroids[i][0]), float(centroids[i][1]), r_area))
    return found


def find_pupil(grey: GreyImage, smoothed: GreyImage | None = None) -> Circle:
    """The pupil circle, or :class:`IrisNotFoundError` (stage "pupil") when no dark round blob exists."""
    blurred: GreyImage = smoothed if smoothed is not None else np.asarray(cv2.GaussianBlur(grey, (5, 5), 1.2), np.uint8)
    candidates = _blob_candidates(blurred)
    if not candidates:
        raise IrisNotFoundError("no pupil: no dark round blob of pupil size", stage="pupil")
    _, x0, y0, r0 = max(candidates)
    span = params.PUPIL_REFINE_CENTRE
    offsets = np.arange(-span, span + 0.5, 1.0)
    dx, dy = np.meshgrid(offsets, offsets)
    cx, cy = x0 + dx.ravel(), y0 + dy.ravel()
    dr = max(params.PUPIL_REFINE_RADIUS, 0.12 * r0)
    radii = np.arange(r0 - dr - 4, r0 + dr + 4.01, 0.5)
    angles = np.linspace(0, 2 * np.pi, 64, endpoint=False)
    means = circle_means(blurred.astype(np.float32), cx, cy, radii, angles)
    allowed = np.broadcast_to(np.abs(radii - r0) <= dr, means.shape)
    best = strongest_step(means, radii, sigma=1.0, allowed=allowed)
    if best.strength < params.PUPIL_MIN_STEP:
        raise IrisNotFoundError(f"no pupil: the dark blob's edge rises only {best.strength:.1f} grey levels/px",
                                stage="pupil")
    h, w = grey.shape
    found = fit_disc(grey, Circle(float(cx[best.centre]), float(cy[best.centre]), best.radius, best.strength))
    x, y, r = found.x, found.y, found.r
    if x - r < 0 or y - r < 0 or x + r > w - 1 or y + r > h - 1:
        raise IrisNotFoundError("no pupil: the dark blob is cut by the image border", stage="pupil")
    return found
