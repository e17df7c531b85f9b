"""Embedders and face pipelines from a model id: the manifest (``models/``), the verified model bytes
(:mod:`gate.model_store.files`), then the pure factory of :mod:`matcher.face`."""

from __future__ import annotations

from pathlib import Path

from gate.model_store.files import model_bytes
from matcher.errors import CalibrationError, ModelError
from matcher.face.compare import Metric
from matcher.face.embed_dlib import MODEL_ID as DLIB_MODEL_ID
from matcher.face.embed_onnx import OnnxFaceEmbedder, RuntimeOptions
from matcher.face.factory import DLIB_ALIGNMENT, DetectorName, build_pipeline
from matcher.face.manifest import ModelManifest
from matcher.face.pipeline import FacePipeline
from matcher.face.quality import BORDER_CAPTURE, QualityProfile
from models import MANIFEST_DIR, load_manifest


def embedder_from_manifest(manifest: ModelManifest, model: bytes, *, flip: bool = False,
                           options: RuntimeOptions | None = None) -> OnnxFaceEmbedder:
    return OnnxFaceEmbedder(model, model_id=manifest.model_id, dim=manifest.dim, preprocess=manifest.preprocess,
                            input_name=manifest.input_name, output_name=manifest.output_name, flip=flip,
                            options=options)


def build_embedder(model_id: str, *, cache_dir: Path, models_root: Path, flip: bool = False,
                   options: RuntimeOptions | None = None, manifest_dir: Path = MANIFEST_DIR) -> OnnxFaceEmbedder:
    """The ONNX embedder registered as ``model_id`` (e.g. the settings' ``face.embedder``)."""
    manifest = load_manifest(model_id, manifest_dir)
    return embedder_from_manifest(manifest, model_bytes(manifest, cache_dir=cache_dir, models_root=models_root),
                                  flip=flip, options=options)


def face_pipeline(embedder_id: str, detector: DetectorName = "hog", *, cache_dir: Path, models_root: Path,
                  upsample: int = 1, yunet_model: bytes | None = None, flip: bool = False, num_jitters: int = 0,
                  quality_profile: QualityProfile = BORDER_CAPTURE,
                  options: RuntimeOptions | None = None) -> FacePipeline:
    """A face pipeline on the embedder registered as ``embedder_id``: dlib's ResNet through dlib itself
    (``dlib-resnet-v1``) or any ONNX model with a manifest in ``models/manifests/``."""
    if embedder_id == DLIB_MODEL_ID:
        return build_pipeline(detector, upsample=upsample, yunet_model=yunet_model, flip=flip,
                              num_jitters=num_jitters, quality_profile=quality_profile)
    if num_jitters:
        raise CalibrationError("random jitter is dlib's own test-time augmentation; ONNX embedders offer flip")
    manifest = load_manifest(embedder_id)
    if manifest.metric not in ("cosine", "euclidean"):
        raise ModelError(f"model {embedder_id!r} declares an unknown metric {manifest.metric!r}")
    metric: Metric = "cosine" if manifest.metric == "cosine" else "euclidean"
    embedder = build_embedder(embedder_id, cache_dir=cache_dir, models_root=models_root, flip=flip, options=options)
    return build_pipeline(detector, upsample=upsample, yunet_model=yunet_model, embedder=embedder,
                          quality_profile=quality_profile, calibration_id=manifest.calibration, metric=metric,
                          alignment=str(manifest.alignment.get("template", DLIB_ALIGNMENT)))
