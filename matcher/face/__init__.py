"""Face matching: detect → five landmarks → align (the crop) → embed → compare, with quality and PAD.

    pipeline = build_pipeline("yunet", yunet_model=…, embedder=…)   # or gate.model_store.face_pipeline
    capture = pipeline.capture(rgb)                                 # FaceCapture: face, crop, template, quality
    result = pipeline.verify(capture.template, reference, calibration, fmr_target=1e-3)   # Comparison

Detectors (HOG, CNN, YuNet), the landmark stage, aligners (dlib's crop, five-point similarity templates)
and embedders (dlib, any ONNX model with a manifest) are swapped through the small interfaces of
:mod:`matcher.face.ports`. ``crop`` is the aligned face the embedder consumes; "chip" is the ICAO chip.
"""

import warnings

# face_recognition_models imports pkg_resources (setuptools < 81 is pinned for it); its deprecation
# warning says nothing an operator can act on.
warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)

from matcher.face.compare import Metric, cosine_similarity, euclidean_distance, score  # noqa: E402
from matcher.face.embed_dlib import DlibResNetEmbedder  # noqa: E402
from matcher.face.embed_onnx import OnnxFaceEmbedder, Preprocess, RuntimeOptions  # noqa: E402
from matcher.face.factory import DetectorName, build_detector, build_pipeline, variant_name  # noqa: E402
from matcher.face.manifest import ModelManifest  # noqa: E402
from matcher.face.pad import MiniFasNetPad, PresentationAttackDetector  # noqa: E402
from matcher.face.pipeline import FaceCapture, FacePipeline  # noqa: E402
from matcher.face.portrait import token_portrait  # noqa: E402
from matcher.face.ports import FaceAligner, FaceDetector, FaceEmbedder, LandmarkPredictor  # noqa: E402
from matcher.face.quality import (  # noqa: E402
    BORDER_CAPTURE,
    PROFILES,
    RELAXED,
    FaceQuality,
    QualityProfile,
    assess_quality,
)
from matcher.face.types import AlignedFace, DetectedFace, FaceBox, Landmarks5, RgbImage  # noqa: E402

__all__ = [
    "BORDER_CAPTURE",
    "PROFILES",
    "RELAXED",
    "AlignedFace",
    "DetectedFace",
    "DetectorName",
    "DlibResNetEmbedder",
    "FaceAligner",
    "FaceBox",
    "FaceCapture",
    "FaceDetector",
    "FaceEmbedder",
    "FacePipeline",
    "FaceQuality",
    "LandmarkPredictor",
    "Landmarks5",
    "Metric",
    "MiniFasNetPad",
    "ModelManifest",
    "OnnxFaceEmbedder",
    "Preprocess",
    "PresentationAttackDetector",
    "QualityProfile",
    "RgbImage",
    "RuntimeOptions",
    "assess_quality",
    "build_detector",
    "build_pipeline",
    "cosine_similarity",
    "euclidean_distance",
    "score",
    "token_portrait",
    "variant_name",
]
