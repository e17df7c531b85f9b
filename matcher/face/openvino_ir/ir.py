"""OpenVINO IR version 5 (the 2019 format): the ``.xml`` graph and the ``.bin`` weights, parsed into layers
in execution order. The parser knows the file format, not the layer semantics (those are in
:mod:`~matcher.face.openvino_ir.to_onnx`); any malformed or inconsistent file is a :class:`ModelError`.

Each ``<layer>`` has an ``id``, a ``type``, a ``precision`` (FP16 or FP32: the dtype of its blobs),
``<data>`` attributes, ``<input>``/``<output>`` ports with their dims, and ``<blobs>`` giving byte
``offset`` and ``size`` in the ``.bin``. ``<edges>`` wire (layer, port) → (layer, port).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from matcher.errors import ModelError

SUPPORTED_IR_VERSIONS = (5,)
_BLOB_DTYPES: dict[str, np.dtype[np.floating]] = {"FP16": np.dtype("<f2"), "FP32": np.dtype("<f4")}
_STAGE = "openvino-ir"

Dims = tuple[int, ...]


@dataclass(frozen=True)
class IrLayer:
    """One layer: ``inputs`` are the producing ``(layer id, port id)`` in input-port order (with the
    dims this layer declares for them), ``blobs`` the weights as float32, shaped flat."""

    id: int
    name: str
    type: str
    data: dict[str, str]
    inputs: tuple[tuple[int, int], ...]
    input_dims: tuple[Dims, ...]
    output_dims: dict[int, Dims]
    blobs: dict[str, NDArray[np.float32]]

    def attr(self, key: str, default: str | None = None) -> str:
        value = self.data.get(key, default)
        if value is None:
            raise ModelError(f"IR layer {self.type} id {self.id} lacks the attribute {key!r}", stage=_STAGE)
        return value

    def ints(self, key: str, default: str | None = None) -> list[int]:
        text = self.attr(key, default)
        try:
            return [int(v) for v in text.split(",")] if text.strip() else []
        except ValueError as exc:
            raise ModelError(f"IR layer {self.type} id {self.id}: {key}={text!r} is not a list of integers",
                             stage=_STAGE) from exc

    @property
    def output_port(self) -> int:
        if len(self.output_dims) != 1:
            raise ModelError(f"IR layer {self.type} id {self.id} has {len(self.output_dims)} outputs, not 1",
                             stage=_STAGE)
        return next(iter(self.output_dims))


@dataclass(frozen=True)
class IrNet:
    name: str
    layers: tuple[IrLayer, ...]  # topological order (producers before consumers)
    outputs: tuple[tuple[int, int], ...]  # (layer id, port) that nothing consumes


def _dims(port: ET.Element) -> Dims:
    return tuple(int(d.text or "") for d in port.findall("dim"))


def _blobs(layer: ET.Element, weights: bytes, ident: str) -> dict[str, NDArray[np.float32]]:
    node = layer.find("blobs")
    if node is None:
        return {}
    precision = layer.get("precision", "FP32")
    if precision not in _BLOB_DTYPES:
        raise ModelError(f"{ident}: unsupported precision {precision!r}", stage=_STAGE)
    dtype = _BLOB_DTYPES[precision]
    out: dict[str, NDArray[np.float32]] = {}
    for blob in node:
        offset, size = int(blob.get("offset", "-1")), int(blob.get("size", "-1"))
        if offset < 0 or size < 0 or size % dtype.itemsize or offset + size > len(weights):
            raise ModelError(f"{ident}: blob {blob.tag} (offset {offset}, size {size}) lies outside the "
                             f"{len(weights)}-byte weights file", stage=_STAGE)
        arr = np.frombuffer(weights, dtype=dtype, count=size // dtype.itemsize, offset=offset)
        out[blob.tag] = arr.astype(np.float32)
    return out


def _layer(node: ET.Element, weights: bytes, wiring: dict[tuple[int, int], tuple[int, int]]) -> IrLayer:
    lid = int(node.get("id", ""))
    ltype = node.get("type", "")
    ident = f"IR layer {ltype} id {lid}"
    data_node = node.find("data")
    in_ports = sorted((int(p.get("id", "")), _dims(p)) for p in node.findall("input/port"))
    out_dims = {int(p.get("id", "")): _dims(p) for p in node.findall("output/port")}
    inputs = []
    for port, _ in in_ports:
        if (lid, port) not in wiring:
            raise ModelError(f"{ident}: input port {port} is not connected", stage=_STAGE)
        inputs.append(wiring[(lid, port)])
    return IrLayer(id=lid, name=node.get("name", str(lid)), type=ltype,
                   data=dict(data_node.attrib) if data_node is not None else {},
                   inputs=tuple(inputs), input_dims=tuple(d for _, d in in_ports), output_dims=out_dims,
                   blobs=_blobs(node, weights, ident))


def _topological(layers: dict[int, IrLayer]) -> list[IrLayer]:
    """Kahn's algorithm, lowest id first among the ready layers (a stable, deterministic order)."""
    pending = {lid: {src for src, _ in layer.inputs} for lid, layer in layers.items()}
    order: list[IrLayer] = []
    while pending:
        ready = sorted(lid for lid, deps in pending.items() if not deps)
        if not ready:
            raise ModelError(f"the IR graph has a cycle among layers {sorted(pending)[:8]}", stage=_STAGE)
        for lid in ready:
            order.append(layers[lid])
            del pending[lid]
        for deps in pending.values():
            deps.difference_update(ready)
    return order


def parse_ir(xml: bytes, weights: bytes) -> IrNet:
    """The network described by ``xml`` (IR v5) with its blobs read from ``weights``."""
    try:
        root = ET.fromstring(xml)
        net_name = root.get("name", "net")
        version = int(root.get("version", "0"))
        if root.tag != "net" or version not in SUPPORTED_IR_VERSIONS:
            raise ModelError(f"not an OpenVINO IR v5 network (<{root.tag} version={version}>)", stage=_STAGE)
        wiring: dict[tuple[int, int], tuple[int, int]] = {}
        for edge in root.findall("edges/edge"):
            dst = (int(edge.get("to-layer", "")), int(edge.get("to-port", "")))
            wiring[dst] = (int(edge.get("from-layer", "")), int(edge.get("from-port", "")))
        layers: dict[int, IrLayer] = {}
        for node in root.findall("layers/layer"):
            layer = _layer(node, weights, wiring)
            if layer.id in layers:
                raise ModelError(f"IR layer id {layer.id} appears twice", stage=_STAGE)
            layers[layer.id] = layer
    except ET.ParseError as exc:
        raise ModelError(f"the IR .xml is not well-formed XML: {exc}", stage=_STAGE) from exc
    except ValueError as exc:  # int() of a missing or non-numeric id, port, offset or dim
        raise ModelError(f"the IR .xml has a malformed number: {exc}", stage=_STAGE) from exc
    for src, dst in ((s, d) for d, s in wiring.items()):
        if src[0] not in layers or src[1] not in layers[src[0]].output_dims or dst[0] not in layers:
            raise ModelError(f"IR edge {src} → {dst} names a missing layer or port", stage=_STAGE)
    if not layers:
        raise ModelError("the IR network has no layers", stage=_STAGE)
    consumed = set(wiring.values())
    outputs = tuple((lid, port) for lid, layer in sorted(layers.items()) for port in sorted(layer.output_dims)
                    if (lid, port) not in consumed)
    return IrNet(name=net_name, layers=tuple(_topological(layers)), outputs=outputs)
