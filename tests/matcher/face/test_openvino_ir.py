"""The OpenVINO IR v5 → ONNX converter: every supported layer agrees with an independent numpy evaluation
of the IR, the conversion is deterministic, bad files are refused with ModelError, and the converted
face-reidentification-retail-0095 (shared model) tells the same person from another on LFW."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import onnxruntime as ort
import pytest

from matcher.errors import ModelError
from matcher.face.openvino_ir import convert, parse_ir
from tests.conftest import require
from tests.matcher.face.openvino_ir_helpers import Spec, evaluate, write_ir

MANIFEST = Path(__file__).resolve().parents[3] / "models" / "manifests" / "omz-face-reid-0095.json"
RNG = np.random.default_rng(7)


def _w(*shape: int) -> np.ndarray:
    return RNG.normal(0, 0.5, shape).astype(np.float32)


def synthetic() -> list[Spec]:
    """Every supported layer type, with grouped, dilated, asymmetric-pad convolutions and SE-style broadcast."""
    return [
        Spec("Input", [], (1, 4, 9, 9)),
        Spec("ScaleShift", [0], (1, 4, 9, 9), blobs={"weights": _w(4), "biases": _w(4)}),
        Spec("Convolution", [1], (1, 6, 4, 4), {"dilations": "1,1", "group": "2", "kernel": "3,3", "output": "6",
             "pads_begin": "1,0", "pads_end": "0,1", "strides": "2,2"}, {"weights": _w(6, 2, 3, 3), "biases": _w(6)}),
        Spec("PReLU", [2], (1, 6, 4, 4), {"channel_shared": "0"}, {"weights": _w(6)}),
        Spec("Convolution", [3], (1, 6, 4, 4), {"dilations": "2,2", "group": "6", "kernel": "3,3", "output": "6",
             "pads_begin": "2,2", "pads_end": "2,2", "strides": "1,1"}, {"weights": _w(6, 1, 3, 3)}),
        Spec("Pooling", [4], (1, 6, 1, 1), {"exclude-pad": "true", "kernel": "4,4", "pads_begin": "0,0",
             "pads_end": "0,0", "pool-method": "avg", "rounding_type": "floor", "strides": "4,4"}),
        Spec("Activation", [5], (1, 6, 1, 1), {"type": "sigmoid"}),
        Spec("Eltwise", [4, 6], (1, 6, 4, 4), {"operation": "mul"}),
        Spec("Eltwise", [7, 3], (1, 6, 4, 4), {"operation": "sum"}),
        Spec("Pooling", [8], (1, 6, 2, 2), {"kernel": "3,3", "pads_begin": "1,1", "pads_end": "0,0",
             "pool-method": "max", "rounding_type": "ceil", "strides": "2,2"}),
        Spec("ReLU", [9], (1, 6, 2, 2), {"negative_slope": "0.1"}),
        Spec("Clamp", [10], (1, 6, 2, 2), {"min": "-0.5", "max": "0.7"}),
        Spec("Pooling", [11], (1, 6, 3, 3), {"exclude-pad": "false", "kernel": "2,2", "pads_begin": "1,1",
             "pads_end": "1,1", "pool-method": "avg", "strides": "1,1"}),
        Spec("PReLU", [12], (1, 6, 3, 3), {"channel_shared": "1"}, {"weights": _w(1)}),
        Spec("Activation", [13], (1, 6, 3, 3), {"type": "tanh"}),
        Spec("Eltwise", [14, 13], (1, 6, 3, 3), {"operation": "max"}),
        Spec("Convolution", [15], (1, 5, 3, 3), {"group": "1", "kernel": "1,1", "output": "5", "strides": "1,1"},
             {"weights": _w(5, 6, 1, 1), "biases": _w(5)}),
    ]


def _run(onnx_bytes: bytes, x: np.ndarray) -> np.ndarray:
    session = ort.InferenceSession(onnx_bytes, providers=["CPUExecutionProvider"])
    return np.asarray(session.run(["embedding"], {"input": x.astype(np.float32)})[0])


@pytest.mark.parametrize("precision", ["FP16", "FP32"])
def test_every_supported_layer_matches_numpy(precision: str) -> None:
    xml, weights = write_ir(synthetic(), precision=precision)
    x = RNG.normal(0, 1, (3, 4, 9, 9))  # batch 3 although the IR declares 1
    got, want = _run(convert(xml, weights), x), evaluate(parse_ir(xml, weights), x)
    assert got.shape == (3, 45)
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)


def test_fp16_blobs_are_read_as_stored() -> None:
    values = np.array([0.5, -2.0, 65504.0, 1 / 3], np.float16)
    xml, weights = write_ir([Spec("Input", [], (1, 4, 1, 1)),
                             Spec("ScaleShift", [0], (1, 4, 1, 1), blobs={"weights": values.astype(np.float32)})])
    layer = parse_ir(xml, weights).layers[1]
    assert layer.blobs["weights"].dtype == np.float32
    np.testing.assert_array_equal(layer.blobs["weights"], values.astype(np.float32))


def test_conversion_is_deterministic() -> None:
    xml, weights = write_ir(synthetic())
    assert convert(xml, weights) == convert(xml, weights)


def test_unknown_layer_type_names_type_and_id() -> None:
    specs = [*synthetic()[:3], Spec("Interp", [2], (1, 6, 8, 8), {"factor": "2"})]
    xml, weights = write_ir(specs)
    with pytest.raises(ModelError, match=r"Interp.*id 3|id 3.*Interp"):
        convert(xml, weights)


@pytest.mark.parametrize("damage", ["truncated_bin", "not_xml", "version", "shape", "dangling_edge", "activation"])
def test_bad_files_are_refused(damage: str) -> None:
    specs = synthetic()
    if damage == "shape":
        specs[2].out = (1, 6, 5, 5)  # the declared shape contradicts the convolution's attributes
    if damage == "activation":
        specs[6].data = {"type": "softsign"}
    xml, weights = write_ir(specs, version=4 if damage == "version" else 5)
    if damage == "truncated_bin":
        weights = weights[:-10]
    if damage == "not_xml":
        xml = xml[:-20]
    if damage == "dangling_edge":
        xml = xml.replace(b'from-layer="2" from-port="1"', b'from-layer="99" from-port="1"')
    with pytest.raises(ModelError):
        convert(xml, weights)


# --- the shared model ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def omz_ir(shared_dir: Path) -> tuple[bytes, bytes]:
    stem = require(shared_dir / "models/omz-face-reid-0095") / "face-reidentification-retail-0095"
    return require(stem.with_suffix(".xml")).read_bytes(), require(stem.with_suffix(".bin")).read_bytes()


def test_shared_model_converts_to_the_manifest_checksum(omz_ir: tuple[bytes, bytes]) -> None:
    manifest = json.loads(MANIFEST.read_text())
    xml, weights = omz_ir
    assert hashlib.sha256(xml).hexdigest() == manifest["source"]["xml_sha256"]
    assert hashlib.sha256(weights).hexdigest() == manifest["source"]["bin_sha256"]
    onnx_bytes = convert(xml, weights)
    assert onnx_bytes == convert(xml, weights)
    assert hashlib.sha256(onnx_bytes).hexdigest() == manifest["sha256"]


def test_whole_shared_model_matches_numpy_on_a_face(omz_ir: tuple[bytes, bytes], load_rgb) -> None:  # type: ignore[no-untyped-def]
    import cv2

    rgb = load_rgb("obama.jpg")
    bgr = cv2.resize(rgb[150:450, 330:630, ::-1], (128, 128)).transpose(2, 0, 1)[None].astype(np.float64)
    net = parse_ir(*omz_ir)
    assert [layer.type for layer in net.layers].count("Convolution") == 80
    got, want = _run(convert(*omz_ir), bgr)[0], evaluate(net, bgr)[0]
    assert got.shape == (256,)
    np.testing.assert_allclose(got, want, rtol=1e-3, atol=1e-3 * np.abs(want).max())
    assert float(got @ want / np.linalg.norm(got) / np.linalg.norm(want)) > 0.99999
