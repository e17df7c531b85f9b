"""The other registered ONNX face embedders, timed in the same run as ``bench face``'s reference.

``bench face`` measures face_recognition's dlib encoder and its ONNX port on the same crops; this adds
every other model with a manifest (e.g. omz-face-reid-0095), each on the same faces resized to its own
crop size, so their ms per face sit beside the reference measured minutes earlier in the same process.
A model whose files are not available (no ``EGATE_SHARED``) is reported as skipped with the reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from matcher.errors import ModelError
from scripts.lab.bench_onnx import ONNX_MODEL_ID, _per_face_ms


def _resized(crops: NDArray[np.uint8], size: int) -> NDArray[np.uint8]:
    if crops.shape[1] == size:
        return crops
    return np.stack([cv2.resize(c, (size, size), interpolation=cv2.INTER_AREA) for c in crops]).astype(np.uint8)


def bench_other_embedders(crops: NDArray[np.uint8], reference_ms: dict[int, float], model_dirs: tuple[Path, Path],
                          batch_sizes: tuple[int, ...] = (1, 16)) -> dict[str, Any]:
    """{model id: {batch: {ms_per_face, face_recognition_ms_per_face, speedup}} or {skipped: reason}}."""
    from gate.model_store import build_embedder
    from matcher.face.embed_onnx import RuntimeOptions
    from models import available

    out: dict[str, Any] = {}
    for model_id in available():
        if model_id == ONNX_MODEL_ID:
            continue
        figures: dict[str, Any] = {}
        try:
            for b in batch_sizes:
                emb = build_embedder(model_id, cache_dir=model_dirs[0], models_root=model_dirs[1],
                                     options=RuntimeOptions(batch_size=b))
                ms = _per_face_ms(emb.embed, _resized(crops, emb.crop_size), b)
                figures[str(b)] = {"ms_per_face": ms, "face_recognition_ms_per_face": reference_ms[b],
                                   "speedup": reference_ms[b] / ms}
        except ModelError as exc:
            figures = {"skipped": str(exc)}
        out[model_id] = figures
    return out
