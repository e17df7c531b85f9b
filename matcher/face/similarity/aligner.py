"""Alignment by a similarity transform of five points onto a template (the InsightFace / Open Model Zoo
style crop): the detector's eye centres, nose tip and mouth corners when it gave them, otherwise dlib's
5 landmarks onto where they land in the same template (see ``params``)."""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

from matcher.face.similarity.params import Points
from matcher.face.similarity.points import PointedLandmarks
from matcher.face.similarity.transform import similarity_transform
from matcher.face.types import Landmarks5, RgbImage


class SimilarityAligner:
    def __init__(self, template: Points, dlib_template: Points, *, crop_size: int) -> None:
        self.crop_size = crop_size
        self._template = np.asarray(template, np.float64) * crop_size
        self._dlib_template = np.asarray(dlib_template, np.float64) * crop_size
        if self._template.shape != (5, 2) or self._dlib_template.shape != (5, 2):
            raise ValueError("alignment templates need five (x, y) points")

    def transform(self, landmarks: Landmarks5) -> NDArray[np.float64]:
        """The 2×3 image → crop matrix for these landmarks."""
        points = landmarks.points_array() if isinstance(landmarks, PointedLandmarks) else None
        if points is not None:
            return similarity_transform(points, self._template)
        return similarity_transform(landmarks.points, self._dlib_template)

    def align(self, image: RgbImage, landmarks: Landmarks5) -> NDArray[np.uint8]:
        size = self.crop_size
        crop = cv2.warpAffine(image, self.transform(landmarks), (size, size), flags=cv2.INTER_LINEAR,
                              borderMode=cv2.BORDER_CONSTANT, borderValue=(0, 0, 0))
        return np.ascontiguousarray(crop, dtype=np.uint8)
