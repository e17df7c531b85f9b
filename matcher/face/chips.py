"""Validation of chip batches handed to an embedder."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from matcher.face.types import AlignedFace


def as_chip_batch(chips: Sequence[AlignedFace] | NDArray[np.uint8], chip_size: int) -> NDArray[np.uint8]:
    """(N, chip_size, chip_size, 3) uint8, C-contiguous; ValueError for anything else."""
    if isinstance(chips, np.ndarray):
        batch = chips
    else:
        batch = (np.stack([c.chip for c in chips]) if len(chips)
                 else np.zeros((0, chip_size, chip_size, 3), np.uint8))
    if batch.dtype != np.uint8 or batch.ndim != 4 or batch.shape[1:] != (chip_size, chip_size, 3):
        raise ValueError(f"expected (N, {chip_size}, {chip_size}, 3) uint8 chips, got {batch.shape} {batch.dtype}")
    return np.ascontiguousarray(batch)
