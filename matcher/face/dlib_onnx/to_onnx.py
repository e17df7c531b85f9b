"""A parsed dlib network written as an ONNX graph with ``onnx.helper``.

The graph takes the preprocessed chips, float32 (N, 3, rows, cols) in R, G, B order with
``(pixel − mean) / 256`` already applied (the manifest's preprocessing spec), and returns the raw fc
output, float32 (N, 128): dlib does not L2-normalise its face descriptor, and neither does this graph.
Layer by layer: ``con`` → Conv, ``affine`` → Mul + Add per channel, ``relu`` → Relu, pools → MaxPool /
AveragePool / GlobalAveragePool, ``add_prev`` → Add after zero-padding both operands to the larger shape
at the end of each axis (dlib's ``tt::add`` on tensors of different sizes), ``fc`` → MatMul (+ Add).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import onnx
from numpy.typing import NDArray
from onnx import TensorProto, helper, numpy_helper

from matcher.errors import ModelError
from matcher.face.dlib_onnx.layers import AddPrev, Affine, Con, Fc, Pool, Relu, Skip, Tag
from matcher.face.dlib_onnx.net import DlibNet, parse_dlib_net

OPSET = 17
IR_VERSION = 8
INPUT_NAME = "chips"
OUTPUT_NAME = "descriptors"

Shape = tuple[int, int, int]  # (channels, rows, cols)


@dataclass
class _Graph:
    nodes: list[onnx.NodeProto] = field(default_factory=list)
    inits: list[onnx.TensorProto] = field(default_factory=list)
    count: int = 0

    def name(self, stem: str) -> str:
        self.count += 1
        return f"{stem}_{self.count}"

    def const(self, stem: str, value: NDArray[np.generic]) -> str:
        name = self.name(stem)
        self.inits.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def node(self, op: str, inputs: list[str], stem: str, **attrs: Any) -> str:
        out = self.name(stem)
        self.nodes.append(helper.make_node(op, inputs, [out], name=out, **attrs))
        return out


def _out_size(size: int, kernel: int, stride: int, pad: int) -> int:
    return (size + 2 * pad - kernel) // stride + 1


def _con(g: _Graph, x: str, shape: Shape, layer: Con) -> tuple[str, Shape]:
    out_c, in_c, kh, kw = layer.weights.shape
    if in_c != shape[0]:
        raise ModelError(f"con_ expects {in_c} input channels, gets {shape[0]}", stage="dlib-onnx")
    (sy, sx), (py, px) = layer.stride, layer.padding
    w = g.const("con_w", layer.weights)
    b = g.const("con_b", layer.bias)
    y = g.node("Conv", [x, w, b], "conv", kernel_shape=[kh, kw], strides=[sy, sx], pads=[py, px, py, px])
    return y, (out_c, _out_size(shape[1], kh, sy, py), _out_size(shape[2], kw, sx, px))


def _affine(g: _Graph, x: str, shape: Shape, layer: Affine) -> tuple[str, Shape]:
    gamma = g.const("affine_gamma", layer.gamma.reshape(1, -1, 1, 1))
    beta = g.const("affine_beta", layer.beta.reshape(1, -1, 1, 1))
    return g.node("Add", [g.node("Mul", [x, gamma], "affine_mul"), beta], "affine"), shape


def _pool(g: _Graph, x: str, shape: Shape, layer: Pool) -> tuple[str, Shape]:
    (kh, kw), (sy, sx), (py, px) = layer.kernel, layer.stride, layer.padding
    if kh == 0 and kw == 0:
        op = "GlobalMaxPool" if layer.kind == "max" else "GlobalAveragePool"
        return g.node(op, [x], "gpool"), (shape[0], 1, 1)
    if py or px:
        raise ModelError("padded pooling is not supported (dlib pads differently)", stage="dlib-onnx")
    op = "MaxPool" if layer.kind == "max" else "AveragePool"
    y = g.node(op, [x], "pool", kernel_shape=[kh, kw], strides=[sy, sx])
    return y, (shape[0], _out_size(shape[1], kh, sy, 0), _out_size(shape[2], kw, sx, 0))


def _pad_to(g: _Graph, x: str, shape: Shape, target: Shape) -> str:
    if shape == target:
        return x
    ends = [0, *(t - s for t, s in zip(target, shape, strict=True))]
    pads = g.const("pads", np.array([0, 0, 0, 0, *ends], dtype=np.int64))
    return g.node("Pad", [x, pads], "zero_pad", mode="constant")


def _add_prev(g: _Graph, x: str, shape: Shape, other: tuple[str, Shape]) -> tuple[str, Shape]:
    target: Shape = (max(shape[0], other[1][0]), max(shape[1], other[1][1]), max(shape[2], other[1][2]))
    a = _pad_to(g, x, shape, target)
    b = _pad_to(g, other[0], other[1], target)
    return g.node("Add", [a, b], "add_prev"), target


def _fc(g: _Graph, x: str, shape: Shape, layer: Fc) -> tuple[str, int]:
    inputs, outputs = layer.weights.shape
    if inputs != shape[0] * shape[1] * shape[2]:
        raise ModelError(f"fc_ expects {inputs} inputs, gets {shape}", stage="dlib-onnx")
    flat = g.node("Flatten", [x], "flatten", axis=1)
    y = g.node("MatMul", [flat, g.const("fc_w", layer.weights)], "fc")
    if layer.bias is not None:
        y = g.node("Add", [y, g.const("fc_b", layer.bias)], "fc_bias")
    return y, outputs


def to_onnx(net: DlibNet, *, model_name: str = "dlib_face_recognition_resnet_model_v1") -> onnx.ModelProto:
    """The ONNX model of ``net`` (checked with ``onnx.checker``)."""
    g = _Graph()
    x, shape = INPUT_NAME, (3, net.input.rows, net.input.cols)
    tags: dict[int, tuple[str, Shape]] = {}
    out_dim = 0
    for layer in net.layers:
        if isinstance(layer, Tag):
            tags[layer.tag] = (x, shape)
        elif isinstance(layer, Skip):
            x, shape = tags[layer.tag]
        elif isinstance(layer, Con):
            x, shape = _con(g, x, shape, layer)
        elif isinstance(layer, Affine):
            x, shape = _affine(g, x, shape, layer)
        elif isinstance(layer, Relu):
            x = g.node("Relu", [x], "relu")
        elif isinstance(layer, Pool):
            x, shape = _pool(g, x, shape, layer)
        elif isinstance(layer, AddPrev):
            x, shape = _add_prev(g, x, shape, tags[layer.tag])
        elif isinstance(layer, Fc):
            x, out_dim = _fc(g, x, shape, layer)
    if not out_dim:
        raise ModelError("the network has no fc output layer", stage="dlib-onnx")
    g.nodes.append(helper.make_node("Identity", [x], [OUTPUT_NAME], name="output"))
    in_shape: list[str | int | None] = ["N", 3, net.input.rows, net.input.cols]
    graph = helper.make_graph(
        g.nodes, model_name,
        [helper.make_tensor_value_info(INPUT_NAME, TensorProto.FLOAT, in_shape)],
        [helper.make_tensor_value_info(OUTPUT_NAME, TensorProto.FLOAT, ["N", out_dim])],
        initializer=g.inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name="egate-dlib-onnx", producer_version="1")
    model.ir_version = IR_VERSION
    onnx.checker.check_model(model)
    return model


def convert(dat: bytes) -> bytes:
    """``dlib_face_recognition_resnet_model_v1.dat`` bytes → ONNX bytes (same input, same bytes)."""
    data: bytes = to_onnx(parse_dlib_net(dat)).SerializeToString(deterministic=True)
    return data
