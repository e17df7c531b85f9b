"""PAD crops its two context regions from the RGB frame and turns only those to BGR: the models see exactly
the pixels they saw when the whole frame was turned to BGR first, wherever the face lies in the frame."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from matcher.face.pad import INPUT_SIZE, context_crop
from matcher.face.types import FaceBox

LoadRgb = Callable[[str], np.ndarray]


@pytest.mark.parametrize("scale", [2.7, 4.0])
@pytest.mark.parametrize("box", [FaceBox(380, 54, 496, 182), FaceBox(0, 0, 90, 120), FaceBox(760, 300, 853, 480),
                                 FaceBox(10, 5, 850, 470)])
def test_cropping_before_turning_to_bgr_gives_the_same_pixels(load_rgb: LoadRgb, box: FaceBox, scale: float) -> None:
    frame = load_rgb("obama-480p.jpg")
    whole_frame_bgr = np.ascontiguousarray(frame[:, :, ::-1])
    expected = context_crop(whole_frame_bgr, box, scale)
    crop = context_crop(frame, box, scale)[:, :, ::-1]
    assert crop.shape == (INPUT_SIZE, INPUT_SIZE, 3)
    np.testing.assert_array_equal(crop, expected)
