"""Frames made from the shared sample photos for guided-capture tests: the same face, far from the camera."""

from __future__ import annotations

import cv2
import numpy as np


def far_away(photo: bytes, scale: float = 0.25) -> bytes:
    """The photo shrunk by ``scale`` and centred on a plain grey canvas of its own size (JPEG)."""
    image = cv2.imdecode(np.frombuffer(photo, np.uint8), cv2.IMREAD_COLOR)
    assert image is not None
    height, width = image.shape[:2]
    small = cv2.resize(image, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA)
    canvas = np.full_like(image, 128)
    top, left = (height - small.shape[0]) // 2, (width - small.shape[1]) // 2
    canvas[top:top + small.shape[0], left:left + small.shape[1]] = small
    ok, encoded = cv2.imencode(".jpg", canvas, [cv2.IMWRITE_JPEG_QUALITY, 95])
    assert ok
    return encoded.tobytes()


def blank(width: int = 640, height: int = 480) -> bytes:
    ok, encoded = cv2.imencode(".jpg", np.zeros((height, width, 3), np.uint8))
    assert ok
    return encoded.tobytes()
