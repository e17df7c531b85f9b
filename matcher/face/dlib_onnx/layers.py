"""dlib DNN layers as frozen values, and how each one's ``serialize`` output is read back.

Only the layers of dlib's face-recognition ResNet are known; anything else raises :class:`ModelError`.
Formats follow ``dlib/dnn/layers.h`` and ``input.h``: ``con_4``, ``affine_``, ``relu_``, ``max_pool_2``,
``avg_pool_2``, ``add_prev_``, ``fc_2``, ``input_rgb_image_sized``, ``loss_metric_2``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from matcher.errors import ModelError
from matcher.face.dlib_onnx.stream import DlibStream

_STAGE = "dlib-reader"


@dataclass(frozen=True)
class InputRgb:
    """``input_rgb_image_sized<NR, NC>``: value = (pixel − avg) / 256, channels R, G, B."""

    mean_rgb: tuple[float, float, float]
    rows: int
    cols: int
    scale: float = 1.0 / 256.0


@dataclass(frozen=True)
class Con:
    weights: NDArray[np.float32]  # (out, in, kh, kw), cross-correlation as in ONNX Conv
    bias: NDArray[np.float32]  # (out,)
    stride: tuple[int, int]
    padding: tuple[int, int]


@dataclass(frozen=True)
class Affine:
    """Inference-time batch norm: y = x · gamma[c] + beta[c]."""

    gamma: NDArray[np.float32]
    beta: NDArray[np.float32]


@dataclass(frozen=True)
class Relu:
    pass


@dataclass(frozen=True)
class Pool:
    """``max_pool_``/``avg_pool_``; a kernel of 0 means the whole plane (``*_pool_everything``)."""

    kind: str  # "max" | "avg"
    kernel: tuple[int, int]
    stride: tuple[int, int]
    padding: tuple[int, int]


@dataclass(frozen=True)
class Fc:
    weights: NDArray[np.float32]  # (inputs, outputs): y = x · W (+ b)
    bias: NDArray[np.float32] | None


@dataclass(frozen=True)
class AddPrev:
    """``add_prev<tag>``: sum with the tagged output; mismatched shapes are zero-padded (dlib ``tt::add``)."""

    tag: int


@dataclass(frozen=True)
class Tag:
    tag: int


@dataclass(frozen=True)
class Skip:
    tag: int


Layer = Con | Affine | Relu | Pool | Fc | AddPrev | Tag | Skip


def read_input(s: DlibStream) -> InputRgb:
    s.expect("input_rgb_image_sized")
    mean = (s.real(), s.real(), s.real())
    return InputRgb(mean_rgb=mean, rows=s.integer(), cols=s.integer())


def read_loss(s: DlibStream) -> tuple[float, float]:
    """``loss_metric_2``: (margin, distance threshold) — training-time values, unused at inference."""
    s.expect("loss_metric_2")
    return s.real(), s.real()


def _split(params: NDArray[np.float32], shapes: list[tuple[int, ...]]) -> list[NDArray[np.float32]]:
    flat = params.reshape(-1)
    need = sum(math.prod(sh) for sh in shapes)
    if flat.size != need:
        raise ModelError(f"layer parameters hold {flat.size} values, their aliases need {need}", stage=_STAGE)
    out, offset = [], 0
    for shape in shapes:
        size = math.prod(shape)
        out.append(flat[offset : offset + size].reshape(shape).copy())
        offset += size
    return out


def _read_con(s: DlibStream) -> Con:
    params = s.tensor()
    _filters, nr, nc = s.integer(), s.integer(), s.integer()
    stride = (s.integer(), s.integer())
    padding = (s.integer(), s.integer())
    w_shape, b_shape = s.alias_tensor(), s.alias_tensor()
    for _ in range(4):  # learning-rate and weight-decay multipliers
        s.real()
    if w_shape[2:] != (nr, nc):
        raise ModelError(f"con_ filter alias {w_shape} disagrees with kernel {nr}x{nc}", stage=_STAGE)
    weights, bias = _split(params, [w_shape, b_shape])
    return Con(weights=weights, bias=bias.reshape(-1), stride=stride, padding=padding)


def _read_affine(s: DlibStream) -> Affine:
    params = s.tensor()
    g_shape, b_shape = s.alias_tensor(), s.alias_tensor()
    mode = s.integer()
    if mode != 0:  # CONV_MODE; FC_MODE affine does not occur in this network
        raise ModelError(f"affine_ in mode {mode} is not supported", stage=_STAGE)
    gamma, beta = _split(params, [g_shape, b_shape])
    return Affine(gamma=gamma.reshape(-1), beta=beta.reshape(-1))


def _read_pool(s: DlibStream, kind: str) -> Pool:
    kernel = (s.integer(), s.integer())
    stride = (s.integer(), s.integer())
    padding = (s.integer(), s.integer())
    return Pool(kind=kind, kernel=kernel, stride=stride, padding=padding)


def _read_fc(s: DlibStream) -> Fc:
    outputs, inputs = s.integer(), s.integer()
    params = s.tensor()
    w_shape, b_shape = s.alias_tensor(), s.alias_tensor()
    bias_mode = s.integer()  # FC_HAS_BIAS = 0, FC_NO_BIAS = 1
    for _ in range(4):
        s.real()
    if w_shape[:2] != (inputs, outputs):
        raise ModelError(f"fc_ weight alias {w_shape} disagrees with {inputs}→{outputs}", stage=_STAGE)
    if bias_mode == 1:
        (weights,) = _split(params, [(inputs, outputs)])
        return Fc(weights=weights, bias=None)
    weights, bias = _split(params, [(inputs, outputs), b_shape])
    return Fc(weights=weights, bias=bias.reshape(-1))


def read_layer(s: DlibStream, kind: str, tag: int = 0) -> Layer:
    """The details of one computational layer, checked against the ``kind`` the topology expects."""
    name = s.text()
    expected = {"con": "con_4", "affine": "affine_", "relu": "relu_", "max_pool": "max_pool_2",
                "avg_pool": "avg_pool_2", "add_prev": "add_prev_", "fc": "fc_2"}.get(kind)
    if name != expected:
        raise ModelError(f"topology expects a {kind} layer ({expected}), the file has {name!r}", stage=_STAGE)
    if kind == "con":
        return _read_con(s)
    if kind == "affine":
        return _read_affine(s)
    if kind == "relu":
        return Relu()
    if kind in ("max_pool", "avg_pool"):
        return _read_pool(s, kind.removesuffix("_pool"))
    if kind == "add_prev":
        return AddPrev(tag=tag)
    return _read_fc(s)
