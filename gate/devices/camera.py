"""Cameras: still images, a folder of frames, or an OpenCV ``VideoCapture`` device."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import cv2
import numpy as np

from matcher.face.types import RgbImage
from matcher.image import decode_image

FRAME_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".webp"}


class StillImageCamera:
    """Delivers the given images (encoded bytes) once each, in order: the kiosk's uploaded frames."""

    def __init__(self, images: Sequence[bytes]) -> None:
        self._images = list(images)

    def frames(self) -> Iterator[RgbImage]:
        for data in self._images:
            yield decode_image(data).rgb


class FolderCamera(StillImageCamera):
    """The image files of a folder in name order, as a recorded capture session."""

    def __init__(self, folder: Path) -> None:
        files = sorted(p for p in folder.iterdir() if p.suffix.lower() in FRAME_SUFFIXES)
        super().__init__([p.read_bytes() for p in files])


class VideoCaptureCamera:
    """A live device through OpenCV (``index`` 0 is the first camera), or a video file path."""

    def __init__(self, source: int | str = 0, *, max_frames: int = 300) -> None:
        self._source = source
        self._max_frames = max_frames

    def frames(self) -> Iterator[RgbImage]:
        capture = cv2.VideoCapture(self._source)
        try:
            for _ in range(self._max_frames):
                ok, bgr = capture.read()
                if not ok:
                    return
                yield np.ascontiguousarray(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))
        finally:
            capture.release()
