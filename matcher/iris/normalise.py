"""Daugman's rubber sheet: each angle theta joins the pupil boundary point to the limbus point of the same
angle (each on its own circle, so non-concentric circles are handled), sampled at fixed fractions of the
way. Noise pixels are marked invalid and filled with their row's mean so that the filter does not ring."""

from __future__ import annotations

import cv2
import numpy as np

from matcher.iris import params
from matcher.iris.types import BoolMask, GreyImage, NormalisedIris, Segmentation


def rubber_sheet(grey: GreyImage, seg: Segmentation, *, radial: int = params.NORM_RADIAL,
                 angular: int = params.NORM_ANGULAR) -> NormalisedIris:
    theta = np.linspace(0.0, 2 * np.pi, angular, endpoint=False)
    lo, hi = params.NORM_RADIAL_RANGE
    rho = np.linspace(lo, hi, radial)[:, None]
    p, s = seg.pupil, seg.iris
    xp, yp = p.x + p.r * np.cos(theta), p.y + p.r * np.sin(theta)
    xs, ys = s.x + s.r * np.cos(theta), s.y + s.r * np.sin(theta)
    map_x = ((1 - rho) * xp + rho * xs).astype(np.float32)
    map_y = ((1 - rho) * yp + rho * ys).astype(np.float32)
    texture = cv2.remap(grey.astype(np.float32), map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    h, w = grey.shape
    in_image = (map_x >= 0) & (map_x <= w - 1) & (map_y >= 0) & (map_y <= h - 1)
    noise = cv2.remap(seg.noise.astype(np.uint8), map_x, map_y, cv2.INTER_NEAREST, borderMode=cv2.BORDER_CONSTANT,
                      borderValue=1)
    valid: BoolMask = in_image & (noise == 0)
    counts = valid.sum(axis=1, keepdims=True)
    overall = float(texture[valid].mean()) if valid.any() else float(texture.mean())
    row_mean = np.where(counts > 0, (texture * valid).sum(axis=1, keepdims=True) / np.maximum(counts, 1), overall)
    filled = np.where(valid, texture, row_mean).astype(np.float32)
    return NormalisedIris(texture=filled, valid=valid)
