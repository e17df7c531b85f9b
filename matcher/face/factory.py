"""Builds a :class:`FacePipeline` from names (what the settings and the CLI speak)."""

from __future__ import annotations

from typing import Literal

from matcher.errors import ModelError
from matcher.face.align import DlibCropAligner
from matcher.face.compare import Metric
from matcher.face.detect_cnn import CnnDetector
from matcher.face.detect_hog import HogDetector
from matcher.face.detect_yunet import YuNetDetector
from matcher.face.embed_dlib import DlibResNetEmbedder
from matcher.face.landmarks import FivePointLandmarks
from matcher.face.pipeline import FacePipeline
from matcher.face.ports import FaceAligner, FaceDetector, FaceEmbedder, LandmarkPredictor
from matcher.face.quality import BORDER_CAPTURE, QualityProfile
from matcher.face.similarity import TEMPLATES, PointedLandmarker, SimilarityAligner

DetectorName = Literal["hog", "cnn", "yunet"]
DLIB_ALIGNMENT = "dlib-5-point"


def build_detector(name: DetectorName, *, upsample: int = 1, yunet_model: bytes | None = None) -> FaceDetector:
    if name == "hog":
        return HogDetector(upsample=upsample)
    if name == "cnn":
        return CnnDetector(upsample=upsample)
    if name == "yunet":
        if yunet_model is None:
            raise ModelError("the YuNet detector needs its model file (EGATE_SHARED/models/yunet)")
        return YuNetDetector(yunet_model)
    raise ModelError(f"unknown face detector {name!r}")


def build_alignment(template: str, crop_size: int) -> tuple[LandmarkPredictor, FaceAligner]:
    """The landmark stage and aligner for the alignment template a model's manifest names."""
    if template == DLIB_ALIGNMENT:
        return FivePointLandmarks(), DlibCropAligner(crop_size=crop_size)
    if template in TEMPLATES:
        points, dlib_points = TEMPLATES[template]
        return PointedLandmarker(), SimilarityAligner(points, dlib_points, crop_size=crop_size)
    raise ModelError(f"unknown alignment template {template!r} (have {DLIB_ALIGNMENT!r}, {sorted(TEMPLATES)})")


def build_pipeline(detector: DetectorName = "hog", *, upsample: int = 1, yunet_model: bytes | None = None,
                   embedder: FaceEmbedder | None = None, num_jitters: int = 0, flip: bool = False,
                   quality_profile: QualityProfile = BORDER_CAPTURE, calibration_id: str | None = None,
                   metric: Metric = "euclidean", alignment: str = DLIB_ALIGNMENT) -> FacePipeline:
    """A pipeline on dlib's ResNet, or on ``embedder`` (with the calibration and metric its manifest names)."""
    emb = embedder or DlibResNetEmbedder(num_jitters=num_jitters, flip=flip)
    landmarker, aligner = build_alignment(alignment, emb.crop_size)
    return FacePipeline(build_detector(detector, upsample=upsample, yunet_model=yunet_model), landmarker, aligner, emb,
                        quality_profile=quality_profile, calibration_id=calibration_id, metric=metric)


def variant_name(detector: str, upsample: int, num_jitters: int = 0, flip: bool = False) -> str:
    """The name of a pipeline variant, as calibrations record it (score distributions depend on it)."""
    parts = [detector, f"up{upsample}"]
    if num_jitters:
        parts.append(f"jitter{num_jitters}")
    if flip:
        parts.append("flip")
    return "-".join(parts)
