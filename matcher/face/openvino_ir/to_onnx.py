"""An OpenVINO IR v5 network written as an ONNX graph with ``onnx.helper``, weights in float32.

The graph input ``input`` is what the IR's ``Input`` layer takes (for face-reidentification-retail-0095:
float32 N×3×128×128, BGR, 0–255; any normalisation is inside the graph); the output ``embedding`` is the
IR's single output flattened to (N, features). Nothing is added: no L2 normalisation.
Layer by layer: ``ScaleShift`` → Mul (+ Add) per channel, ``Convolution`` → Conv (grouped, dilated,
asymmetric pads), ``PReLU`` → PRelu, or LeakyRelu when the slope is shared (the same function, and ONNX
Runtime fuses it into the convolution: 3–4× faster on this model), ``Eltwise`` sum/mul/max →
Add/Mul/Max, ``Pooling`` → AveragePool / MaxPool, ``Activation`` sigmoid/relu/tanh and
``ReLU``/``Sigmoid``/``TanH``/``Clamp`` → their ONNX ops. Any other layer type is a :class:`ModelError`
naming it and its id; so is a layer whose declared output shape disagrees with the one computed from its
attributes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import onnx
from numpy.typing import NDArray
from onnx import TensorProto, helper, numpy_helper

from matcher.errors import ModelError
from matcher.face.openvino_ir.ir import Dims, IrLayer, IrNet, parse_ir

OPSET = 17
IR_VERSION = 8
INPUT_NAME = "input"
OUTPUT_NAME = "embedding"
_STAGE = "openvino-ir"


@dataclass
class _Graph:
    nodes: list[onnx.NodeProto] = field(default_factory=list)
    inits: list[onnx.TensorProto] = field(default_factory=list)

    def const(self, name: str, value: NDArray[np.generic]) -> str:
        self.inits.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def node(self, op: str, inputs: list[str], out: str, **attrs: Any) -> str:
        self.nodes.append(helper.make_node(op, inputs, [out], name=out, **attrs))
        return out


def _fail(layer: IrLayer, why: str) -> ModelError:
    return ModelError(f"IR layer {layer.type} id {layer.id} ({layer.name!r}): {why}", stage=_STAGE)


def _channels(layer: IrLayer) -> int:
    dims = layer.input_dims[0]
    if len(dims) != 4:
        raise _fail(layer, f"expects an NCHW input, gets dims {dims}")
    return dims[1]


def _per_channel(layer: IrLayer, blob: str, channels: int) -> NDArray[np.float32]:
    values = layer.blobs.get(blob)
    if values is None or values.size != channels:
        raise _fail(layer, f"blob {blob!r} should hold {channels} values")
    return values.reshape(1, channels, 1, 1)


def _scale_shift(g: _Graph, layer: IrLayer, x: list[str], out: str) -> None:
    c = _channels(layer)
    y = g.node("Mul", [x[0], g.const(f"{out}_w", _per_channel(layer, "weights", c))],
               f"{out}_mul" if "biases" in layer.blobs else out)
    if "biases" in layer.blobs:
        g.node("Add", [y, g.const(f"{out}_b", _per_channel(layer, "biases", c))], out)


def _spatial(layer: IrLayer, kernel: list[int], strides: list[int], pads: tuple[list[int], list[int]],
             dilations: list[int], ceil: bool) -> Dims:
    _, _, h, w = layer.input_dims[0]
    sizes = []
    for size, k, s, pb, pe, d in zip((h, w), kernel, strides, *pads, dilations, strict=True):
        span = size + pb + pe - (d * (k - 1) + 1)
        sizes.append((-(-span // s) if ceil else span // s) + 1)
    return sizes[0], sizes[1]


def _check_shape(layer: IrLayer, channels: int, spatial: Dims) -> None:
    declared = layer.output_dims[layer.output_port]
    if tuple(declared[1:]) != (channels, *spatial):
        raise _fail(layer, f"declares output {declared}, its attributes give (N, {channels}, {spatial})")


def _geometry(layer: IrLayer) -> tuple[list[int], list[int], tuple[list[int], list[int]]]:
    if layer.data.get("auto_pad", "explicit") not in ("explicit", ""):
        raise _fail(layer, f"auto_pad={layer.data['auto_pad']!r} is not supported")
    kernel, strides = layer.ints("kernel"), layer.ints("strides", "1,1")
    pads = (layer.ints("pads_begin", "0,0"), layer.ints("pads_end", "0,0"))
    if not all(len(v) == 2 for v in (kernel, strides, *pads)):
        raise _fail(layer, "only 2-D kernels, strides and pads are supported")
    return kernel, strides, pads


def _convolution(g: _Graph, layer: IrLayer, x: list[str], out: str) -> None:
    c_in = _channels(layer)
    kernel, strides, pads = _geometry(layer)
    dilations, group, c_out = layer.ints("dilations", "1,1"), int(layer.attr("group", "1")), int(layer.attr("output"))
    if group < 1 or c_in % group or c_out % group:
        raise _fail(layer, f"group {group} does not divide {c_in} inputs and {c_out} outputs")
    shape = (c_out, c_in // group, kernel[0], kernel[1])
    weights = layer.blobs.get("weights")
    if weights is None or weights.size != int(np.prod(shape)):
        raise _fail(layer, f"weights should hold {int(np.prod(shape))} values for shape {shape}")
    _check_shape(layer, c_out, _spatial(layer, kernel, strides, pads, dilations, ceil=False))
    inputs = [x[0], g.const(f"{out}_w", weights.reshape(shape))]
    if "biases" in layer.blobs:
        inputs.append(g.const(f"{out}_b", _per_channel(layer, "biases", c_out).reshape(c_out)))
    g.node("Conv", inputs, out, kernel_shape=kernel, strides=strides, pads=[*pads[0], *pads[1]],
           dilations=dilations, group=group)


def _pooling(g: _Graph, layer: IrLayer, x: list[str], out: str) -> None:
    c = _channels(layer)
    kernel, strides, pads = _geometry(layer)
    method, rounding = layer.attr("pool-method"), layer.attr("rounding_type", "floor")
    if method not in ("avg", "max") or rounding not in ("floor", "ceil"):
        raise _fail(layer, f"pool-method {method!r} / rounding_type {rounding!r} is not supported")
    _check_shape(layer, c, _spatial(layer, kernel, strides, pads, [1, 1], ceil=rounding == "ceil"))
    attrs: dict[str, Any] = {"kernel_shape": kernel, "strides": strides, "pads": [*pads[0], *pads[1]],
                             "ceil_mode": int(rounding == "ceil")}
    if method == "avg":
        attrs["count_include_pad"] = int(layer.attr("exclude-pad", "false").lower() != "true")
    g.node("AveragePool" if method == "avg" else "MaxPool", [x[0]], out, **attrs)


def _prelu(g: _Graph, layer: IrLayer, x: list[str], out: str) -> None:
    c = _channels(layer)
    shared = layer.attr("channel_shared", "0") in ("1", "true")
    slope = layer.blobs.get("weights")
    if slope is None or slope.size != (1 if shared else c):
        raise _fail(layer, f"PReLU slopes should hold {1 if shared else c} values")
    if shared:  # one slope for all channels is LeakyRelu, which ONNX Runtime fuses into the convolution
        g.node("LeakyRelu", [x[0]], out, alpha=float(slope[0]))
    else:
        g.node("PRelu", [x[0], g.const(f"{out}_slope", slope.reshape(c, 1, 1))], out)


def _eltwise(g: _Graph, layer: IrLayer, x: list[str], out: str) -> None:
    ops = {"sum": "Add", "mul": "Mul", "max": "Max"}
    operation = layer.attr("operation", "sum").lower()
    coeff = layer.data.get("coeff", "")
    if operation not in ops or (coeff and any(float(v) != 1.0 for v in coeff.split(","))):
        raise _fail(layer, f"operation {operation!r} with coeff {coeff!r} is not supported")
    if len(x) < 2:
        raise _fail(layer, "needs at least two inputs")
    y = x[0]
    for i, other in enumerate(x[1:], start=1):
        y = g.node(ops[operation], [y, other], out if i == len(x) - 1 else f"{out}_{i}")


def _activation(g: _Graph, layer: IrLayer, x: list[str], out: str) -> None:
    kind = layer.attr("type").lower() if layer.type == "Activation" else layer.type.lower()
    if kind == "relu" and float(layer.data.get("negative_slope", "0")) != 0.0:
        g.node("LeakyRelu", [x[0]], out, alpha=float(layer.data["negative_slope"]))
    elif kind == "clamp":
        lo, hi = np.float32(layer.attr("min")), np.float32(layer.attr("max"))
        g.node("Clip", [x[0], g.const(f"{out}_min", np.array(lo)), g.const(f"{out}_max", np.array(hi))], out)
    elif kind in ("sigmoid", "relu", "tanh"):
        g.node({"sigmoid": "Sigmoid", "relu": "Relu", "tanh": "Tanh"}[kind], [x[0]], out)
    else:
        raise _fail(layer, f"activation {kind!r} is not supported")


Emitter = Callable[[_Graph, IrLayer, list[str], str], None]
EMITTERS: dict[str, Emitter] = {
    "ScaleShift": _scale_shift, "Convolution": _convolution, "Pooling": _pooling, "PReLU": _prelu,
    "Eltwise": _eltwise, "Activation": _activation, "ReLU": _activation, "Sigmoid": _activation,
    "TanH": _activation, "Clamp": _activation,
}


def to_onnx(net: IrNet) -> onnx.ModelProto:
    """The ONNX model of ``net`` (one NCHW input, one output; checked with ``onnx.checker``)."""
    g = _Graph()
    names: dict[tuple[int, int], str] = {}
    inputs = [layer for layer in net.layers if layer.type == "Input"]
    if len(inputs) != 1 or len(net.outputs) != 1:
        raise ModelError(f"expected one Input and one output, the IR has {len(inputs)} and {len(net.outputs)}",
                         stage=_STAGE)
    for layer in net.layers:
        if layer.type == "Input":
            names[(layer.id, layer.output_port)] = INPUT_NAME
            continue
        emit = EMITTERS.get(layer.type)
        if emit is None:
            raise _fail(layer, f"unsupported layer type {layer.type!r}")
        out = f"L{layer.id}"
        emit(g, layer, [names[src] for src in layer.inputs], out)
        names[(layer.id, layer.output_port)] = out
    in_dims = inputs[0].output_dims[inputs[0].output_port]
    out_dims = next(layer for layer in net.layers if layer.id == net.outputs[0][0]).output_dims[net.outputs[0][1]]
    g.node("Flatten", [names[net.outputs[0]]], OUTPUT_NAME, axis=1)
    graph = helper.make_graph(
        g.nodes, net.name,
        [helper.make_tensor_value_info(INPUT_NAME, TensorProto.FLOAT, ["N", *in_dims[1:]])],
        [helper.make_tensor_value_info(OUTPUT_NAME, TensorProto.FLOAT, ["N", int(np.prod(out_dims[1:]))])],
        initializer=g.inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name="egate-openvino-ir", producer_version="1")
    model.ir_version = IR_VERSION
    onnx.checker.check_model(model)
    return model


def convert(xml: bytes, weights: bytes) -> bytes:
    """IR v5 ``.xml`` and ``.bin`` bytes → ONNX bytes (the same inputs give the same bytes)."""
    data: bytes = to_onnx(parse_ir(xml, weights)).SerializeToString(deterministic=True)
    return data
