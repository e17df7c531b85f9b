"""Five-point similarity alignment onto a named template (models name theirs in their manifest)."""

from __future__ import annotations

from matcher.face.similarity import params
from matcher.face.similarity.aligner import SimilarityAligner
from matcher.face.similarity.points import PointedBox, PointedLandmarker, PointedLandmarks, with_points
from matcher.face.similarity.transform import similarity_transform

TEMPLATES: dict[str, tuple[params.Points, params.Points]] = {
    "omz-face-reid-0095": (params.OMZ_FACE_REID, params.OMZ_FACE_REID_DLIB),
}

__all__ = ["TEMPLATES", "PointedBox", "PointedLandmarker", "PointedLandmarks", "SimilarityAligner",
           "similarity_transform", "with_points"]
