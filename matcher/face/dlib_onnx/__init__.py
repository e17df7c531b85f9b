"""dlib's face-recognition ResNet converted to ONNX in pure Python: read the serialized network
(:func:`parse_dlib_net`), then write the same computation as an ONNX graph (:func:`to_onnx`).
:func:`convert` does both: ``.dat`` bytes in, ``.onnx`` bytes out, deterministic for a given input."""

from __future__ import annotations

from matcher.face.dlib_onnx.net import DlibNet, parse_dlib_net, resnet_v1_topology
from matcher.face.dlib_onnx.to_onnx import OPSET, convert, to_onnx

__all__ = ["OPSET", "DlibNet", "convert", "parse_dlib_net", "resnet_v1_topology", "to_onnx"]
