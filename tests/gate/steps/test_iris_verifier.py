"""ChipIrisVerifier on CASIA-IrisV1 eyes: DG4 images of either format, eyes matched by side, best of N."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
import pytest

from enrollment.icao.inspection import ChipIrisImage
from gate.assembly import build_iris_verifier
from gate.steps import ChipIrisVerifier
from matcher.errors import CalibrationError
from matcher.fusion import combined_fmr
from matcher.iris import IrisError
from models import load_calibration
from tests.conftest import require


@pytest.fixture(scope="module")
def casia(shared_dir: Path) -> Path:
    return require(shared_dir / "data" / "iris" / "casia-iris-v1")


def jpeg(casia: Path, name: str) -> bytes:
    return (casia / str(int(name[:3])) / f"{name}.jpg").read_bytes()


def chip(casia: Path, name: str, eye: str = "right", *, raw: bool = False) -> ChipIrisImage:
    data = jpeg(casia, name)
    if not raw:
        return ChipIrisImage(eye, data, "mono_jpeg", 320, 280)  # type: ignore[arg-type]
    pixels = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE)
    assert pixels is not None
    return ChipIrisImage(eye, pixels.tobytes(), "mono_raw", pixels.shape[1], pixels.shape[0])  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def verifier() -> ChipIrisVerifier:
    return build_iris_verifier()


def test_a_raw_dg4_image_is_compared_like_a_jpeg(verifier: ChipIrisVerifier, casia: Path) -> None:
    mated = verifier.verify({"right": jpeg(casia, "005_2_1")}, [chip(casia, "005_1_1", raw=True)], 1e-3)
    other = verifier.verify({"right": jpeg(casia, "006_2_1")}, [chip(casia, "005_1_1", raw=True)], 1e-3)
    assert mated.is_match and not other.is_match
    (eye, c), = mated.eyes
    assert eye == "right" and c.score <= c.threshold == load_calibration("iris-loggabor-v2").threshold_for(1e-3)


def test_eyes_meet_their_own_side_or_an_undefined_one(verifier: ChipIrisVerifier, casia: Path) -> None:
    live = {"right": jpeg(casia, "005_2_1"), "left": jpeg(casia, "006_2_1")}
    refs = [chip(casia, "005_1_1", "right"), chip(casia, "006_1_1", "undefined")]
    result = verifier.verify(live, refs, 1e-3)  # type: ignore[arg-type]
    assert [eye for eye, _ in result.eyes] == ["right", "left"] and result.is_match
    right, left = (c for _, c in result.eyes)
    assert right.fmr_target == 1e-4 and left.fmr_target == 1e-3  # right meets 2 references: best of 2
    assert result.combined.score == pytest.approx(combined_fmr([right.fmr_estimate, left.fmr_estimate]))  # type: ignore[list-item]


def test_an_unusable_dg4_image_is_typed(verifier: ChipIrisVerifier, casia: Path) -> None:
    blank = ChipIrisImage("right", bytes(320 * 280), "mono_raw", 320, 280)
    with pytest.raises(IrisError) as caught:
        verifier.verify({"right": jpeg(casia, "005_2_1")}, [blank], 1e-3)
    assert caught.value.code == "IRIS_REFERENCE_UNUSABLE"


def test_a_calibration_without_its_fmr_curve_is_refused() -> None:
    calibration = load_calibration("iris-loggabor-v2")
    without = replace(calibration, measured={k: v for k, v in calibration.measured.items() if k != "fmr_curve"})
    with pytest.raises(CalibrationError):
        ChipIrisVerifier(without)
    with pytest.raises(CalibrationError):
        ChipIrisVerifier(replace(calibration, lower_is_better=False))
