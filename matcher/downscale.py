"""An image reduced to a longer side, fast: whole-pixel block means first, an area resize only for the rest.

The means of k×k blocks (k whole) are OpenCV's fast path — about 1.5 ms for 1920×1435 → 960×717, against
about 20 ms for an area resize by a fraction — and leave out only the last < k rows and columns. Used for
YuNet's detection copy and for reducing a frame larger than the gate's work size."""

from __future__ import annotations

import cv2
import numpy as np

from matcher.face.types import RgbImage


def downscaled(image: RgbImage, side: int) -> tuple[RgbImage, float, float]:
    """``image`` reduced to at most ``side`` pixels on its longer side, and the x and y factors from the
    copy's pixels back to the image's; ``image`` itself and 1.0, 1.0 when it fits."""
    h, w = image.shape[:2]
    if max(h, w) <= side:
        return image, 1.0, 1.0
    k = max(h, w) // side
    kx, ky = min(k, w), min(k, h)
    covered_w, covered_h = w - w % kx, h - h % ky
    copy: RgbImage = image[:covered_h, :covered_w]
    if k > 1:
        copy = _area(copy, covered_w // kx, covered_h // ky)
    ch, cw = copy.shape[:2]
    if max(ch, cw) > side:
        scale = side / max(ch, cw)
        copy = _area(copy, max(1, round(cw * scale)), max(1, round(ch * scale)))
    return np.ascontiguousarray(copy), covered_w / copy.shape[1], covered_h / copy.shape[0]


def _area(image: RgbImage, width: int, height: int) -> RgbImage:
    return np.asarray(cv2.resize(image, (width, height), interpolation=cv2.INTER_AREA), dtype=np.uint8)
