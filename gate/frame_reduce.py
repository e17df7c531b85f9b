"""Decode one frame and reduce it to the gate's work size; also the idle-priority worker process doing so.

A frame larger than the gate's camera delivers (a hostile 12 MP PNG, a misconfigured camera) is decoded
and downscaled in a separate process that runs at idle CPU priority (``SCHED_IDLE``, else ``nice 19``):
it gets only CPU time that no traveller wants. ``python -m gate.frame_reduce`` is that process; it lowers
its priority before importing anything heavy, then answers requests on stdin/stdout, one at a time.

This module stays light on purpose (nothing of :mod:`gate.service` or the face models): the worker
imports only it, Pillow, NumPy and OpenCV. The wire format is plain length-prefixed structs and raw
pixels — no pickle — so the parent never deserialises anything the worker could have been driven to
produce by a hostile file.
"""

from __future__ import annotations

import os
import struct
import sys
import time
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # the worker must not import the matcher before it lowered its priority
    from matcher.face.types import RgbImage

# request: deadline (CLOCK_MONOTONIC, shared by the processes of one host), pixel budget, work side, length
REQUEST = struct.Struct("<dQIQ")
# reply: status, height, width, message length; then height*width*3 pixel bytes or the UTF-8 message
REPLY = struct.Struct("<BIII")
OK, TOO_LARGE, INVALID, EXPIRED = 0, 1, 2, 3
MAX_MESSAGE = 4096  # bytes of a refusal's message


@dataclass(frozen=True)
class Reduced:
    """A worker's answer: the reduced frame, or why there is none."""

    status: int
    rgb: RgbImage | None = None
    message: str = ""


def bounded(rgb: RgbImage, work_side: int) -> RgbImage:
    """``rgb`` with its longer side at most ``work_side`` (block means, then area), untouched when it fits."""
    from matcher.downscale import downscaled

    return downscaled(rgb, work_side)[0]


def reduce_frame(data: bytes, *, max_pixels: int, work_side: int) -> Reduced:
    """Decode ``data`` (a JPEG at the reduced DCT scale that still covers ``work_side``) and bound it."""
    from matcher.errors import ImageError, ImageTooLargeError
    from matcher.image import decode_image

    try:
        decoded = decode_image(data, max_pixels=max_pixels, draft_side=work_side)
    except ImageTooLargeError as exc:
        return Reduced(TOO_LARGE, message=str(exc))
    except ImageError as exc:
        return Reduced(INVALID, message=str(exc))
    return Reduced(OK, bounded(decoded.rgb, work_side))


def lower_priority() -> str:
    """Make this process take only CPU time nobody else wants; the policy applied."""
    try:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
        return "SCHED_IDLE"
    except (AttributeError, OSError):  # not Linux, or refused: the lowest nice value instead
        os.nice(19)
        return "nice 19"


def write_request(out: IO[bytes], data: bytes, *, deadline: float, max_pixels: int, work_side: int) -> None:
    out.write(REQUEST.pack(deadline, max_pixels, work_side, len(data)))
    out.write(data)
    out.flush()


def read_reply(stream: IO[bytes], *, work_side: int) -> Reduced:
    """The worker's answer; ValueError for one that cannot be (a frame larger than ``work_side`` or empty,
    a message over 4 KiB) before anything of its size is allocated."""
    status, height, width, length = REPLY.unpack(_read_exact(stream, REPLY.size))
    if status != OK:
        if length > MAX_MESSAGE:
            raise ValueError(f"the worker's message claims {length} bytes")
        return Reduced(status, message=_read_exact(stream, length).decode("utf-8", "replace"))
    if not (0 < height <= work_side and 0 < width <= work_side):
        raise ValueError(f"the worker's frame claims {width}x{height} pixels; the work side is {work_side}")
    rgb = np.empty((height, width, 3), dtype=np.uint8)  # read straight into the frame: no joined copy
    _read_into(stream, rgb.data.cast("B"))
    return Reduced(OK, rgb)


def _write_reply(out: IO[bytes], reduced: Reduced) -> None:
    if reduced.status == OK and reduced.rgb is not None:
        height, width = reduced.rgb.shape[:2]
        out.write(REPLY.pack(OK, height, width, 0))
        out.write(np.ascontiguousarray(reduced.rgb, dtype=np.uint8).data.cast("B"))
    else:
        message = reduced.message.encode("utf-8")[:MAX_MESSAGE]
        out.write(REPLY.pack(reduced.status, 0, 0, len(message)))
        out.write(message)
    out.flush()


def _read_into(stream: IO[bytes], target: memoryview) -> None:
    filled = 0
    while filled < len(target):
        got = stream.readinto(target[filled:])  # type: ignore[attr-defined]
        if not got:
            raise EOFError("the frame worker's pipe closed")
        filled += got


def _read_exact(stream: IO[bytes], size: int) -> bytes:
    chunks, remaining = [], size
    while remaining:
        chunk = stream.read(remaining)
        if not chunk:
            raise EOFError("the frame worker's pipe closed")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def serve(requests: IO[bytes], replies: IO[bytes]) -> None:
    """Answer requests until stdin closes; a request whose deadline passed is not started."""
    while True:
        try:
            deadline, max_pixels, work_side, length = REQUEST.unpack(_read_exact(requests, REQUEST.size))
            data = _read_exact(requests, length)
        except EOFError:
            return
        if time.monotonic() > deadline:
            _write_reply(replies, Reduced(EXPIRED, message="not started before its deadline"))
            continue
        try:
            reduced = reduce_frame(data, max_pixels=max_pixels, work_side=work_side)
        except Exception as exc:  # whatever else a hostile file drives a decoder to: the frame is invalid
            reduced = Reduced(INVALID, message=f"{type(exc).__name__}: {exc}")
        _write_reply(replies, reduced)


def main() -> None:
    lower_priority()
    import cv2

    import matcher.image  # noqa: F401  (imported now, with idle CPU, rather than on the first frame)

    cv2.setNumThreads(1)  # one idle core's worth of work per frame, no pool of helper threads
    serve(sys.stdin.buffer, sys.stdout.buffer)


if __name__ == "__main__":
    main()
