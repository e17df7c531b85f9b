"""The idle worker's loop and wire format, run in this process on in-memory pipes."""

from __future__ import annotations

import io
import time

import numpy as np
import pytest
from PIL import Image

from gate.frame_reduce import EXPIRED, INVALID, OK, REPLY, TOO_LARGE, read_reply, serve, write_request


def _jpeg(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (90, 120, 150)).save(out, "JPEG")
    return out.getvalue()


def _answers(*requests: tuple[bytes, float, int]) -> list[tuple[int, object]]:
    inbox = io.BytesIO()
    for data, deadline, max_pixels in requests:
        write_request(inbox, data, deadline=deadline, max_pixels=max_pixels, work_side=500)
    inbox.seek(0)
    outbox = io.BytesIO()
    serve(inbox, outbox)  # returns when the requests run out
    outbox.seek(0)
    answers: list[tuple[int, object]] = []
    for _ in requests:
        reply = read_reply(outbox, work_side=500)
        answers.append((reply.status, reply.rgb.shape if reply.rgb is not None else reply.message))
    return answers


def test_each_request_gets_its_answer_in_order() -> None:
    later = time.monotonic() + 60
    answers = _answers((_jpeg(2000, 1000), later, 12_000_000),  # DCT scale 1/2, then reduced to 500 px
                       (b"not an image", later, 12_000_000),
                       (_jpeg(2000, 1000), later, 1_000_000),
                       (_jpeg(600, 300), time.monotonic() - 1, 12_000_000))
    assert answers[0] == (OK, (250, 500, 3))
    assert answers[1][0] == INVALID and "not an image" in str(answers[1][1])
    assert answers[2][0] == TOO_LARGE and "pixels" in str(answers[2][1])
    assert answers[3][0] == EXPIRED  # its caller gave up: not decoded at all


def test_pixels_cross_the_pipe_unchanged() -> None:
    rgb = np.random.default_rng(1).integers(0, 255, (300, 400, 3), dtype=np.uint8)
    out = io.BytesIO()
    Image.fromarray(rgb).save(out, "PNG")
    inbox, outbox = io.BytesIO(), io.BytesIO()
    write_request(inbox, out.getvalue(), deadline=time.monotonic() + 60, max_pixels=12_000_000, work_side=500)
    inbox.seek(0)
    serve(inbox, outbox)
    outbox.seek(0)
    reply = read_reply(outbox, work_side=500)
    assert reply.status == OK and reply.rgb is not None and np.array_equal(reply.rgb, rgb)


@pytest.mark.parametrize(("header", "why"), [
    (REPLY.pack(OK, 65536, 65536, 0), "claims 65536x65536"),  # would allocate 12 GiB
    (REPLY.pack(OK, 0, 400, 0), "claims 400x0"),
    (REPLY.pack(OK, 300, 501, 0), "work side is 500"),
    (REPLY.pack(INVALID, 0, 0, 1 << 30), "message claims"),
])
def test_a_reply_that_cannot_be_is_refused_before_allocating(header: bytes, why: str) -> None:
    """A worker driven by a hostile file could say anything: its claims are checked against the work side."""
    with pytest.raises(ValueError, match=why):
        read_reply(io.BytesIO(header), work_side=500)
