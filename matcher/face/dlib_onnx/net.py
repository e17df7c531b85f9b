"""dlib's face-recognition ResNet (``dlib_face_recognition_resnet_model_v1``) read from its serialized form.

A dlib network is a C++ type; its file holds the layer parameters but not the wiring of tags and skips.
The wiring is written out here once, top-down exactly as in dlib's ``examples/dnn_face_recognition_ex.cpp``
(``anet_type``)::

    loss_metric<fc_no_bias<128, avg_pool_everything<
        alevel0<alevel1<alevel2<alevel3<alevel4<
        max_pool<3,3,2,2, relu<affine<con<32,7,7,2,2, input_rgb_image_sized<150>>>>>>>>>>>>>

    block<N,stride>  = affine<con<N,3,3,1,1, relu<affine<con<N,3,3,stride,stride, X>>>>>
    ares<N>          = relu<add_prev1<block<N,1, tag1<X>>>>
    ares_down<N>     = relu<add_prev2<avg_pool<2,2,2,2, skip1<tag2<block<N,2, tag1<X>>>>>>>>
    alevel0 = ares_down<256>; alevel1 = ares<256>,ares<256>,ares_down<256>; alevel2 likewise with 128;
    alevel3 = 3 × ares<64>, ares_down<64>; alevel4 = 3 × ares<32>

The file is checked against this wiring twice: the version numbers of the nested layer wrappers at the
head of the file (2 or 3 for computational layers, 1 for tag and skip layers) and the name of every
layer's details. Sizes, strides and paddings are read from the file, not assumed.
"""

from __future__ import annotations

from dataclasses import dataclass

from matcher.errors import ModelError
from matcher.face.dlib_onnx.layers import InputRgb, Layer, Skip, Tag, read_input, read_layer, read_loss
from matcher.face.dlib_onnx.stream import DlibStream

_STAGE = "dlib-reader"


def _block() -> list[str]:
    return ["affine", "con", "relu", "affine", "con"]


def _ares() -> list[str]:
    return ["relu", "add_prev1", *_block(), "tag1"]


def _ares_down() -> list[str]:
    return ["relu", "add_prev2", "avg_pool", "skip1", "tag2", *_block(), "tag1"]


def resnet_v1_topology() -> tuple[str, ...]:
    """The layers of ``anet_type`` from the output down to (not including) the input layer."""
    level0 = _ares_down()
    level1 = [*_ares(), *_ares(), *_ares_down()]
    level2 = [*_ares(), *_ares(), *_ares_down()]
    level3 = [*_ares(), *_ares(), *_ares(), *_ares_down()]
    level4 = [*_ares(), *_ares(), *_ares()]
    stem = ["max_pool", "relu", "affine", "con"]
    return ("fc", "avg_pool", *level0, *level1, *level2, *level3, *level4, *stem)


@dataclass(frozen=True)
class DlibNet:
    """The network bottom-up: the input layer, then every layer from the first convolution to the fc."""

    input: InputRgb
    layers: tuple[Layer, ...]
    loss: tuple[float, float]


def _is_marker(token: str) -> bool:
    return token.startswith(("tag", "skip"))


def parse_dlib_net(data: bytes, topology: tuple[str, ...] | None = None) -> DlibNet:
    """Parse a serialized ``loss_metric`` network (``serialize(net)`` output) against its topology."""
    top_down = topology or resnet_v1_topology()
    s = DlibStream(data)
    if s.integer() != 1:
        raise ModelError("not a dlib add_loss_layer (version 1) stream", stage=_STAGE)
    loss = read_loss(s)
    versions = [s.integer() for _ in top_down]
    for token, version in zip(top_down, versions, strict=True):
        want = {1} if _is_marker(token) else {2, 3}
        if version not in want:
            raise ModelError(f"layer wrapper version {version} does not fit a {token} layer", stage=_STAGE)
    if versions[-1] not in (2, 3):
        raise ModelError("the bottom layer must sit on the input layer", stage=_STAGE)
    net_input = read_input(s)
    layers: list[Layer] = []
    for i, token in enumerate(reversed(top_down)):
        if _is_marker(token):
            num = int(token.removeprefix("tag").removeprefix("skip"))
            layers.append(Tag(num) if token.startswith("tag") else Skip(num))
            continue
        tag = int(token.removeprefix("add_prev")) if token.startswith("add_prev") else 0
        layers.append(read_layer(s, token.rstrip("0123456789"), tag))
        _skip_layer_state(s, input_level=(i == 0), version=versions[-1 - i])
    if s.remaining:
        raise ModelError(f"{s.remaining} unread bytes after the last layer", stage=_STAGE)
    return DlibNet(input=net_input, layers=tuple(layers), loss=loss)


def _skip_layer_state(s: DlibStream, *, input_level: bool, version: int) -> None:
    """Training state stored after each layer's details: three flags, three (empty) tensors and, for the
    layer on the input (wrapper version 3), the sample expansion factor."""
    for _ in range(3):
        s.flag()
    for _ in range(3):
        s.tensor()
    if input_level and version >= 3:
        s.integer()
