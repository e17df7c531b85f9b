"""Face engines for a busy station: a pool of face pipelines, one call at a time on each.

dlib's detector, landmark model and ResNet are not re-entrant, so a process used to run all face work
under one lock — and one slow request (a blank 12 MP frame) stalled every gate, chip inspection and
database writes included. Now a transaction borrows an engine only for the face call itself (detect,
embed, capture); chip inspection, PAD (ONNX Runtime, thread-safe) and every database write run outside
any engine. The pool holds as many independent pipelines as the machine has cores (``EGATE_API__FACE_
WORKERS``), and dlib releases the GIL while it computes, so the engines really run side by side: a slow
call delays only the transaction that made it and whoever waits for a free engine.
"""

from __future__ import annotations

import queue
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from matcher.face.pipeline import FaceCapture, FacePipeline
from matcher.face.types import DetectedFace, RgbImage
from matcher.templates import Template


class EnginePool:
    def __init__(self, pipelines: Sequence[FacePipeline]) -> None:
        if not pipelines:
            raise ValueError("an engine pool needs at least one pipeline")
        ids = {(p.model_id, p.calibration_id, p.metric) for p in pipelines}
        if len(ids) != 1:
            raise ValueError(f"the pool's pipelines differ: {sorted(ids)}")
        self.pipelines = tuple(pipelines)
        self._free: queue.SimpleQueue[FacePipeline] = queue.SimpleQueue()
        for pipeline in pipelines:
            self._free.put(pipeline)

    @property
    def size(self) -> int:
        return len(self.pipelines)

    @contextmanager
    def borrow(self) -> Iterator[FacePipeline]:
        """One engine for one call; waits while all are busy."""
        pipeline = self._free.get()
        try:
            yield pipeline
        finally:
            self._free.put(pipeline)


class PooledPipeline(FacePipeline):
    """A :class:`FacePipeline` whose model calls each run on an engine borrowed from the pool; the pure
    parts (quality, scores, the verdict against the calibration) run on the calling thread."""

    def __init__(self, pool: EnginePool) -> None:
        first = pool.pipelines[0]
        super().__init__(first.detector, first.landmarker, first.aligner, first.embedder, metric=first.metric,
                         quality_profile=first.quality_profile, calibration_id=first.calibration_id)
        self.pool = pool

    def detect(self, image: RgbImage) -> list[DetectedFace]:
        with self.pool.borrow() as engine:
            return engine.detect(image)

    def capture(self, image: RgbImage, *, allow_several: bool = False) -> FaceCapture:
        with self.pool.borrow() as engine:
            return engine.capture(image, allow_several=allow_several)

    def embed_face(self, image: RgbImage, face: DetectedFace) -> Template:
        with self.pool.borrow() as engine:
            return engine.embed_face(image, face)
