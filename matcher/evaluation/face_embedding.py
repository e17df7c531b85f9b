"""Embedding of evaluation images, with an explicit failure-to-acquire (FTA) rule.

Evaluation photos can hold several faces; the subject is the face nearest the image centre (LFW's
convention). When the detector finds none, the sample is a failure to acquire; it is still embedded from
a box at the image centre covering ``fallback_box_fraction`` of the shorter side (LFW is centred by
construction), so every pair gets a score, and the FTA count is reported beside the figures.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from matcher.face.pipeline import FacePipeline
from matcher.face.types import AlignedFace, DetectedFace, FaceBox, RgbImage


@dataclass(frozen=True)
class EvalEmbedding:
    vector: NDArray[np.float32]
    acquired: bool  # False: no face detected, embedded from the fallback centre box


def centre_face(faces: list[DetectedFace], width: int, height: int) -> DetectedFace:
    def dist(f: DetectedFace) -> float:
        cx, cy = (f.box.left + f.box.right) / 2, (f.box.top + f.box.bottom) / 2
        return float((cx - width / 2) ** 2 + (cy - height / 2) ** 2)

    return min(faces, key=dist)


def embed_for_evaluation(pipeline: FacePipeline, image: RgbImage, *,
                         fallback_box_fraction: float = 0.45) -> EvalEmbedding:
    h, w = image.shape[:2]
    faces = pipeline.detect(image)
    acquired = bool(faces)
    if acquired:
        face = centre_face(faces, w, h)
    else:
        half = min(w, h) * fallback_box_fraction / 2
        box = FaceBox(round(w / 2 - half), round(h / 2 - half), round(w / 2 + half), round(h / 2 + half), 0.0)
        face = DetectedFace(box, pipeline.landmarker.predict(image, box))
    crop = pipeline.aligner.align(image, face.landmarks)
    return EvalEmbedding(pipeline.embedder.embed([AlignedFace(crop, face)])[0], acquired)
