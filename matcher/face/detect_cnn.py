"""dlib's CNN (MMOD) face detector: more robust to pose than HOG, several times slower on a CPU."""

from __future__ import annotations

import dlib
import face_recognition_models

from matcher.face import params
from matcher.face.boxes import clip_box, largest_first
from matcher.face.types import FaceBox, RgbImage


class CnnDetector:
    name = "cnn"

    def __init__(self, *, upsample: int = params.CNN_UPSAMPLE, model_path: str | None = None) -> None:
        path = model_path or face_recognition_models.cnn_face_detector_model_location()
        self._detector = dlib.cnn_face_detection_model_v1(path)
        self._upsample = upsample

    def detect(self, image: RgbImage) -> list[FaceBox]:
        h, w = image.shape[:2]
        found = self._detector(image, self._upsample)
        boxes = (
            clip_box(d.rect.left(), d.rect.top(), d.rect.right() + 1, d.rect.bottom() + 1, w, h,
                     float(d.confidence))
            for d in found
        )
        return largest_first(b for b in boxes if b is not None)
