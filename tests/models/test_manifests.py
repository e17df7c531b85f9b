"""Manifests: validation, checksums, and registering a new ONNX embedder without code changes."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper

from gate.model_store import build_embedder, model_bytes
from matcher.errors import CalibrationError, ModelError
from matcher.face.manifest import ModelManifest
from models import available, calibration_for, load_manifest


def _tiny_model(dim: int = 4) -> bytes:
    """NHWC 8×8×3 → mean over the image → 3×dim matrix: a stand-in for a licensed embedder."""
    w = numpy_helper.from_array(np.arange(3 * dim, dtype=np.float32).reshape(3, dim), "w")
    axes = numpy_helper.from_array(np.array([1, 2], np.int64), "axes")
    nodes = [helper.make_node("ReduceMean", ["img", "axes"], ["m"], keepdims=0),
             helper.make_node("MatMul", ["m", "w"], ["emb"])]
    graph = helper.make_graph(nodes, "tiny", [helper.make_tensor_value_info("img", TensorProto.FLOAT, ["N", 8, 8, 3])],
                              [helper.make_tensor_value_info("emb", TensorProto.FLOAT, ["N", dim])],
                              initializer=[w, axes])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)])
    model.ir_version = 8
    data: bytes = model.SerializeToString()
    return data


def _manifest(sha: str, **changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format": "egate-model/1", "model_id": "vendor-tiny", "task": "face-embedding", "runtime": "onnxruntime",
        "file": "vendor/tiny.onnx", "sha256": sha, "source": {"kind": "file"}, "licence": "test",
        "input": {"name": "img", "layout": "NHWC", "crop_size": 8, "channel_order": "BGR",
                  "mean": [127.5, 127.5, 127.5], "scale": 0.0078125},
        "output": {"name": "emb", "dim": 4, "metric": "euclidean"}, "calibration": "vendor-tiny"}
    doc.update(changes)
    return doc


@pytest.fixture
def registry(tmp_path: Path) -> tuple[Path, Path, bytes]:
    model = _tiny_model()
    (tmp_path / "root" / "vendor").mkdir(parents=True)
    (tmp_path / "root" / "vendor" / "tiny.onnx").write_bytes(model)
    (tmp_path / "manifests").mkdir()
    manifest = _manifest(hashlib.sha256(model).hexdigest())
    (tmp_path / "manifests" / "vendor-tiny.json").write_text(json.dumps(manifest))
    return tmp_path / "manifests", tmp_path / "root", model


def test_shipped_manifest_is_valid() -> None:
    assert "dlib-resnet-v1-onnx" in available()
    m = load_manifest("dlib-resnet-v1-onnx")
    assert (m.dim, m.preprocess.crop_size, m.metric, m.calibration) == (128, 150, "euclidean", "dlib-resnet-v1")
    assert m.source_kind == "dlib-convert" and m.alignment["padding"] == 0.25


def test_new_embedder_registers_without_code(registry: tuple[Path, Path, bytes], tmp_path: Path) -> None:
    manifests, root, _ = registry
    emb = build_embedder("vendor-tiny", manifest_dir=manifests, cache_dir=tmp_path / "cache", models_root=root)
    chips = np.zeros((2, 8, 8, 3), np.uint8)
    chips[1, ..., 0] = 255  # red in RGB: the last channel after the BGR swap
    out = emb.embed(chips)
    assert emb.model_id == "vendor-tiny" and out.shape == (2, 4)
    w = np.arange(12, dtype=np.float32).reshape(3, 4)
    np.testing.assert_allclose(out[0], np.full(3, -127.5 / 128) @ w, rtol=1e-6)
    np.testing.assert_allclose(out[1], np.array([-127.5, -127.5, 127.5]) / 128 @ w, rtol=1e-6)


def test_wrong_checksum_is_refused(registry: tuple[Path, Path, bytes], tmp_path: Path) -> None:
    manifests, root, _ = registry
    (manifests / "vendor-tiny.json").write_text(json.dumps(_manifest("0" * 64)))
    with pytest.raises(ModelError, match="checksum"):
        build_embedder("vendor-tiny", manifest_dir=manifests, cache_dir=tmp_path, models_root=root)


def test_tampered_file_is_refused(registry: tuple[Path, Path, bytes], tmp_path: Path) -> None:
    manifests, root, model = registry
    (root / "vendor" / "tiny.onnx").write_bytes(model[:-1] + bytes([model[-1] ^ 1]))
    with pytest.raises(ModelError, match="checksum"):
        model_bytes(load_manifest("vendor-tiny", manifests), cache_dir=tmp_path, models_root=root)


def test_missing_file_and_manifest(registry: tuple[Path, Path, bytes], tmp_path: Path) -> None:
    manifests, root, _ = registry
    (root / "vendor" / "tiny.onnx").unlink()
    with pytest.raises(ModelError, match="missing"):
        build_embedder("vendor-tiny", manifest_dir=manifests, cache_dir=tmp_path, models_root=root)
    with pytest.raises(ModelError, match="no manifest"):
        load_manifest("nobody", manifests)
    with pytest.raises(ModelError, match="invalid model id"):
        load_manifest("../etc/passwd", manifests)


@pytest.mark.parametrize("change", [
    {"sha256": "abc"}, {"source": {"kind": "http"}}, {"task": "face-detection"},
    {"input": {"crop_size": 8, "mean": [1, 2], "scale": 1}}, {"output": {}}, {"format": "other/1"},
    {"input": {"crop_size": 8, "mean": 0, "scale": 1, "layout": "CHWN"}},
])
def test_malformed_manifests(change: dict[str, Any]) -> None:
    with pytest.raises(ModelError):
        ModelManifest.from_json(json.dumps(_manifest("a" * 64, **change)))
    with pytest.raises(ModelError, match="JSON"):
        ModelManifest.from_json(b"{not json")


def test_manifest_named_for_another_model(registry: tuple[Path, Path, bytes]) -> None:
    manifests, _, _ = registry
    (manifests / "other.json").write_text((manifests / "vendor-tiny.json").read_text())
    with pytest.raises(ModelError, match="describes"):
        load_manifest("other", manifests)


def test_calibration_comes_from_the_named_file(registry: tuple[Path, Path, bytes], tmp_path: Path) -> None:
    manifests, _, _ = registry
    manifest = load_manifest("vendor-tiny", manifests)
    cal_dir = tmp_path / "cal"
    cal_dir.mkdir()
    with pytest.raises(CalibrationError):
        calibration_for(manifest, cal_dir)
    (cal_dir / "vendor-tiny.json").write_text(json.dumps({
        "format": "egate-calibration/1", "model_id": "vendor-tiny", "lower_is_better": True,
        "thresholds": {"0.001": 0.5}}))
    assert calibration_for(manifest, cal_dir).threshold_for(0.001) == 0.5


def test_tiny_model_is_valid_onnx() -> None:
    onnx.checker.check_model(onnx.load_from_string(_tiny_model()))
