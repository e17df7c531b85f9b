"""YuNet looks at frames larger than its detection side on a downscaled copy: the faces come back in the
full frame's coordinates, frames up to that side are detected exactly as without it, and an upscaled 12 MP
copy of a camera frame yields the same face and (nearly) the same template as the frame itself."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import pytest

from matcher.downscale import downscaled
from matcher.face import params
from matcher.face.detect_yunet import YuNetDetector
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


def test_the_detection_copy_keeps_small_frames_and_maps_large_ones_back() -> None:
    frame = np.zeros((300, 200, 3), np.uint8)
    same, fx, fy = downscaled(frame, 300)
    assert same is frame and fx == fy == 1.0
    rng = np.random.default_rng(7)
    for h, w in [(1435, 1920), (2990, 4000), (1000, 1280), (4000, 3), (2, 5000)]:
        big = rng.integers(0, 256, (h, w, 3), dtype=np.uint8)
        copy, fx, fy = downscaled(big, 960)
        assert max(copy.shape[:2]) <= 960 and min(copy.shape[:2]) >= 1 and copy.dtype == np.uint8
        # the copy's far corner maps back to within the few rows and columns left out of the frame's edge
        assert w - 4 <= copy.shape[1] * fx <= w + 1e-6 and h - 4 <= copy.shape[0] * fy <= h + 1e-6, (h, w)
        if min(h, w) > 100:
            assert abs(fx / fy - 1) < 0.01  # the aspect is kept
    gradient = np.repeat(np.arange(1920, dtype=np.float64)[None, :] / 1920 * 255, 1435, axis=0).astype(np.uint8)
    copy, fx, _ = downscaled(np.dstack([gradient] * 3), 960)
    columns = np.array([100, 480, 900])
    np.testing.assert_allclose(copy[300, columns, 0], gradient[300, ((columns + 0.5) * fx).astype(int)], atol=2)


def test_degenerate_frames_hold_no_face(yunet_model: bytes) -> None:
    detector = YuNetDetector(yunet_model)
    for shape in [(48, 4000), (4000, 48), (2, 5000), (1, 1)]:
        assert detector.detect(np.zeros((*shape, 3), np.uint8)) == []


@pytest.mark.parametrize("side", [0, -640, 31])
def test_a_detection_side_too_small_for_yunet_is_refused(yunet_model: bytes, side: int) -> None:
    with pytest.raises(ValueError, match="detect_side"):
        YuNetDetector(yunet_model, detect_side=side)
