"""YuNet looks at frames larger than its detection side on a downscaled copy: the faces come back in the
full frame's coordinates, frames up to that side are detected exactly as without it, and an upscaled 12 MP
copy of a camera frame yields the same face and (nearly) the same template as the frame itself."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import pytest

from matcher.face import params
from matcher.face.detect_yunet import YuNetDetector, downscaled
from matcher.face.factory import build_pipeline
from matcher.face.pipeline import FacePipeline
from matcher.face.quality import RELAXED
from matcher.face.similarity import PointedBox
from matcher.image import decode_image
from tests.conftest import require

UNBOUNDED = 1_000_000  # no frame is that large: YuNet sees every frame as it is, as before the detection side

LoadRgb = Callable[[str], np.ndarray]


@pytest.fixture(scope="module")
def yunet_model(shared_dir: Path) -> bytes:
    return require(shared_dir / "models/yunet/face_detection_yunet_2023mar.onnx").read_bytes()


@pytest.fixture(scope="module")
def camera_frame(load_rgb: LoadRgb) -> np.ndarray:
    """A camera frame exactly the detection side on its longer side, a traveller's face in it."""
    return resized(load_rgb("obama.jpg"), params.YUNET_DETECT_SIDE, cv2.INTER_AREA)


def resized(image: np.ndarray, side: int, interpolation: int = cv2.INTER_CUBIC) -> np.ndarray:
    h, w = image.shape[:2]
    k = side / max(h, w)
    return np.ascontiguousarray(cv2.resize(image, (round(w * k), round(h * k)), interpolation=interpolation))


def upscaled(image: np.ndarray, side: int) -> np.ndarray:
    return resized(image, side, cv2.INTER_CUBIC)


def test_frames_up_to_the_detection_side_are_detected_exactly_as_before(
        yunet_model: bytes, camera_frame: np.ndarray, load_rgb: LoadRgb, shared_dir: Path) -> None:
    lfw = require(shared_dir / "data/faces/lfw/lfw-deepfunneled")
    bounded, unbounded = YuNetDetector(yunet_model), YuNetDetector(yunet_model, detect_side=UNBOUNDED)
    assert bounded.detect_side == params.YUNET_DETECT_SIDE
    camera_480p = load_rgb("obama-480p.jpg")  # 853×480
    vga = np.ascontiguousarray(camera_480p[:, 106:746])  # 640×480
    lfw_faces = [decode_image(p.read_bytes()).rgb for p in sorted(lfw.glob("A*/*_0001.jpg"))[:5]]
    frames = [camera_frame, camera_480p, vga, *lfw_faces]
    assert all(max(f.shape[:2]) <= bounded.detect_side for f in frames)
    for frame in frames:
        found = bounded.detect(frame)
        assert found, frame.shape
        assert found == unbounded.detect(frame)  # boxes, confidences and the five points, to the last bit


def test_a_12_mp_copy_of_a_camera_frame_shows_the_face_at_the_same_place(
        yunet_model: bytes, camera_frame: np.ndarray) -> None:
    detector = YuNetDetector(yunet_model)
    big = upscaled(camera_frame, 4000)
    k = big.shape[1] / camera_frame.shape[1]
    (small_face,), (big_face,) = detector.detect(camera_frame), detector.detect(big)
    assert isinstance(small_face, PointedBox) and isinstance(big_face, PointedBox)
    assert 0 <= big_face.left < big_face.right <= big.shape[1] and 0 <= big_face.top < big_face.bottom <= big.shape[0]
    for near, far in [((small_face.left, small_face.top), (big_face.left, big_face.top)),
                      ((small_face.right, small_face.bottom), (big_face.right, big_face.bottom)),
                      *zip(small_face.points, big_face.points, strict=True)]:
        assert np.abs(np.asarray(far) / k - np.asarray(near)).max() <= 3, (near, far)
    assert big_face.width > 0.8 * k * small_face.width  # full-frame pixels, not the detector's copy's


def _default_pipeline(shared_dir: Path, yunet_model: bytes, tmp_path: Path) -> FacePipeline:
    from gate.model_store import face_pipeline

    require(shared_dir / "models/omz-face-reid-0095")
    return face_pipeline("omz-face-reid-0095", "yunet", cache_dir=tmp_path, models_root=shared_dir / "models",
                         yunet_model=yunet_model, quality_profile=RELAXED)


@pytest.mark.parametrize("embedder", ["dlib-resnet-v1", "omz-face-reid-0095"])
def test_a_12_mp_copy_gives_nearly_the_same_template(embedder: str, yunet_model: bytes, camera_frame: np.ndarray,
                                                      shared_dir: Path, tmp_path: Path) -> None:
    pipeline = (build_pipeline("yunet", yunet_model=yunet_model, quality_profile=RELAXED)
                if embedder == "dlib-resnet-v1" else _default_pipeline(shared_dir, yunet_model, tmp_path))
    a = pipeline.capture(camera_frame).template.vector
    b = pipeline.capture(upscaled(camera_frame, 4000)).template.vector
    assert float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b))) >= 0.98


def test_downscaled_keeps_small_frames_and_the_aspect_of_large_ones() -> None:
    frame = np.zeros((300, 200, 3), np.uint8)
    assert downscaled(frame, 300) is frame
    tall = downscaled(np.zeros((2990, 4000, 3), np.uint8), 640)
    assert tall.shape == (478, 640, 3) and tall.dtype == np.uint8
    assert downscaled(np.zeros((4000, 3, 3), np.uint8), 640).shape == (640, 1, 3)  # never zero pixels wide


def test_degenerate_frames_hold_no_face(yunet_model: bytes) -> None:
    detector = YuNetDetector(yunet_model)
    for shape in [(48, 4000), (4000, 48), (2, 5000), (1, 1)]:
        assert detector.detect(np.zeros((*shape, 3), np.uint8)) == []


@pytest.mark.parametrize("side", [0, -640, 31])
def test_a_detection_side_too_small_for_yunet_is_refused(yunet_model: bytes, side: int) -> None:
    with pytest.raises(ValueError, match="detect_side"):
        YuNetDetector(yunet_model, detect_side=side)
