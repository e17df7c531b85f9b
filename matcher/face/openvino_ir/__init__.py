"""OpenVINO IR v5 networks (Intel's Open Model Zoo, 2019 format) converted to ONNX in pure Python: parse
the ``.xml`` graph and ``.bin`` weights (:func:`parse_ir`), then write the same computation as an ONNX
graph (:func:`to_onnx`). :func:`convert` does both: bytes in, ``.onnx`` bytes out, deterministic."""

from __future__ import annotations

from matcher.face.openvino_ir.ir import IrLayer, IrNet, parse_ir
from matcher.face.openvino_ir.to_onnx import EMITTERS, OPSET, convert, to_onnx

__all__ = ["EMITTERS", "OPSET", "IrLayer", "IrNet", "convert", "parse_ir", "to_onnx"]
