"""The three detectors behind one interface: each finds the faces, and the pipeline verifies with any."""

from __future__ import annotations

from pathlib import Path

import pytest

from matcher.errors import ModelError
from matcher.face.detect_yunet import YuNetDetector
from matcher.face.factory import build_detector, build_pipeline
from matcher.face.quality import RELAXED
from models import load_calibration
from tests.conftest import require


@pytest.fixture(scope="module")
def yunet_model(shared_dir: Path) -> bytes:
    return require(shared_dir / "models/yunet/face_detection_yunet_2023mar.onnx").read_bytes()


def test_yunet_finds_both_people_and_verifies(yunet_model: bytes, load_rgb) -> None:  # type: ignore[no-untyped-def]
    detector = build_detector("yunet", yunet_model=yunet_model)
    assert len(detector.detect(load_rgb("two_people.jpg"))) == 2
    pipeline = build_pipeline("yunet", yunet_model=yunet_model, quality_profile=RELAXED)
    cal = load_calibration(pipeline.calibration_id)
    a, b = (pipeline.capture(load_rgb(n)).template for n in ("obama.jpg", "obama2.jpg"))
    assert pipeline.verify(a, b, cal, 1e-3).is_match
    c = pipeline.capture(load_rgb("biden.jpg")).template
    assert not pipeline.verify(a, c, cal, 1e-3).is_match


def test_cnn_detector_finds_the_face(load_rgb) -> None:  # type: ignore[no-untyped-def]
    boxes = build_detector("cnn", upsample=0).detect(load_rgb("obama-480p.jpg"))
    assert len(boxes) == 1 and 80 < boxes[0].width < 200


def test_yunet_refuses_a_model_with_the_wrong_checksum(yunet_model: bytes) -> None:
    with pytest.raises(ModelError, match="checksum"):
        YuNetDetector(yunet_model[:-1] + b"\0")
    with pytest.raises(ModelError, match="needs its model file"):
        build_detector("yunet")
