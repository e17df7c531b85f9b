"""Five-point similarity alignment: the transform fit, the detector's points carried to the aligner, the
dlib-landmark fallback, and the manifest choosing the aligner."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from matcher.errors import ModelError
from matcher.face.factory import build_alignment, build_detector
from matcher.face.similarity import TEMPLATES, PointedBox, PointedLandmarker, SimilarityAligner, with_points
from matcher.face.similarity.points import PointedLandmarks
from matcher.face.similarity.transform import similarity_transform
from matcher.face.types import FaceBox, Landmarks5
from tests.conftest import require

TEMPLATE, DLIB_TEMPLATE = TEMPLATES["omz-face-reid-0095"]


def _apply(m: np.ndarray, pts: np.ndarray) -> np.ndarray:
    return np.asarray(pts @ m[:, :2].T + m[:, 2])


def test_transform_recovers_a_known_similarity() -> None:
    rng = np.random.default_rng(3)
    src = rng.uniform(0, 200, (5, 2))
    angle, scale, shift = 0.4, 0.7, np.array([12.0, -30.0])
    rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    m = similarity_transform(src, scale * src @ rot.T + shift)
    np.testing.assert_allclose(m, np.hstack([scale * rot, shift[:, None]]), atol=1e-9)


def test_transform_never_reflects() -> None:
    src = np.array([[0.0, 0], [10, 0], [5, 8], [2, 12], [8, 12]])
    m = similarity_transform(src, src * [-1, 1])  # a mirror image is not reachable by rotation and scale
    assert np.linalg.det(m[:, :2]) > 0


@pytest.mark.parametrize(("src", "dst"), [(np.zeros((5, 2)), np.ones((5, 2))),
                                          (np.ones((5, 2)), np.ones((4, 2))),
                                          (np.full((5, 2), np.nan), np.ones((5, 2)))])
def test_transform_refuses_degenerate_input(src: np.ndarray, dst: np.ndarray) -> None:
    with pytest.raises(ValueError):
        similarity_transform(src, dst)


def test_points_are_put_in_image_order_and_checked() -> None:
    box = with_points(FaceBox(0, 0, 100, 100, 0.9), [70, 40, 30, 40, 50, 60, 65, 80, 35, 80])
    assert isinstance(box, PointedBox) and box.confidence == 0.9
    assert box.points[0] == (30.0, 40.0) and box.points[3] == (35.0, 80.0)  # image-left eye and mouth corner
    assert with_points(None, [0.0] * 10) is None
    with pytest.raises(ValueError):
        PointedBox(0, 0, 10, 10, 1.0, points=((1.0, 2.0),))


def test_aligner_puts_detector_points_on_the_template() -> None:
    aligner = SimilarityAligner(TEMPLATE, DLIB_TEMPLATE, crop_size=128)
    points = np.array(TEMPLATE) * 300 + [40, 25]  # the template, scaled and shifted in a larger image
    landmarks = PointedLandmarks(np.zeros((5, 2)), face_points=tuple(map(tuple, points)))
    np.testing.assert_allclose(_apply(aligner.transform(landmarks), points), np.array(TEMPLATE) * 128, atol=1e-9)


def test_aligner_falls_back_to_dlib_landmarks() -> None:
    aligner = SimilarityAligner(TEMPLATE, DLIB_TEMPLATE, crop_size=128)
    dlib_points = np.array(DLIB_TEMPLATE) * 90 + [10, 5]
    for landmarks in (Landmarks5(dlib_points), PointedLandmarks(dlib_points, face_points=None)):
        m = aligner.transform(landmarks)
        np.testing.assert_allclose(_apply(m, dlib_points), np.array(DLIB_TEMPLATE) * 128, atol=1e-9)


def test_unknown_alignment_template_is_a_model_error() -> None:
    with pytest.raises(ModelError, match="no-such-template"):
        build_alignment("no-such-template", 128)


def test_yunet_points_reach_the_aligner(shared_dir: Path, load_rgb) -> None:  # type: ignore[no-untyped-def]
    yunet = require(shared_dir / "models/yunet/face_detection_yunet_2023mar.onnx").read_bytes()
    image = load_rgb("obama.jpg")
    box = build_detector("yunet", yunet_model=yunet).detect(image)[0]
    assert isinstance(box, PointedBox)
    (lx, ly), (rx, ry), nose, ml, mr = box.points
    assert lx < nose[0] < rx and max(ly, ry) < nose[1] < min(ml[1], mr[1])  # eyes above nose above mouth
    landmarker, aligner = build_alignment("omz-face-reid-0095", 128)
    landmarks = landmarker.predict(image, box)
    assert isinstance(landmarker, PointedLandmarker) and isinstance(landmarks, PointedLandmarks)
    assert isinstance(aligner, SimilarityAligner)
    crop = aligner.align(image, landmarks)
    assert crop.shape == (128, 128, 3) and crop.dtype == np.uint8
    # the two routes (YuNet's points, dlib's landmarks on the fitted template) place the face alike
    via_dlib = aligner.transform(Landmarks5(landmarks.points))
    eyes = np.array(box.points[:2])
    assert np.abs(_apply(via_dlib, eyes) - _apply(aligner.transform(landmarks), eyes)).max() < 6.0
