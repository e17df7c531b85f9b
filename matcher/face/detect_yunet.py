"""YuNet (OpenCV ``cv2.FaceDetectorYN``): a small, fast CNN detector. Its model file is not on PyPI; it
is configured from ``$EGATE_SHARED/models/yunet`` (the caller reads the file; no I/O here) and verified
against its published SHA-256 before use.

A frame larger than ``detect_side`` (``params.YUNET_DETECT_SIDE``) is detected on a downscaled copy
(:func:`matcher.downscale.downscaled`) and the boxes and five points are scaled back to the frame, so its cost does not
grow with the frame's pixels; the later stages (landmarks, alignment, quality, PAD) still read the
full-resolution frame."""

from __future__ import annotations

import hashlib

import cv2
import numpy as np

from matcher.downscale import downscaled
from matcher.errors import ModelError
from matcher.face import params
from matcher.face.boxes import clip_box, largest_first
from matcher.face.similarity.points import with_points
from matcher.face.types import FaceBox, RgbImage

YUNET_2023MAR_SHA256 = "8f2383e4dd3cfbb4553ea8718107fc0423210dc964f9f4280604804ed2552fa4"


class YuNetDetector:
    name = "yunet"

    def __init__(self, model: bytes, *, score_threshold: float = params.YUNET_SCORE_THRESHOLD,
                 dlib_boxes: bool = True, detect_side: int = params.YUNET_DETECT_SIDE) -> None:
        """``dlib_boxes``: report boxes in dlib's convention (what the 5-point landmark model expects);
        ``detect_side``: the longer side of the copy YuNet looks at when the frame is larger."""
        if detect_side < 32:
            raise ValueError(f"detect_side must be at least 32 pixels, got {detect_side}")
        self._dlib_boxes, self.detect_side = dlib_boxes, detect_side
        digest = hashlib.sha256(model).hexdigest()
        if digest != YUNET_2023MAR_SHA256:
            raise ModelError(f"YuNet model checksum mismatch: {digest}", stage="detect")
        buf = np.frombuffer(model, dtype=np.uint8)
        # OpenCV 5's DNN engine warns that it ignores the (default) target; nothing to act on
        cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)
        self._detector = cv2.FaceDetectorYN.create(
            "onnx", buf, np.empty(0, np.uint8), (320, 320), score_threshold, params.YUNET_NMS_THRESHOLD
        )

    def detect(self, image: RgbImage) -> list[FaceBox]:
        h, w = image.shape[:2]
        small, fx, fy = downscaled(image, self.detect_side)  # fx = fy = 1.0: the very same numbers as before
        self._detector.setInputSize((small.shape[1], small.shape[0]))
        _, faces = self._detector.detect(cv2.cvtColor(small, cv2.COLOR_RGB2BGR))
        if faces is None:
            return []
        # each box carries YuNet's own five points (eyes, nose tip, mouth corners) for similarity alignment
        boxes = (with_points(clip_box(*self._box(float(f[0]) * fx, float(f[1]) * fy, float(f[2]) * fx,
                                                 float(f[3]) * fy), w, h, float(f[14])),
                             [float(v) * (fx if i % 2 == 0 else fy) for i, v in enumerate(f[4:14])])
                 for f in faces)
        return largest_first(b for b in boxes if b is not None)

    def _box(self, x: float, y: float, bw: float, bh: float) -> tuple[float, float, float, float]:
        if self._dlib_boxes:
            dx, dy, sw, sh = params.YUNET_TO_DLIB_BOX
            cx, cy = x + bw / 2 + dx * bw, y + bh / 2 + dy * bh
            bw, bh = bw * sw, bh * sh
            x, y = cx - bw / 2, cy - bh / 2
        return x, y, x + bw, y + bh
