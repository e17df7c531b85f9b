"""Test helpers for the OpenVINO IR converter: a writer of small IR v5 files, and an independent numpy
evaluator of a parsed IR (the reference the ONNX conversion is compared with)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import NDArray

from matcher.face.openvino_ir import IrLayer, IrNet

F64 = NDArray[np.float64]


@dataclass
class Spec:
    """One layer of a synthetic IR: producers by layer index, declared output dims, attributes, blobs."""

    type: str
    inputs: list[int]
    out: tuple[int, ...]
    data: dict[str, str] = field(default_factory=dict)
    blobs: dict[str, NDArray[np.float32]] = field(default_factory=dict)


def _dims(values: tuple[int, ...]) -> str:
    return "".join(f"<dim>{v}</dim>" for v in values)


def write_ir(specs: list[Spec], *, precision: str = "FP16", version: int = 5) -> tuple[bytes, bytes]:
    """(xml, bin) of a network whose layer ``i`` is ``specs[i]``; blobs are stored in ``precision``."""
    dtype = np.dtype("<f2") if precision == "FP16" else np.dtype("<f4")
    weights, layers, edges = bytearray(), [], []
    for lid, spec in enumerate(specs):
        ins = "".join(f'<port id="{p}">{_dims(specs[src].out)}</port>' for p, src in enumerate(spec.inputs))
        out_port = len(spec.inputs)
        blobs = ""
        for name, value in spec.blobs.items():
            raw = np.asarray(value, dtype).tobytes()
            blobs += f'<{name} offset="{len(weights)}" size="{len(raw)}"/>'
            weights += raw
        data = "<data " + " ".join(f'{k}="{v}"' for k, v in spec.data.items()) + "/>" if spec.data else ""
        layers.append(f'<layer id="{lid}" name="n{lid}" precision="{precision}" type="{spec.type}">{data}'
                      + (f"<input>{ins}</input>" if ins else "")
                      + f'<output><port id="{out_port}">{_dims(spec.out)}</port></output>'
                      + (f"<blobs>{blobs}</blobs>" if blobs else "") + "</layer>")
        for p, src in enumerate(spec.inputs):
            edges.append(f'<edge from-layer="{src}" from-port="{len(specs[src].inputs)}" to-layer="{lid}" '
                         f'to-port="{p}"/>')
    xml = (f'<?xml version="1.0" ?><net batch="1" name="synthetic" version="{version}"><layers>'
           + "".join(layers) + "</layers><edges>" + "".join(edges) + "</edges></net>")
    return xml.encode(), bytes(weights)


def _ints(layer: IrLayer, key: str, default: str) -> list[int]:
    return [int(v) for v in layer.data.get(key, default).split(",")]


def _windows(x: F64, layer: IrLayer, fill: float, kernel: list[int], dil: list[int], ceil: bool) -> F64:
    """(N, C, OH, OW, kh, kw) windows of the padded input."""
    strides, pb, pe = _ints(layer, "strides", "1,1"), _ints(layer, "pads_begin", "0,0"), _ints(layer, "pads_end", "0,0")
    extra = [0, 0]
    for a in (0, 1):
        span = x.shape[2 + a] + pb[a] + pe[a] - (dil[a] * (kernel[a] - 1) + 1)
        if ceil and span % strides[a]:
            extra[a] = strides[a] - span % strides[a]
    xp = np.pad(x, ((0, 0), (0, 0), (pb[0], pe[0] + extra[0]), (pb[1], pe[1] + extra[1])), constant_values=fill)
    span = (dil[0] * (kernel[0] - 1) + 1, dil[1] * (kernel[1] - 1) + 1)
    win = sliding_window_view(xp, span, axis=(2, 3))
    return np.asarray(win[:, :, :: strides[0], :: strides[1], :: dil[0], :: dil[1]])


def _conv(x: F64, layer: IrLayer) -> F64:
    kernel, dil, group = _ints(layer, "kernel", ""), _ints(layer, "dilations", "1,1"), int(layer.data.get("group", 1))
    n, c = x.shape[:2]
    out = int(layer.data["output"])
    w = layer.blobs["weights"].astype(np.float64).reshape(group, out // group, c // group, *kernel)
    win = _windows(x, layer, 0.0, kernel, dil, ceil=False)
    oh, ow = win.shape[2:4]
    win = win.reshape(n, group, c // group, oh, ow, *kernel)
    y = np.einsum("ngchwij,gocij->ngohw", win, w, optimize=True).reshape(n, out, oh, ow)
    if "biases" in layer.blobs:
        y = y + layer.blobs["biases"].astype(np.float64).reshape(1, -1, 1, 1)
    return np.asarray(y)


def _pool(x: F64, layer: IrLayer) -> F64:
    kernel, ceil = _ints(layer, "kernel", ""), layer.data.get("rounding_type") == "ceil"
    if layer.data["pool-method"] == "max":
        return np.asarray(_windows(x, layer, -np.inf, kernel, [1, 1], ceil).max(axis=(4, 5)))
    if layer.data.get("exclude-pad") == "true":
        return np.asarray(np.nanmean(_windows(x, layer, np.nan, kernel, [1, 1], ceil), axis=(4, 5)))
    return np.asarray(_windows(x, layer, 0.0, kernel, [1, 1], ceil).mean(axis=(4, 5)))


def _activation(x: F64, kind: str, layer: IrLayer) -> F64:
    if kind == "sigmoid":
        return 1.0 / (1.0 + np.exp(-x))
    if kind == "tanh":
        return np.tanh(x)
    if kind == "clamp":
        return np.clip(x, float(layer.data["min"]), float(layer.data["max"]))
    slope = float(layer.data.get("negative_slope", 0))
    return np.where(x > 0, x, slope * x)


def _layer(layer: IrLayer, xs: list[F64]) -> F64:
    x = xs[0]
    if layer.type == "ScaleShift":
        y = x * layer.blobs["weights"].reshape(1, -1, 1, 1)
        return y + layer.blobs["biases"].reshape(1, -1, 1, 1) if "biases" in layer.blobs else y
    if layer.type == "Convolution":
        return _conv(x, layer)
    if layer.type == "Pooling":
        return _pool(x, layer)
    if layer.type == "PReLU":
        slope = layer.blobs["weights"].astype(np.float64)
        slope = slope.reshape(1, -1, 1, 1) if slope.size > 1 else slope
        return np.where(x > 0, x, slope * x)
    if layer.type == "Eltwise":
        op = {"sum": np.add, "mul": np.multiply, "max": np.maximum}[layer.data.get("operation", "sum")]
        y = xs[0]
        for other in xs[1:]:
            y = op(y, other)
        return np.asarray(y)
    kind = layer.data["type"] if layer.type == "Activation" else layer.type.lower()
    return _activation(x, kind, layer)


def evaluate(net: IrNet, x: NDArray[np.floating]) -> F64:
    """The network's single output for input ``x``, in float64, flattened to (N, features)."""
    values: dict[tuple[int, int], F64] = {}
    for layer in net.layers:
        port = next(iter(layer.output_dims))
        if layer.type == "Input":
            values[(layer.id, port)] = np.asarray(x, np.float64)
        else:
            values[(layer.id, port)] = _layer(layer, [values[src] for src in layer.inputs])
    out = values[net.outputs[0]]
    return out.reshape(out.shape[0], -1)
