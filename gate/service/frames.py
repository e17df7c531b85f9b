"""Validation of uploaded live frames: count, size, declared type, and a real decode of every file.

Work per request is bounded before and during decoding: :func:`check_uploads` (count, bytes, declared
type) costs nothing and runs before the transaction is even looked up; :func:`decode_frames` refuses a
header claiming more than 12 MP before decoding a pixel, decodes a large JPEG at a reduced DCT scale, and
hands the face pipeline at most ``WORK_SIDE`` pixels on the longer side — so a hostile 12 MP frame costs
what an ordinary 1080p frame costs.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from gate.service.errors import InvalidUpload, UnsupportedUpload, UploadTooLarge
from matcher.errors import ImageError, ImageTooLargeError
from matcher.face.types import RgbImage
from matcher.image import decode_image

MEDIA_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG"}
# A gate camera delivers at most a few megapixels (BSI asks for 600×800 at least); 12 MP bounds a request of
# ten frames to well under a gigabyte even when a tiny PNG claims a huge canvas.
MAX_FRAME_PIXELS = 12_000_000
# the longer side the face pipeline works on: a 1080p camera's frame as is; inter-eye distance stays far
# above the quality profile's minimum for a traveller at the camera
WORK_SIDE = 1920


@dataclass(frozen=True)
class Upload:
    content_type: str | None
    data: bytes  # read up to the limit plus one byte, so an oversized file is recognised


class DecodedFramesCamera:
    """A camera delivering already decoded frames (the kiosk's uploads), once each."""

    def __init__(self, frames: Sequence[RgbImage]) -> None:
        self._frames = list(frames)

    def frames(self) -> Iterator[RgbImage]:
        yield from self._frames


def check_uploads(uploads: Sequence[Upload], *, max_frames: int, max_bytes: int) -> list[str]:
    """The checks that cost nothing (count, size, declared type); the expected format of each frame."""
    if not uploads:
        raise InvalidUpload("no frames uploaded")
    if len(uploads) > max_frames:
        raise UploadTooLarge(f"at most {max_frames} frames per request")
    formats = []
    for n, upload in enumerate(uploads, 1):
        if len(upload.data) > max_bytes:
            raise UploadTooLarge(f"frame {n} is larger than {max_bytes} bytes")
        expected = MEDIA_TYPES.get((upload.content_type or "").split(";")[0].strip().lower())
        if expected is None:
            raise UnsupportedUpload(f"frame {n}: only image/jpeg and image/png are accepted")
        formats.append(expected)
    return formats


def decode_frames(uploads: Sequence[Upload], *, max_frames: int, max_bytes: int) -> list[RgbImage]:
    formats = check_uploads(uploads, max_frames=max_frames, max_bytes=max_bytes)
    frames = []
    for n, (upload, expected) in enumerate(zip(uploads, formats, strict=True), 1):
        try:
            decoded = decode_image(upload.data, max_pixels=MAX_FRAME_PIXELS, draft_side=WORK_SIDE)
        except ImageTooLargeError as exc:
            raise UploadTooLarge(f"frame {n}: {exc}") from exc
        except ImageError as exc:
            raise InvalidUpload(f"frame {n}: {exc}") from exc
        if decoded.source_format != expected:
            raise UnsupportedUpload(f"frame {n} is {decoded.source_format}, not {expected}")
        frames.append(_bounded(decoded.rgb))
    return frames


def _bounded(rgb: RgbImage) -> RgbImage:
    height, width = rgb.shape[:2]
    if max(height, width) <= WORK_SIDE:
        return rgb
    scale = WORK_SIDE / max(height, width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return np.asarray(cv2.resize(rgb, size, interpolation=cv2.INTER_AREA), dtype=np.uint8)
