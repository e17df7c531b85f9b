"""Alignment to dlib's 150×150 face crop: the similarity transform that maps the 5 landmarks onto dlib's
mean face, with 25 % padding; exactly what ``compute_face_descriptor(img, shape)`` does internally."""

from __future__ import annotations

import dlib
import numpy as np
from numpy.typing import NDArray

from matcher.face import params
from matcher.face.types import Landmarks5, RgbImage


def to_dlib_shape(landmarks: Landmarks5) -> dlib.full_object_detection:
    pts = landmarks.points
    x0, y0 = pts.min(axis=0)
    x1, y1 = pts.max(axis=0)
    rect = dlib.rectangle(int(x0), int(y0), int(x1), int(y1))
    parts = dlib.points([dlib.point(round(x), round(y)) for x, y in pts])
    return dlib.full_object_detection(rect, parts)


class DlibCropAligner:
    def __init__(self, *, crop_size: int = params.CHIP_SIZE, padding: float = params.CHIP_PADDING) -> None:
        self.crop_size = crop_size
        self._padding = padding

    def align(self, image: RgbImage, landmarks: Landmarks5) -> NDArray[np.uint8]:
        crop = dlib.get_face_chip(image, to_dlib_shape(landmarks), size=self.crop_size, padding=self._padding)
        return np.ascontiguousarray(crop, dtype=np.uint8)
