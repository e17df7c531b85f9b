from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest

from gate.assembly import build_face_pipeline, engine_threads, load_pad, usable_cores
from gate.settings import GateSettings, Settings
from matcher.face.embed_onnx import OnnxFaceEmbedder
from matcher.face.pad import MINIFASNET_MODELS
from matcher.image import decode_image
from tests.conftest import require
from tests.gate.conftest import World


def test_pad_needs_both_models(shared_dir: Path, tmp_path: Path) -> None:
    source = require(shared_dir / "models" / "minifasnet")
    assert load_pad(source) is not None
    first = next(iter(MINIFASNET_MODELS))
    shutil.copy(source / first, tmp_path / first)
    assert load_pad(tmp_path) is None  # one model alone is not the validated detector
    assert load_pad(tmp_path / "absent") is None


def test_the_cores_are_shared_out_among_the_face_engines() -> None:
    assert [engine_threads(w, cores=2) for w in (1, 2, 3)] == [2, 1, 1]
    assert engine_threads(2, cores=8) == 4 and engine_threads(0, cores=4) == 4


@pytest.mark.skipif(not hasattr(os, "sched_getaffinity"), reason="process CPU affinity is Linux's")
def test_usable_cores_are_the_processs_affinity_not_the_machines() -> None:
    everything = os.sched_getaffinity(0)
    try:
        os.sched_setaffinity(0, {min(everything)})  # as in a container given one CPU of the machine's
        assert usable_cores() == 1 and engine_threads(1) == 1
    finally:
        os.sched_setaffinity(0, everything)
    assert usable_cores() == len(everything)


@pytest.fixture
def cv_threads() -> Iterator[None]:
    """OpenCV's pool size is process-wide: put it back for the tests that follow."""
    before = cv2.getNumThreads()
    yield
    cv2.setNumThreads(before)


@pytest.mark.usefixtures("cv_threads")
def test_an_engine_of_the_pool_runs_its_share_of_threads_and_does_not_spin(world: World) -> None:
    settings = Settings(gate=GateSettings(quality_profile="relaxed"))
    pooled = build_face_pipeline(settings, threads=1)
    embedder = pooled.embedder
    assert isinstance(embedder, OnnxFaceEmbedder)
    assert (embedder.options.intra_op_threads, embedder.options.allow_spinning) == (1, False)
    assert cv2.getNumThreads() == 1
    image = decode_image(world.photo("obama2.jpg")).rgb
    alone = world.pipeline.capture(image).template.vector
    assert float(np.dot(pooled.capture(image).template.vector, alone)) > 0.9999  # the same template
