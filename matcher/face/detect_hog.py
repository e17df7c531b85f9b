"""dlib's HOG + linear SVM frontal face detector (face_recognition's default)."""

from __future__ import annotations

import dlib

from matcher.face import params
from matcher.face.boxes import clip_box, largest_first
from matcher.face.types import FaceBox, RgbImage


class HogDetector:
    name = "hog"

    def __init__(self, *, upsample: int = params.HOG_UPSAMPLE) -> None:
        self._detector = dlib.get_frontal_face_detector()
        self._upsample = upsample

    def detect(self, image: RgbImage) -> list[FaceBox]:
        rects, scores, _ = self._detector.run(image, self._upsample, 0.0)
        h, w = image.shape[:2]
        boxes = [
            clip_box(r.left(), r.top(), r.right() + 1, r.bottom() + 1, w, h, float(s))
            for r, s in zip(rects, scores, strict=True)
        ]
        return largest_first(b for b in boxes if b is not None)
