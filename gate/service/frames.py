"""Validation of uploaded live frames: count, size, declared type, and a real decode of every file."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from gate.service.errors import InvalidUpload, UnsupportedUpload, UploadTooLarge
from matcher.errors import ImageError, ImageTooLargeError
from matcher.face.types import RgbImage
from matcher.image import decode_image

MEDIA_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG"}
# A gate camera delivers at most a few megapixels (BSI asks for 600×800 at least); 12 MP bounds a request of
# ten frames to well under a gigabyte even when a tiny PNG claims a huge canvas.
MAX_FRAME_PIXELS = 12_000_000


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


def decode_frames(uploads: Sequence[Upload], *, max_frames: int, max_bytes: int) -> list[RgbImage]:
    if not uploads:
        raise InvalidUpload("no frames uploaded")
    if len(uploads) > max_frames:
        raise UploadTooLarge(f"at most {max_frames} frames per request")
    frames = []
    for n, upload in enumerate(uploads, 1):
        if len(upload.data) > max_bytes:
            raise UploadTooLarge(f"frame {n} is larger than {max_bytes} bytes")
        expected = MEDIA_TYPES.get((upload.content_type or "").split(";")[0].strip().lower())
        if expected is None:
            raise UnsupportedUpload(f"frame {n}: only image/jpeg and image/png are accepted")
        try:
            decoded = decode_image(upload.data, max_pixels=MAX_FRAME_PIXELS)
        except ImageTooLargeError as exc:
            raise UploadTooLarge(f"frame {n}: {exc}") from exc
        except ImageError as exc:
            raise InvalidUpload(f"frame {n}: {exc}") from exc
        if decoded.source_format != expected:
            raise UnsupportedUpload(f"frame {n} is {decoded.source_format}, not {expected}")
        frames.append(decoded.rgb)
    return frames
