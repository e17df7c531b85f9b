"""The dlib → ONNX converter: reads dlib's stream format, checks the wiring, builds the same bytes each time."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import face_recognition_models
import numpy as np
import pytest

from matcher.errors import ModelError
from matcher.face.dlib_onnx import convert, parse_dlib_net, resnet_v1_topology
from matcher.face.dlib_onnx.layers import Con, Fc, Pool
from matcher.face.dlib_onnx.stream import DlibStream

MANIFEST = Path(__file__).resolve().parents[3] / "models" / "manifests" / "dlib-resnet-v1-onnx.json"


@pytest.fixture(scope="module")
def dat() -> bytes:
    return Path(face_recognition_models.face_recognition_model_location()).read_bytes()


def test_stream_primitives() -> None:
    s = DlibStream(bytes([0x01, 0x05, 0x81, 0x05, 0x02, 0x00, 0x01, 0x01, 0x10, 0x81, 0x04]) + b"1")
    assert s.integer() == 5 and s.integer() == -5 and s.integer() == 256
    assert s.real() == 1.0  # mantissa 16 · 2**-4
    assert s.flag() is True and s.remaining == 0
    with pytest.raises(ModelError, match="truncated"):
        s.integer()


def test_parse_reads_the_whole_network(dat: bytes) -> None:
    net = parse_dlib_net(dat)
    manifest = json.loads(MANIFEST.read_text())
    assert np.array_equal(np.array(net.input.mean_rgb, np.float32), np.array(manifest["input"]["mean"], np.float32))
    assert (net.input.rows, net.input.cols) == (150, 150) and net.input.scale == 1 / 256
    convs = [layer for layer in net.layers if isinstance(layer, Con)]
    assert len(convs) == 29 and convs[0].weights.shape == (32, 3, 7, 7) and convs[0].stride == (2, 2)
    assert isinstance(net.layers[-1], Fc) and net.layers[-1].weights.shape == (256, 128)
    assert net.layers[-1].bias is None  # fc_no_bias
    pools = [layer for layer in net.layers if isinstance(layer, Pool)]
    assert pools[0].kind == "max" and pools[-1].kernel == (0, 0)  # avg_pool_everything


def test_conversion_is_deterministic_and_matches_the_manifest(dat: bytes) -> None:
    manifest = json.loads(MANIFEST.read_text())
    assert hashlib.sha256(dat).hexdigest() == manifest["source"]["sha256"]
    first, second = convert(dat), convert(dat)
    assert first == second
    assert hashlib.sha256(first).hexdigest() == manifest["sha256"]


def test_truncated_or_foreign_files_are_refused(dat: bytes) -> None:
    with pytest.raises(ModelError):
        parse_dlib_net(dat[: len(dat) // 2])
    with pytest.raises(ModelError):
        parse_dlib_net(b"\x01\x01" + dat[2:200])
    with pytest.raises(ModelError, match="unread bytes"):
        parse_dlib_net(dat + b"\x00")


def test_wrong_topology_is_refused(dat: bytes) -> None:
    top = list(resnet_v1_topology())
    top.remove("max_pool")
    with pytest.raises(ModelError):
        parse_dlib_net(dat, tuple(top))
