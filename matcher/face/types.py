"""Value types passed between the face stages. Frozen; arrays are never modified after construction."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

RgbImage = NDArray[np.uint8]  # (H, W, 3), RGB, uint8, C-contiguous
Embedding = NDArray[np.float32]  # (D,)


@dataclass(frozen=True)
class FaceBox:
    """A detected face: pixel box (left, top, right, bottom), exclusive right/bottom, and the
    detector's confidence (its own scale; only comparable within one detector)."""

    left: int
    top: int
    right: int
    bottom: int
    confidence: float = 1.0

    @property
    def width(self) -> int:
        return self.right - self.left

    @property
    def height(self) -> int:
        return self.bottom - self.top

    @property
    def area(self) -> int:
        return max(self.width, 0) * max(self.height, 0)


@dataclass(frozen=True)
class Landmarks5:
    """dlib's 5-point landmarks, shape (5, 2) as (x, y) in image pixels, in dlib's order:
    0-1 the corners of the eye on the image's right (the subject's left eye: outer, inner),
    2-3 the corners of the eye on the image's left (the subject's right eye: outer, inner), 4 the nose base
    (face_recognition names 2-3 "left_eye" and 0-1 "right_eye": image-side names)."""

    points: NDArray[np.float64]

    def __post_init__(self) -> None:
        if self.points.shape != (5, 2):
            raise ValueError(f"5-point landmarks need shape (5, 2), got {self.points.shape}")

    @property
    def eye_centers(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """(image-left eye centre, image-right eye centre)."""
        return self.points[2:4].mean(axis=0), self.points[0:2].mean(axis=0)

    @property
    def nose(self) -> NDArray[np.float64]:
        return np.asarray(self.points[4], dtype=np.float64)


@dataclass(frozen=True)
class DetectedFace:
    box: FaceBox
    landmarks: Landmarks5


@dataclass(frozen=True)
class AlignedFace:
    """The normalised face crop the embedder consumes (dlib: 150×150 RGB, padding 0.25)."""

    crop: RgbImage
    source: DetectedFace
