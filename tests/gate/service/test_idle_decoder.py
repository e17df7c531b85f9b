"""Oversized frames are decoded by a worker process at idle CPU priority, with a bounded queue per gate and a
time bound; frames the camera delivers never leave the service's process; every failure is typed."""

from __future__ import annotations

import fcntl
import io
import os
import sys
import threading
from collections.abc import Iterator

import numpy as np
import pytest
from PIL import Image

from gate.frame_reduce import EXPIRED, OK, TOO_LARGE, Reduced
from gate.service.errors import FrameDecodeBusy, InvalidUpload, UnsupportedUpload, UploadTooLarge
from gate.service.frames import FrameDecoder, Upload
from gate.service.idle_decoder import PIPE_BYTES, IdleDecoder

WORK = 640


def _png(width: int, height: int, *, seed: int = 3) -> bytes:
    rng = np.random.default_rng(seed)
    out = io.BytesIO()
    Image.fromarray(rng.integers(0, 255, (height // 8, width // 8, 3), dtype=np.uint8)).resize((width, height)).save(
        out, "PNG")
    return out.getvalue()


def _pipe_max() -> int:
    try:
        return int(open("/proc/sys/fs/pipe-max-size").read())
    except (OSError, ValueError):
        return 0


@pytest.fixture
def idle() -> Iterator[IdleDecoder]:
    decoder = IdleDecoder(work_side=WORK, max_pixels=12_000_000, per_gate=1, timeout_s=30.0)
    yield decoder
    decoder.close()


def _decode(decoder: FrameDecoder, data: bytes, media: str = "image/png", gate_id: str = "g1") -> np.ndarray:
    return decoder.decode(gate_id, [Upload(media, data)], max_frames=1, max_bytes=64 << 20)[0]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SCHED_IDLE is Linux's")
def test_an_oversized_frame_is_reduced_by_a_worker_at_idle_priority(idle: IdleDecoder) -> None:
    frame = _decode(FrameDecoder(WORK, idle), _png(1280, 960))
    assert frame.shape == (480, 640, 3) and frame.dtype == np.uint8
    worker = idle._worker
    assert worker is not None and worker.pid != os.getpid()
    assert os.sched_getscheduler(worker.pid) == os.SCHED_IDLE
    # the same pixels as a decode and reduction here
    local = _decode(FrameDecoder(WORK), _png(1280, 960))
    assert np.array_equal(frame, local)
    if hasattr(fcntl, "F_GETPIPE_SZ") and worker.stdout is not None and _pipe_max() >= PIPE_BYTES:
        assert fcntl.fcntl(worker.stdout.fileno(), fcntl.F_GETPIPE_SZ) == PIPE_BYTES  # a frame in a few reads


def test_frames_the_camera_delivers_stay_in_process(idle: IdleDecoder) -> None:
    frame = _decode(FrameDecoder(WORK, idle), _png(640, 480))
    assert frame.shape == (480, 640, 3)
    assert idle._worker is None  # never started


def test_headers_are_checked_before_any_worker_is_asked(idle: IdleDecoder) -> None:
    decoder = FrameDecoder(WORK, idle)
    with pytest.raises(UnsupportedUpload, match="PNG, not JPEG"):
        _decode(decoder, _png(1280, 960), media="image/jpeg")
    with pytest.raises(InvalidUpload, match="not an image"):
        _decode(decoder, b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    huge = io.BytesIO()
    Image.new("L", (4400, 3000)).save(huge, "PNG")
    with pytest.raises(UploadTooLarge, match="pixels"):
        _decode(decoder, huge.getvalue())
    assert idle._worker is None


def test_a_corrupt_oversized_frame_is_invalid_and_the_worker_carries_on(idle: IdleDecoder) -> None:
    decoder = FrameDecoder(WORK, idle)
    truncated = _png(1280, 960)[:5000]  # the header is whole, the pixels are not
    with pytest.raises(InvalidUpload, match="frame 1"):
        _decode(decoder, truncated)
    assert _decode(decoder, _png(1280, 960)).shape == (480, 640, 3)


def test_a_dead_worker_is_replaced(idle: IdleDecoder) -> None:
    decoder = FrameDecoder(WORK, idle)
    _decode(decoder, _png(1280, 960))
    first = idle._worker
    assert first is not None
    first.kill()
    first.wait()
    assert _decode(decoder, _png(1280, 960, seed=4)).shape == (480, 640, 3)
    assert idle._worker is not None and idle._worker.pid != first.pid


def _held_up(decoder: IdleDecoder, release: threading.Event, reply: Reduced) -> threading.Event:
    """Make the dispatcher wait for ``release`` before answering each frame with ``reply``."""
    entered = threading.Event()

    def run(_job: object) -> Reduced:
        entered.set()
        release.wait(30)
        return reply

    decoder._run = run  # type: ignore[method-assign,assignment]
    return entered


def test_each_gate_has_its_own_bounded_queue() -> None:
    decoder = IdleDecoder(work_side=WORK, max_pixels=12_000_000, per_gate=1, timeout_s=30.0)
    release = threading.Event()
    entered = _held_up(decoder, release, Reduced(OK, np.zeros((4, 4, 3), np.uint8)))
    results: dict[str, object] = {}
    first = threading.Thread(target=lambda: results.setdefault("g1", decoder.decode("g1", b"x")))
    first.start()
    assert entered.wait(30)
    with pytest.raises(FrameDecodeBusy, match="g1"):  # refused at once, not queued
        decoder.decode("g1", b"x")
    other = threading.Thread(target=lambda: results.setdefault("g2", decoder.decode("g2", b"x")))
    other.start()
    release.set()
    first.join(30)
    other.join(30)
    assert {k: np.asarray(v).shape for k, v in results.items()} == {"g1": (4, 4, 3), "g2": (4, 4, 3)}
    assert decoder.held("g1") == decoder.held("g2") == 0
    decoder.close()


def test_a_frame_not_decoded_in_time_is_refused_and_its_slot_held_until_the_worker_is_past_it() -> None:
    decoder = IdleDecoder(work_side=WORK, max_pixels=12_000_000, per_gate=1, timeout_s=0.2)
    release = threading.Event()
    _held_up(decoder, release, Reduced(OK, np.zeros((4, 4, 3), np.uint8)))
    with pytest.raises(FrameDecodeBusy, match="within"):
        decoder.decode("g1", b"x")
    assert decoder.held("g1") == 1  # the worker is still on it: the gate may not queue another
    with pytest.raises(FrameDecodeBusy):
        decoder.decode("g1", b"x")
    release.set()
    decoder.close()


@pytest.mark.parametrize(("reply", "error"), [(Reduced(TOO_LARGE, message="pixels"), UploadTooLarge),
                                              (Reduced(EXPIRED), FrameDecodeBusy)])
def test_worker_answers_become_typed_errors(reply: Reduced, error: type[Exception]) -> None:
    decoder = IdleDecoder(work_side=WORK, max_pixels=12_000_000)
    release = threading.Event()
    release.set()
    _held_up(decoder, release, reply)
    with pytest.raises(error):
        decoder.decode("g1", b"x")
    decoder.close()


def test_an_unexpected_failure_is_an_invalid_frame_and_the_decoder_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    decoder = IdleDecoder(work_side=WORK, max_pixels=12_000_000)
    calls: list[object] = []

    def run(job: object) -> Reduced:
        calls.append(job)
        if len(calls) == 1:
            raise MemoryError("a reply too large")
        return Reduced(OK, np.zeros((4, 4, 3), np.uint8))

    monkeypatch.setattr(decoder, "_run", run)
    with pytest.raises(InvalidUpload, match="could not be decoded"):
        decoder.decode("g1", b"x")
    assert decoder.held("g1") == 0
    assert decoder.decode("g1", b"x").shape == (4, 4, 3)  # the dispatcher survived
    decoder.close()


def test_a_closed_decoder_refuses() -> None:
    decoder = IdleDecoder(work_side=WORK, max_pixels=12_000_000)
    decoder.close()
    with pytest.raises(FrameDecodeBusy, match="shut down"):
        decoder.decode("g1", b"x")
