"""Bounded work per request: frames decoded at most at the working size (large JPEGs at a reduced DCT
scale), headers over the pixel budget refused before decoding; face work on a pool of engines, so a call
held up on one engine does not block the others."""

from __future__ import annotations

import io
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from PIL import Image

from gate.engine_pool import EnginePool, PooledPipeline
from gate.service.errors import UploadTooLarge
from gate.service.frames import WORK_SIDE, Upload, decode_frames
from matcher.face.factory import build_pipeline
from matcher.image import decode_image
from tests.gate.conftest import World


def _encoded(size: tuple[int, int], fmt: str) -> bytes:
    rng = np.random.default_rng(7)
    pixels = rng.integers(0, 255, (size[1] // 8, size[0] // 8, 3), dtype=np.uint8)
    out = io.BytesIO()
    Image.fromarray(pixels).resize(size).save(out, fmt)
    return out.getvalue()


@pytest.mark.parametrize(("fmt", "media"), [("JPEG", "image/jpeg"), ("PNG", "image/png")])
def test_a_12_mp_frame_reaches_the_pipeline_at_the_working_size(fmt: str, media: str) -> None:
    (frame,) = decode_frames([Upload(media, _encoded((4000, 3000), fmt))], max_frames=1, max_bytes=64 << 20)
    assert frame.shape == (WORK_SIDE * 3 // 4, WORK_SIDE, 3) and frame.dtype == np.uint8


def test_a_large_jpeg_is_decoded_at_a_reduced_scale() -> None:
    data = _encoded((4000, 3000), "JPEG")
    assert decode_image(data).rgb.shape == (3000, 4000, 3)
    assert decode_image(data, draft_side=WORK_SIDE).rgb.shape == (3000 // 2 + 0, 4000 // 2, 3)  # DCT scale 1/2
    assert decode_image(data, draft_side=900).rgb.shape == (750, 1000, 3)  # 1/4 still covers 900


def test_a_frame_whose_header_claims_too_many_pixels_is_refused() -> None:
    with pytest.raises(UploadTooLarge, match="pixels"):
        decode_frames([Upload("image/png", _encoded((4400, 3000), "PNG"))], max_frames=1, max_bytes=64 << 20)


def test_small_frames_are_untouched(world: World) -> None:
    photo = world.photo("obama-480p.jpg")
    (frame,) = decode_frames([Upload("image/jpeg", photo)], max_frames=1, max_bytes=1 << 22)
    assert np.array_equal(frame, decode_image(photo).rgb)


def test_a_busy_engine_does_not_block_the_other(world: World) -> None:
    pool = EnginePool([build_pipeline("hog"), build_pipeline("hog")])
    pooled = PooledPipeline(pool)
    image = decode_image(world.photo("obama-480p.jpg")).rgb
    held, release = threading.Event(), threading.Event()

    def slow_request() -> None:
        with pool.borrow():  # one engine busy, as with a hostile frame
            held.set()
            release.wait()

    with ThreadPoolExecutor(2) as runner:
        busy = runner.submit(slow_request)
        assert held.wait(30)
        faces = runner.submit(pooled.detect, image).result(timeout=120)  # served by the free engine
        assert len(faces) == 1
        capture = pooled.capture(image)
        assert capture.template.model_id == pooled.model_id
        release.set()
        busy.result(timeout=30)


def test_a_pool_of_one_serialises() -> None:
    pool = EnginePool([build_pipeline("hog")])
    with pool.borrow():
        waiter = threading.Thread(target=lambda: pool.borrow().__enter__())
        waiter.daemon = True
        waiter.start()
        waiter.join(0.2)
        assert waiter.is_alive()  # the one engine is taken: the second caller waits


def test_a_pool_refuses_mixed_pipelines() -> None:
    with pytest.raises(ValueError, match="differ"):
        EnginePool([build_pipeline("hog"), build_pipeline("hog", embedder=None, calibration_id="other")])
