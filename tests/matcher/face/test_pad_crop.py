"""PAD crops its two context regions from the RGB frame and turns only those to BGR: the models see exactly
the pixels they saw when the whole frame was turned to BGR first, wherever the face lies in the frame."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from matcher.face.pad import INPUT_SIZE, MiniFasNetPad, context_crop
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


class _RecordingSession:
    """Stands in for an ONNX Runtime session: keeps what the detector feeds it, answers 'real'."""

    def __init__(self) -> None:
        self.fed: list[np.ndarray] = []

    def get_inputs(self) -> list[object]:
        return [type("Input", (), {"name": "input"})()]

    def run(self, _outputs: object, feeds: dict[str, np.ndarray]) -> list[np.ndarray]:
        self.fed.append(feeds["input"])
        return [np.array([[0.0, 10.0, 0.0]], np.float32)]


def test_the_models_are_fed_the_bgr_crop_channels_first(load_rgb: LoadRgb) -> None:
    """What ``score`` feeds each model: the context crop of the frame as BGR, channels first, as float32."""
    frame = load_rgb("obama-480p.jpg")
    box = FaceBox(380, 54, 496, 182)
    sessions = {2.7: _RecordingSession(), 4.0: _RecordingSession()}
    pad = MiniFasNetPad.__new__(MiniFasNetPad)
    pad._sessions = list(sessions.items())
    assert pad.score(frame, box) < 0.01  # both say 'real'
    bgr = np.ascontiguousarray(frame[:, :, ::-1])
    for scale, session in sessions.items():
        (fed,) = session.fed
        expected = context_crop(bgr, box, scale).astype(np.float32).transpose(2, 0, 1)[None]
        assert fed.dtype == np.float32 and fed.shape == (1, 3, INPUT_SIZE, INPUT_SIZE)
        np.testing.assert_array_equal(fed, expected)
