from __future__ import annotations

from pathlib import Path

import pytest

from matcher.errors import CalibrationError
from matcher.thresholds import Calibration
from models import CALIBRATION_DIR, load_calibration


def make() -> Calibration:
    return Calibration("m-1", lower_is_better=True, thresholds={1e-2: 0.5, 1e-3: 0.45, 1e-4: 0.41}, dataset="x")


def test_json_round_trip() -> None:
    back = Calibration.from_json(make().to_json())
    assert back == make()


def test_distance_decision_applies_below_threshold() -> None:
    cal = make()
    assert cal.compare(0.44, 1e-3).is_match
    assert not cal.compare(0.46, 1e-3).is_match
    assert cal.compare(0.45, 1e-3).is_match  # at the threshold: match (FMR measured with <=)


def test_similarity_decision_applies_above_threshold() -> None:
    cal = Calibration("s", lower_is_better=False, thresholds={1e-3: 40.0})
    assert cal.compare(41, 1e-3).is_match and not cal.compare(39, 1e-3).is_match


def test_uncalibrated_target_is_an_error() -> None:
    with pytest.raises(CalibrationError, match="no threshold calibrated for FMR 1e-05"):
        make().threshold_for(1e-5)


@pytest.mark.parametrize("text", ["", "{", "[]", '{"format": "other"}',
                                  '{"format": "egate-calibration/1", "model_id": "m", "thresholds": {}}',
                                  '{"format": "egate-calibration/1", "model_id": "m", "lower_is_better": true, '
                                  '"thresholds": {"2": 0.4}}',
                                  '{"format": "egate-calibration/1", "model_id": "m", "lower_is_better": "yes", '
                                  '"thresholds": {"0.001": 0.4}}'])
def test_malformed_calibration_is_refused(text: str) -> None:
    with pytest.raises(CalibrationError):
        Calibration.from_json(text)


def test_loader_refuses_missing_and_mislabelled_files(tmp_path: Path) -> None:
    with pytest.raises(CalibrationError, match="run 'egate-lab eval'"):
        load_calibration("m-1", tmp_path)
    (tmp_path / "m-2.json").write_text(make().to_json())
    with pytest.raises(CalibrationError, match="holds the calibration of 'm-1'"):
        load_calibration("m-2", tmp_path)
    with pytest.raises(CalibrationError):
        load_calibration("../etc/passwd", tmp_path)


def test_shipped_face_calibration_covers_the_gate_targets() -> None:
    cal = load_calibration("dlib-resnet-v1", CALIBRATION_DIR)
    assert cal.lower_is_better and "all pairs" in cal.dataset
    assert {1e-2, 1e-3, 1e-4} <= set(cal.thresholds)
    # distances: a stricter FMR target needs a smaller distance threshold
    assert cal.threshold_for(1e-4) < cal.threshold_for(1e-3) < cal.threshold_for(1e-2)
