"""The small interfaces that let detectors, landmark models and embedders be swapped.

A pipeline is ``detector → landmarker → aligner → embedder``; each is a plain object with one method.
Implementations: ``detect_hog``, ``detect_cnn``, ``detect_yunet``; ``landmarks``; ``align``;
``embed_dlib`` (the reference) and ONNX embedders registered through ``models/``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from matcher.face.types import AlignedFace, FaceBox, Landmarks5, RgbImage


class FaceDetector(Protocol):
    name: str

    def detect(self, image: RgbImage) -> list[FaceBox]:
        """All faces in the image, largest first."""
        ...


class LandmarkPredictor(Protocol):
    name: str

    def predict(self, image: RgbImage, box: FaceBox) -> Landmarks5: ...


class FaceAligner(Protocol):
    crop_size: int

    def align(self, image: RgbImage, landmarks: Landmarks5) -> NDArray[np.uint8]:
        """The normalised crop (crop_size × crop_size × 3, RGB uint8)."""
        ...


class FaceEmbedder(Protocol):
    """Maps aligned crops to fixed-length descriptors. ``model_id`` names model *and* version: templates
    and calibrations are keyed by it."""

    model_id: str
    dim: int
    crop_size: int

    def embed(self, crops: Sequence[AlignedFace] | NDArray[np.uint8]) -> NDArray[np.float32]:
        """(N, dim) float32 descriptors for N crops of shape (crop_size, crop_size, 3) RGB uint8."""
        ...
