"""The ONNX embedder against dlib's own network on real LFW faces, and its batching and checks."""

from __future__ import annotations

from pathlib import Path

import dlib
import face_recognition_models
import numpy as np
import pytest
from PIL import Image

from gate.model_store import build_embedder, model_bytes
from matcher.errors import ModelError
from matcher.face.embed_onnx import OnnxFaceEmbedder, Preprocess, RuntimeOptions
from matcher.face.ports import FaceEmbedder
from models import load_manifest

N_FACES = 30


@pytest.fixture(scope="module")
def onnx_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """Built from the .dat on first use into a fresh cache, checksum-verified by the registry."""
    cache = tmp_path_factory.mktemp("models")
    return model_bytes(load_manifest("dlib-resnet-v1-onnx"), cache_dir=cache, models_root=cache)


@pytest.fixture(scope="module")
def embedder(onnx_bytes: bytes, tmp_path_factory: pytest.TempPathFactory) -> FaceEmbedder:
    cache = tmp_path_factory.mktemp("models2")
    (cache / "dlib-resnet-v1-onnx.onnx").write_bytes(onnx_bytes)
    return build_embedder("dlib-resnet-v1-onnx", cache_dir=cache, models_root=cache)


@pytest.fixture(scope="module")
def lfw_chips(shared_dir: Path) -> np.ndarray:
    """dlib's reference chips: HOG detection, 5-point landmarks, ``get_face_chip(size=150, padding=0.25)``."""
    root = shared_dir / "data" / "faces" / "lfw" / "lfw-deepfunneled"
    if not root.is_dir():
        pytest.skip(f"LFW not found at {root}")
    detector = dlib.get_frontal_face_detector()
    predictor = dlib.shape_predictor(face_recognition_models.pose_predictor_five_point_model_location())
    chips = []
    for path in sorted(root.glob("*/*.jpg"))[::97]:
        rgb = np.asarray(Image.open(path).convert("RGB"))
        boxes = detector(rgb, 1)
        if boxes:
            chips.append(dlib.get_face_chip(rgb, predictor(rgb, boxes[0]), size=150, padding=0.25))
        if len(chips) == N_FACES:
            break
    return np.stack(chips).astype(np.uint8)


@pytest.fixture(scope="module")
def reference(lfw_chips: np.ndarray) -> np.ndarray:
    net = dlib.face_recognition_model_v1(face_recognition_models.face_recognition_model_location())
    return np.array([np.array(v) for v in net.compute_face_descriptor(list(lfw_chips))], np.float32)


@pytest.mark.shared
def test_parity_with_dlib_on_lfw(embedder: FaceEmbedder, lfw_chips: np.ndarray, reference: np.ndarray) -> None:
    out = embedder.embed(lfw_chips)
    assert out.shape == (N_FACES, 128) and out.dtype == np.float32
    assert float(np.abs(out - reference).max()) <= 1e-4
    # dlib does not L2-normalise its descriptor, and neither does the graph
    norms = np.linalg.norm(out, axis=1)
    assert np.all(np.abs(norms - 1) > 0.1)
    np.testing.assert_allclose(norms, np.linalg.norm(reference, axis=1), rtol=1e-5)


@pytest.mark.shared
def test_batch_size_does_not_change_descriptors(onnx_bytes: bytes, lfw_chips: np.ndarray) -> None:
    manifest = load_manifest("dlib-resnet-v1-onnx")
    one = OnnxFaceEmbedder(onnx_bytes, model_id="x", dim=128, preprocess=manifest.preprocess,
                           options=RuntimeOptions(batch_size=1, intra_op_threads=1))
    many = OnnxFaceEmbedder(onnx_bytes, model_id="x", dim=128, preprocess=manifest.preprocess,
                            options=RuntimeOptions(batch_size=16))
    np.testing.assert_allclose(one.embed(lfw_chips[:5]), many.embed(lfw_chips[:5]), atol=1e-5)


def test_flip_averages_the_mirror(onnx_bytes: bytes) -> None:
    manifest = load_manifest("dlib-resnet-v1-onnx")
    chips = np.random.default_rng(0).integers(0, 256, (2, 150, 150, 3), dtype=np.uint8)
    plain = OnnxFaceEmbedder(onnx_bytes, model_id="x", dim=128, preprocess=manifest.preprocess)
    flip = OnnxFaceEmbedder(onnx_bytes, model_id="x", dim=128, preprocess=manifest.preprocess, flip=True)
    expected = (plain.embed(chips) + plain.embed(np.ascontiguousarray(chips[:, :, ::-1]))) / 2
    np.testing.assert_allclose(flip.embed(chips), expected, atol=1e-6)


def test_input_checks(embedder: FaceEmbedder, onnx_bytes: bytes) -> None:
    assert embedder.embed(np.zeros((0, 150, 150, 3), np.uint8)).shape == (0, 128)
    with pytest.raises(ValueError):
        embedder.embed(np.zeros((1, 112, 112, 3), np.uint8))
    with pytest.raises(ValueError):
        embedder.embed(np.zeros((1, 150, 150, 3), np.float32))
    with pytest.raises(ModelError, match="outputs 128-D"):
        OnnxFaceEmbedder(onnx_bytes, model_id="x", dim=512, preprocess=Preprocess(crop_size=150))
    with pytest.raises(ModelError, match="does not fit"):
        OnnxFaceEmbedder(onnx_bytes, model_id="x", dim=128, preprocess=Preprocess(crop_size=112))
    with pytest.raises(ModelError, match="cannot load"):
        OnnxFaceEmbedder(b"not a model", model_id="x", dim=128, preprocess=Preprocess(crop_size=150))
