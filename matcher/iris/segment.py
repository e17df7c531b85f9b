"""Segmentation: pupil, then limbus, then eyelids, then the noise mask (each stage in its own module)."""

from __future__ import annotations

import cv2
import numpy as np

from matcher.iris.limbus import find_limbus
from matcher.iris.occlusion import find_eyelids, noise_mask
from matcher.iris.pupil import find_pupil
from matcher.iris.types import IrisImage, Segmentation


def segment(image: IrisImage) -> Segmentation:
    """Raises :class:`matcher.iris.errors.IrisNotFoundError` when a boundary is missing."""
    grey = image.pixels
    smoothed = np.asarray(cv2.GaussianBlur(grey, (5, 5), 1.2), dtype=np.uint8)
    pupil = find_pupil(grey, smoothed)
    iris = find_limbus(smoothed, pupil)
    upper, lower = find_eyelids(smoothed, pupil, iris)
    return Segmentation(pupil=pupil, iris=iris, upper_lid=upper, lower_lid=lower,
                        noise=noise_mask(grey, pupil, iris, upper, lower))
