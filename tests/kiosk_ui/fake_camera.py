"""A y4m video for Chromium's fake camera (--use-file-for-fake-video-capture), made from sample photos."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import cv2
import numpy as np

from tests.gate.api.small_face import far_away

WIDTH, HEIGHT, FPS = 640, 480, 10


def _frame(photo: bytes) -> np.ndarray:
    image = cv2.imdecode(np.frombuffer(photo, np.uint8), cv2.IMREAD_COLOR)
    assert image is not None
    height, width = image.shape[:2]
    scale = max(WIDTH / width, HEIGHT / height)
    resized = cv2.resize(image, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA)
    top, left = (resized.shape[0] - HEIGHT) // 2, (resized.shape[1] - WIDTH) // 2
    return np.ascontiguousarray(resized[top:top + HEIGHT, left:left + WIDTH])


def write_y4m(path: Path, scenes: Sequence[tuple[bytes, int]]) -> Path:
    """Each scene: a photo (JPEG/PNG bytes) shown for a number of frames at ``FPS``."""
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F{FPS}:1 Ip A1:1 C420jpeg\n".encode())
        for photo, count in scenes:
            yuv = cv2.cvtColor(_frame(photo), cv2.COLOR_BGR2YUV_I420).tobytes()
            for _ in range(count):
                out.write(b"FRAME\n" + yuv)
    return path


def approaching(photo: bytes, path: Path, far_s: float = 3.0, near_s: float = 30.0) -> Path:
    """The traveller first stands far from the camera (the face too small), then steps up to it."""
    return write_y4m(path, [(far_away(photo, 0.3), round(far_s * FPS)), (photo, round(near_s * FPS))])
