"""Face embedders on ONNX Runtime: any ONNX network that maps aligned crops to descriptors.

The model arrives as bytes together with its :class:`Preprocess` spec (from a manifest in ``models/``);
nothing about the model is guessed from its tensor shapes — the shapes are only *checked* against the
spec, and a disagreement is a :class:`ModelError`. Inference runs in batches of ``batch_size`` crops on one
ONNX Runtime session tuned by :class:`RuntimeOptions` (default: 2 intra-op threads, sequential execution,
all graph optimisations). ``flip=True`` averages the descriptors of each crop and of its mirror image.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import onnxruntime as ort
from numpy.typing import NDArray

from matcher.errors import ModelError
from matcher.face.crops import as_crop_batch
from matcher.face.types import AlignedFace

_STAGE = "embed"


@dataclass(frozen=True)
class Preprocess:
    """How a uint8 RGB crop becomes the network input: reorder channels, ``(x − mean) · scale`` per
    channel (mean and scale given in the model's channel order), then lay out as NCHW or NHWC."""

    crop_size: int
    channel_order: Literal["RGB", "BGR"] = "RGB"
    mean: tuple[float, float, float] = (0.0, 0.0, 0.0)
    scale: tuple[float, float, float] = (1.0, 1.0, 1.0)
    layout: Literal["NCHW", "NHWC"] = "NCHW"

    def apply(self, batch: NDArray[np.uint8]) -> NDArray[np.float32]:
        x = batch[..., ::-1] if self.channel_order == "BGR" else batch
        mean = np.asarray(self.mean, dtype=np.float32)
        scale = np.asarray(self.scale, dtype=np.float32)
        out = (x.astype(np.float32) - mean) * scale
        if self.layout == "NCHW":
            out = out.transpose(0, 3, 1, 2)
        return np.ascontiguousarray(out, dtype=np.float32)

    def input_shape(self) -> tuple[int, int, int]:
        c, s = 3, self.crop_size
        return (c, s, s) if self.layout == "NCHW" else (s, s, c)


@dataclass(frozen=True)
class RuntimeOptions:
    """ONNX Runtime settings. Two intra-op threads suit the 2-core gate PC; ``allow_spinning=False``
    trades a little latency for not burning idle cores (useful when other processes share the CPU)."""

    intra_op_threads: int = 2
    inter_op_threads: int = 1
    batch_size: int = 16
    allow_spinning: bool = True

    def session_options(self) -> ort.SessionOptions:
        so = ort.SessionOptions()
        so.intra_op_num_threads = self.intra_op_threads
        so.inter_op_num_threads = self.inter_op_threads
        so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        so.add_session_config_entry("session.intra_op.allow_spinning", "1" if self.allow_spinning else "0")
        so.log_severity_level = 3
        return so


class OnnxFaceEmbedder:
    """A :class:`~matcher.face.ports.FaceEmbedder` running an ONNX model given as bytes."""

    def __init__(self, model: bytes, *, model_id: str, dim: int, preprocess: Preprocess,
                 input_name: str | None = None, output_name: str | None = None, flip: bool = False,
                 options: RuntimeOptions | None = None) -> None:
        self.model_id = model_id
        self.dim = dim
        self.crop_size = preprocess.crop_size
        self.preprocess = preprocess
        self.flip = flip
        self.options = options or RuntimeOptions()
        try:
            self._session = ort.InferenceSession(model, sess_options=self.options.session_options(),
                                                 providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime raises its own untyped errors for unloadable models
            raise ModelError(f"ONNX Runtime cannot load model {model_id!r}: {exc}", stage=_STAGE) from exc
        self._input, self._output = self._check_io(input_name, output_name)

    def _check_io(self, input_name: str | None, output_name: str | None) -> tuple[str, str]:
        inputs = {i.name: i for i in self._session.get_inputs()}
        outputs = {o.name: o for o in self._session.get_outputs()}
        in_name = input_name or next(iter(inputs))
        out_name = output_name or next(iter(outputs))
        if in_name not in inputs or out_name not in outputs:
            raise ModelError(f"model {self.model_id!r} has inputs {list(inputs)} and outputs {list(outputs)}; "
                             f"the manifest names {in_name!r} → {out_name!r}", stage=_STAGE)
        in_shape = [d if isinstance(d, int) else None for d in inputs[in_name].shape]
        want = self.preprocess.input_shape()
        if len(in_shape) != 4 or any(d is not None and d != w for d, w in zip(in_shape[1:], want, strict=True)):
            raise ModelError(f"model {self.model_id!r} input {inputs[in_name].shape} does not fit the "
                             f"manifest's {self.preprocess.layout} {want}", stage=_STAGE)
        out_dim = outputs[out_name].shape[-1]
        if isinstance(out_dim, int) and out_dim != self.dim:
            raise ModelError(f"model {self.model_id!r} outputs {out_dim}-D, the manifest says {self.dim}",
                             stage=_STAGE)
        return in_name, out_name

    def embed(self, crops: Sequence[AlignedFace] | NDArray[np.uint8]) -> NDArray[np.float32]:
        """(N, dim) float32 descriptors for N aligned crops (crop_size × crop_size × 3, RGB uint8)."""
        batch = as_crop_batch(crops, self.crop_size)
        if not self.flip:
            return self._run(batch)
        both = self._run(np.concatenate([batch, batch[:, :, ::-1, :]]))  # one run for crop and mirror
        n = len(batch)
        return (both[:n] + both[n:]) / np.float32(2)

    def _run(self, batch: NDArray[np.uint8]) -> NDArray[np.float32]:
        parts = [np.zeros((0, self.dim), np.float32)]
        step = max(1, self.options.batch_size)
        for start in range(0, len(batch), step):
            x = self.preprocess.apply(batch[start : start + step])
            (y,) = self._session.run([self._output], {self._input: x})
            parts.append(np.asarray(y, dtype=np.float32).reshape(len(x), self.dim))
        return np.concatenate(parts)
