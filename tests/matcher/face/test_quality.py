"""Quality criteria on crafted variants of a real, well-lit frontal photograph."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from matcher.face.pipeline import FacePipeline
from matcher.face.quality import BORDER_CAPTURE, assess_quality


@pytest.fixture(scope="module")
def frontal(load_rgb) -> np.ndarray:  # type: ignore[no-untyped-def]
    return load_rgb("obama.jpg")  # type: ignore[no-any-return]


def reasons(pipeline: FacePipeline, image: np.ndarray) -> set[str]:
    return {c.reason for c in pipeline.capture(image).quality.failures}


def test_good_frontal_photo_passes_the_relaxed_profile(pipeline: FacePipeline, frontal: np.ndarray) -> None:
    q = pipeline.capture(frontal).quality
    assert q.passed, q.failures
    assert abs(q.pose.yaw) < 5 and abs(q.pose.pitch) < 5 and abs(q.pose.roll) < 3
    assert 90 < q.pose.eye_distance < 120


def test_border_profile_asks_a_small_face_to_come_closer(pipeline: FacePipeline, frontal: np.ndarray) -> None:
    face = pipeline.detect(frontal)[0]
    q = assess_quality(frontal, face, BORDER_CAPTURE)
    failed = {c.name: c for c in q.failures}
    assert "eye_distance" in failed  # 105 px < 120 px
    assert failed["eye_distance"].guidance == "Move closer to the camera."


def test_rotated_head_fails_roll(pipeline: FacePipeline, frontal: np.ndarray) -> None:
    h, w = frontal.shape[:2]
    rotated = cv2.warpAffine(frontal, cv2.getRotationMatrix2D((w / 2, h / 2), 25, 1.0), (w, h))
    q = pipeline.capture(np.asarray(rotated, dtype=np.uint8)).quality
    assert "ROLL" in {c.reason for c in q.failures}
    assert q.pose.roll == pytest.approx(-25, abs=3)


def test_blurred_face_fails_sharpness(pipeline: FacePipeline, frontal: np.ndarray) -> None:
    assert reasons(pipeline, cv2.GaussianBlur(frontal, (0, 0), 6)) == {"BLUR"}


def test_dark_face_fails_exposure(pipeline: FacePipeline, frontal: np.ndarray) -> None:
    assert "TOO_DARK" in reasons(pipeline, (frontal * 0.18).astype(np.uint8))


def test_overexposed_face_fails_exposure(pipeline: FacePipeline, frontal: np.ndarray) -> None:
    bright = np.clip(frontal.astype(np.int32) * 2.2 + 60, 0, 255).astype(np.uint8)
    assert {"TOO_BRIGHT", "CLIPPED"} <= reasons(pipeline, bright)


def test_small_face_fails_eye_distance(pipeline: FacePipeline, frontal: np.ndarray) -> None:
    h, w = frontal.shape[:2]
    small = cv2.resize(frontal, (w // 4, h // 4), interpolation=cv2.INTER_AREA)
    assert "EYE_DISTANCE_LOW" in reasons(pipeline, small)


def test_flat_lighting_fails_contrast(pipeline: FacePipeline, frontal: np.ndarray) -> None:
    flat = (128 + (frontal.astype(np.int32) - 128) * 0.25).astype(np.uint8)
    assert "LOW_CONTRAST" in reasons(pipeline, flat)


def test_turned_head_is_told_to_look_straight(pipeline: FacePipeline, load_rgb) -> None:  # type: ignore[no-untyped-def]
    q = pipeline.capture(load_rgb("alex-lacamoire.png")).quality
    yaw = next(c for c in q.criteria if c.name == "yaw")
    assert not yaw.passed and yaw.guidance == "Look straight at the camera."


def test_a_measure_that_is_not_a_number_fails() -> None:
    from matcher.criteria import at_least, at_most, within

    assert not within("sharpness", float("nan"), 80, float("inf"), "BLUR", "Hold still.", "", "").passed
    assert not at_least("area", float("nan"), 70, "LOW", "").passed
    assert not at_most("offset", float("nan"), 0.2, "HIGH", "").passed
