"""Validation of crop batches handed to an embedder."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from matcher.face.types import AlignedFace


def as_crop_batch(crops: Sequence[AlignedFace] | NDArray[np.uint8], crop_size: int) -> NDArray[np.uint8]:
    """(N, crop_size, crop_size, 3) uint8, C-contiguous; ValueError for anything else."""
    if isinstance(crops, np.ndarray):
        batch = crops
    else:
        batch = (np.stack([c.crop for c in crops]) if len(crops)
                 else np.zeros((0, crop_size, crop_size, 3), np.uint8))
    if batch.dtype != np.uint8 or batch.ndim != 4 or batch.shape[1:] != (crop_size, crop_size, 3):
        raise ValueError(f"expected (N, {crop_size}, {crop_size}, 3) uint8 crops, got {batch.shape} {batch.dtype}")
    return np.ascontiguousarray(batch)
