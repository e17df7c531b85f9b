"""Passive presentation-attack detection (ISO/IEC 30107-3) with minivision's MiniFASNet models.

The result is a graded score in [0, 1] (0 bona fide, 1 attack), never a yes/no: the policy compares it
with an alarm threshold and the audit logs it. Two models look at the face at two context scales
(2.7× and 4.0× the detected box, 80×80 BGR, not divided by 255); the score is 1 − the mean of their
softmax probability of "real face" (class 1). Model files come from ``$EGATE_SHARED/models/minifasnet``
and are checked against their published SHA-256.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Protocol

import cv2
import numpy as np
import onnxruntime as ort
from numpy.typing import NDArray

from matcher.errors import ModelError
from matcher.face.types import FaceBox, RgbImage


class PresentationAttackDetector(Protocol):
    name: str

    def score(self, image: RgbImage, box: FaceBox) -> float:
        """Attack score in [0, 1]: 0 bona fide, 1 attack."""
        ...


@dataclass(frozen=True)
class PadModel:
    scale: float  # context around the face box
    onnx: bytes
    sha256: str


MINIFASNET_MODELS = {
    "2.7_80x80_MiniFASNetV2.onnx": (2.7, "7886c41bcbcc1be00cf8700eddbd8cbd4b1ad138e69010790de2a57a3b01d7e5"),
    "4_0_0_80x80_MiniFASNetV1SE.onnx": (4.0, "e67aedf72df3e1912dbf6baa5f7406b8b30c3cb43234170a70dd9d143fea358e"),
}
INPUT_SIZE = 80


def context_crop(image: NDArray[np.uint8], box: FaceBox, scale: float, size: int = INPUT_SIZE) -> NDArray[np.uint8]:
    """The box enlarged ``scale`` times about its centre, shifted to stay inside the image, resized
    (as in Silent-Face-Anti-Spoofing's ``CropImage``); channels in ``image``'s order."""
    h, w = image.shape[:2]
    scale = min((h - 1) / box.height, (w - 1) / box.width, scale)
    new_w, new_h = box.width * scale, box.height * scale
    cx, cy = box.left + box.width / 2, box.top + box.height / 2
    left, top = cx - new_w / 2, cy - new_h / 2
    left = min(max(left, 0.0), w - 1 - new_w)
    top = min(max(top, 0.0), h - 1 - new_h)
    crop = image[int(top): int(top + new_h) + 1, int(left): int(left + new_w) + 1]
    return np.asarray(cv2.resize(crop, (size, size)), dtype=np.uint8)


class MiniFasNetPad:
    name = "minifasnet-v2+v1se"

    def __init__(self, models: list[PadModel], *, threads: int = 1) -> None:
        if not models:
            raise ModelError("PAD needs at least one model", stage="pad")
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        self._sessions: list[tuple[float, ort.InferenceSession]] = []
        for model in models:
            digest = hashlib.sha256(model.onnx).hexdigest()
            if digest != model.sha256:
                raise ModelError(f"PAD model checksum mismatch ({digest})", stage="pad")
            session = ort.InferenceSession(model.onnx, options, providers=["CPUExecutionProvider"])
            self._sessions.append((model.scale, session))

    @classmethod
    def from_files(cls, files: dict[str, bytes]) -> MiniFasNetPad:
        """From ``{file name: bytes}`` of the MiniFASNet ONNX files (see ``MINIFASNET_MODELS``)."""
        models = [PadModel(MINIFASNET_MODELS[name][0], data, MINIFASNET_MODELS[name][1])
                  for name, data in files.items() if name in MINIFASNET_MODELS]
        return cls(models)

    def score(self, image: RgbImage, box: FaceBox) -> float:
        if box.width < 8 or box.height < 8:
            raise ValueError("face box too small for presentation-attack detection")
        real = []
        for scale, session in self._sessions:
            # cropped and resized in RGB, then turned to BGR: the same pixels as turning the whole frame
            # first, at a cost bounded by the 80×80 input instead of the frame's size
            x = context_crop(image, box, scale)[:, :, ::-1].astype(np.float32).transpose(2, 0, 1)[None]
            logits = session.run(None, {session.get_inputs()[0].name: x})[0][0].astype(np.float64)
            p = np.exp(logits - logits.max())
            real.append(p[1] / p.sum())
        return float(np.clip(1.0 - float(np.mean(real)), 0.0, 1.0))
