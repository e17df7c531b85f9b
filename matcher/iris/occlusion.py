"""Noise mask: eyelids (parabolas fitted to the vertical grey-level gradient inside the iris), eyelashes
(much darker than the iris) and specular reflections or lid skin (much brighter than the iris).

Upper lid: ``y = y0 + k (x - x0)^2 / r_iris``, skin above it brighter than the iris below (negative vertical
gradient); the lower lid is the mirror image. The gradient inside the pupil is ignored (its top edge looks
like a lid). A lid whose best edge is weaker than ``EYELID_MIN_EDGE`` is taken to lie outside the iris.
"""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

from matcher.iris import params
from matcher.iris.types import BoolMask, Circle, Eyelid, GreyImage

_SAMPLES = 64


def _gradient(smoothed: GreyImage, pupil: Circle, iris: Circle) -> NDArray[np.float32]:
    gy = np.asarray(cv2.Sobel(smoothed, cv2.CV_32F, 0, 1, ksize=3), dtype=np.float32) / np.float32(8.0)
    h, w = smoothed.shape
    yy, xx = np.mgrid[0:h, 0:w]
    inside_pupil = (xx - pupil.x) ** 2 + (yy - pupil.y) ** 2 <= (pupil.r * 1.25) ** 2
    outside_iris = (xx - iris.x) ** 2 + (yy - iris.y) ** 2 >= (iris.r * 0.97) ** 2
    gy[inside_pupil | outside_iris] = np.nan
    out: NDArray[np.float32] = gy
    return out


def _fit_lid(gy: NDArray[np.float32], pupil: Circle, iris: Circle, upper: bool) -> Eyelid:
    dx = np.linspace(-params.EYELID_WIDTH, params.EYELID_WIDTH, _SAMPLES) * iris.r
    xs = np.clip(np.round(iris.x + dx).astype(int), 0, gy.shape[1] - 1)
    sign = 1.0 if upper else -1.0
    y0s = np.arange(iris.y - iris.r, pupil.y + 0.5) if upper else np.arange(pupil.y, iris.y + iris.r + 0.5)
    ks = np.asarray(params.EYELID_CURVATURES)
    ys = y0s[:, None, None] + sign * ks[None, :, None] * dx[None, None, :] ** 2 / iris.r
    yi = np.round(ys).astype(int)
    inside = (yi >= 0) & (yi < gy.shape[0])
    vals = gy[np.clip(yi, 0, gy.shape[0] - 1), xs[None, None, :]]
    vals = np.where(inside, vals, np.nan)
    counts = np.sum(~np.isnan(vals), axis=2)
    with np.errstate(invalid="ignore"):
        score = -sign * np.nanmean(np.where(counts[..., None] > 0, vals, 0.0), axis=2)
    score = np.where(counts >= _SAMPLES * 0.3, score, -np.inf)
    i, j = np.unravel_index(int(np.argmax(score)), score.shape)
    best = float(score[i, j])
    found = bool(np.isfinite(best) and best >= params.EYELID_MIN_EDGE)
    edge = iris.y - sign * iris.r
    return Eyelid(y0=float(y0s[i]) if found else edge, x0=iris.x, k=float(ks[j]) if found else 0.0,
                  found=found, strength=best if np.isfinite(best) else 0.0)


def find_eyelids(smoothed: GreyImage, pupil: Circle, iris: Circle) -> tuple[Eyelid, Eyelid]:
    gy = _gradient(smoothed, pupil, iris)
    return _fit_lid(gy, pupil, iris, upper=True), _fit_lid(gy, pupil, iris, upper=False)


def lid_mask(shape: tuple[int, int], iris: Circle, upper: Eyelid, lower: Eyelid) -> BoolMask:
    h, w = shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    up = upper.y0 + upper.k * (xx - upper.x0) ** 2 / iris.r
    down = lower.y0 - lower.k * (xx - lower.x0) ** 2 / iris.r
    out: BoolMask = (yy < up) | (yy > down)
    return out


def noise_mask(grey: GreyImage, pupil: Circle, iris: Circle, upper: Eyelid, lower: Eyelid) -> BoolMask:
    """True where the eye image is not iris texture: lids, lashes, reflections (pupil and sclera are left
    to the rubber sheet, which samples between the two circles only)."""
    lids = lid_mask(grey.shape, iris, upper, lower)
    h, w = grey.shape
    yy, xx = np.mgrid[0:h, 0:w]
    ring = ((xx - iris.x) ** 2 + (yy - iris.y) ** 2 <= iris.r**2) & (
        (xx - pupil.x) ** 2 + (yy - pupil.y) ** 2 > (pupil.r * 1.1) ** 2) & ~lids
    values = grey[ring].astype(np.float32)
    if values.size < 50:
        everything: BoolMask = lids | ring  # nothing left to measure: all of it is noise
        return everything
    med = float(np.median(values))
    spread = max(1.4826 * float(np.median(np.abs(values - med))), 3.0)
    lashes = grey < med - params.LASH_K * spread
    bright = grey > med + params.REFLECTION_K * spread
    blobs = np.asarray(cv2.dilate((lashes | bright).astype(np.uint8), np.ones((3, 3), np.uint8)), dtype=bool)
    out: BoolMask = lids | blobs
    return out
