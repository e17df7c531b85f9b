"""The reference embedder: dlib's 29-layer ResNet (face_recognition's model, CC0), 128-D descriptors
compared by Euclidean distance. ``num_jitters`` > 1 averages randomly jittered copies (dlib's own
test-time augmentation); ``flip`` averages the descriptor of the crop and of its mirror image."""

from __future__ import annotations

from collections.abc import Sequence

import dlib
import face_recognition_models
import numpy as np
from numpy.typing import NDArray

from matcher.face import params
from matcher.face.crops import as_crop_batch
from matcher.face.types import AlignedFace

MODEL_ID = "dlib-resnet-v1"


class DlibResNetEmbedder:
    dim = 128
    crop_size = params.CHIP_SIZE

    def __init__(self, *, num_jitters: int = 0, flip: bool = False, model_path: str | None = None) -> None:
        path = model_path or face_recognition_models.face_recognition_model_location()
        self._net = dlib.face_recognition_model_v1(path)
        self._jitters = num_jitters
        self._flip = flip
        self.model_id = MODEL_ID

    def embed(self, crops: Sequence[AlignedFace] | NDArray[np.uint8]) -> NDArray[np.float32]:
        batch = as_crop_batch(crops, self.crop_size)
        out = self._descriptors(batch)
        if self._flip:
            out = (out + self._descriptors(np.ascontiguousarray(batch[:, :, ::-1, :]))) / 2
        return out.astype(np.float32)

    def _descriptors(self, batch: NDArray[np.uint8]) -> NDArray[np.float64]:
        if len(batch) == 0:
            return np.zeros((0, self.dim))
        vecs = self._net.compute_face_descriptor(list(batch), self._jitters)
        return np.array([np.array(v) for v in vecs], dtype=np.float64)
