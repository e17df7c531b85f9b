"""``egate-lab bench face``: per-stage latency of the face pipeline at gate-camera resolutions, with
face_recognition's own end-to-end call timed on the same frames as the reference."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from matcher.face.pipeline import FacePipeline
from scripts.percentiles import median_p95_ms

RESOLUTIONS = ((640, 480), (1280, 720))


def frame_with_face(portrait: NDArray[np.uint8], width: int, height: int, *, fraction: float = 0.8
                    ) -> NDArray[np.uint8]:
    """Place the portrait, scaled to ``fraction`` of the frame height, on a mid-grey frame of width × height."""
    scale = fraction * height / portrait.shape[0]
    face = cv2.resize(portrait, (round(portrait.shape[1] * scale), round(portrait.shape[0] * scale)),
                      interpolation=cv2.INTER_AREA)
    frame = np.full((height, width, 3), 128, np.uint8)
    y, x = (height - face.shape[0]) // 2, (width - face.shape[1]) // 2
    frame[y:y + face.shape[0], x:x + face.shape[1]] = face[:, : width - x]
    return frame


def _timed(fn: Callable[[], Any], repeats: int) -> list[float]:
    out = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def bench_stages(pipeline: FacePipeline, frame: NDArray[np.uint8], repeats: int) -> dict[str, dict[str, float]]:
    boxes = pipeline.detector.detect(frame)
    if len(boxes) != 1:
        raise RuntimeError(f"benchmark frame must hold one face, found {len(boxes)}")
    box = boxes[0]
    landmarks = pipeline.landmarker.predict(frame, box)
    crop = pipeline.aligner.align(frame, landmarks)
    probe = pipeline.capture(frame).template

    def landmarks_and_align() -> None:
        pipeline.aligner.align(frame, pipeline.landmarker.predict(frame, box))

    stages = {
        "detect": lambda: pipeline.detector.detect(frame),
        "landmarks+align": landmarks_and_align,
        "embed": lambda: pipeline.embedder.embed(np.stack([crop])),
        "compare": lambda: pipeline.score(probe, probe),
        "total (capture)": lambda: pipeline.capture(frame),
    }
    return {name: median_p95_ms(_timed(fn, repeats)) for name, fn in stages.items()}


def bench_reference(frame: NDArray[np.uint8], repeats: int) -> dict[str, float]:
    """face_recognition's documented way: face_locations (HOG) then face_encodings (5-point model)."""
    import face_recognition

    def run() -> None:
        locations = face_recognition.face_locations(frame)
        face_recognition.face_encodings(frame, locations, model="small")

    return median_p95_ms(_timed(run, repeats))
