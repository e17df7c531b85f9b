"""Validation of uploaded live frames: count, size, declared type, and a real decode of every file.

Work per request is bounded before and during decoding: :func:`check_uploads` (count, bytes, declared
type) costs nothing and runs before the transaction is even looked up; :class:`FrameDecoder` reads each
header first, refuses more than 12 MP or a format other than the declared one before decoding a pixel,
and hands the face pipeline at most the gate's work size (``WORK_SIDE`` by default) on the longer side.
A frame larger than the work size — more than the camera delivers: a hostile 12 MP PNG — is decoded and
reduced by the idle-priority worker (:mod:`gate.service.idle_decoder`) with CPU no traveller wants;
frames the camera delivers are decoded here, JPEGs larger than the work size at a reduced DCT scale.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from gate.frame_reduce import bounded
from gate.service.errors import InvalidUpload, ServiceError, UnsupportedUpload, UploadTooLarge
from gate.service.idle_decoder import IdleDecoder
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


class FrameDecoder:
    """Decodes a request's frames for one gate: frames up to ``work_side`` (what the camera delivers) here,
    larger ones in ``idle``'s worker process with spare CPU only, or here as well when there is none."""

    def __init__(self, work_side: int = WORK_SIDE, idle: IdleDecoder | None = None) -> None:
        self.work_side, self.idle = work_side, idle

    def decode(self, gate_id: str, uploads: Sequence[Upload], *, max_frames: int, max_bytes: int) -> list[RgbImage]:
        formats = check_uploads(uploads, max_frames=max_frames, max_bytes=max_bytes)
        return [self._one(gate_id, n, upload.data, expected)
                for n, (upload, expected) in enumerate(zip(uploads, formats, strict=True), 1)]

    def start(self) -> None:
        if self.idle is not None:
            self.idle.start()

    def close(self) -> None:
        if self.idle is not None:
            self.idle.close()

    def _one(self, gate_id: str, n: int, data: bytes, expected: str) -> RgbImage:
        width, height = _header(n, data, expected)
        if self.idle is not None and max(width, height) > self.work_side:
            try:
                return self.idle.decode(gate_id, data)
            except ServiceError as exc:
                raise type(exc)(f"frame {n}: {exc}") from exc
        try:
            decoded = decode_image(data, max_pixels=MAX_FRAME_PIXELS, draft_side=self.work_side)
        except ImageTooLargeError as exc:
            raise UploadTooLarge(f"frame {n}: {exc}") from exc
        except ImageError as exc:
            raise InvalidUpload(f"frame {n}: {exc}") from exc
        if decoded.source_format != expected:
            raise UnsupportedUpload(f"frame {n} is {decoded.source_format}, not {expected}")
        return bounded(decoded.rgb, self.work_side)


def decode_frames(uploads: Sequence[Upload], *, max_frames: int, max_bytes: int) -> list[RgbImage]:
    """Every frame decoded in this process, bounded to ``WORK_SIDE``."""
    return FrameDecoder().decode("", uploads, max_frames=max_frames, max_bytes=max_bytes)


def _header(n: int, data: bytes, expected: str) -> tuple[int, int]:
    """Format and size from the header alone (no pixel decoded); the pixel budget and format checked."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            width, height, fmt = image.width, image.height, image.format
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise UploadTooLarge(f"frame {n}: the image exceeds the pixel budget") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise InvalidUpload(f"frame {n}: not an image in a supported format") from exc
    if fmt != expected:
        raise UnsupportedUpload(f"frame {n} is {fmt}, not {expected}")
    if width * height > MAX_FRAME_PIXELS:
        raise UploadTooLarge(f"frame {n}: image is {width}x{height} = {width * height} pixels; "
                             f"the limit is {MAX_FRAME_PIXELS}")
    return width, height
