"""dlib's 5-point landmark model (CC0). The 68-point model is deliberately not used: its training data
(iBUG 300-W) forbids commercial use."""

from __future__ import annotations

import dlib
import face_recognition_models
import numpy as np

from matcher.face.boxes import to_dlib_rect
from matcher.face.types import FaceBox, Landmarks5, RgbImage


class FivePointLandmarks:
    name = "dlib-5pt"

    def __init__(self, model_path: str | None = None) -> None:
        path = model_path or face_recognition_models.pose_predictor_five_point_model_location()
        self._predictor = dlib.shape_predictor(path)

    def predict(self, image: RgbImage, box: FaceBox) -> Landmarks5:
        shape = self._predictor(image, to_dlib_rect(box))
        pts = np.array([[shape.part(i).x, shape.part(i).y] for i in range(5)], dtype=np.float64)
        return Landmarks5(pts)
