"""Preparing the enrolment photo for DG2: a JPEG that decodes, at most ``max_bytes`` long.

A JPEG already small enough is kept byte for byte (no double lossy compression). Anything else that
Pillow can decode (PNG, an oversized JPEG) is re-encoded once as baseline JPEG, lowering the quality
and then the resolution until it fits. No face detection happens here.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from enrollment.icao.errors import EncodingError

DEFAULT_MAX_BYTES = 20_000
_QUALITIES = (90, 80, 70, 60, 50, 40)


@dataclass(frozen=True)
class PreparedPhoto:
    jpeg: bytes
    width: int
    height: int
    reencoded: bool


def _encode(image: Image.Image, quality: int) -> bytes:
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=quality, optimize=True)
    return out.getvalue()


def open_image(data: bytes, what: str) -> Image.Image:
    """An untrusted image, verified and then loaded; anything Pillow cannot read is an EncodingError."""
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise EncodingError(f"the {what} does not decode as an image: {exc}") from exc
    return image


def prepare_photo(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> PreparedPhoto:
    image = open_image(data, "photo")
    if image.format == "JPEG" and len(data) <= max_bytes:
        return PreparedPhoto(data, image.width, image.height, False)
    rgb = image.convert("RGB")
    while True:
        for quality in _QUALITIES:
            jpeg = _encode(rgb, quality)
            if len(jpeg) <= max_bytes:
                return PreparedPhoto(jpeg, rgb.width, rgb.height, True)
        if min(rgb.size) < 32:
            raise EncodingError(f"cannot fit the photo into {max_bytes} bytes")
        rgb = rgb.resize((max(1, rgb.width * 4 // 5), max(1, rgb.height * 4 // 5)), Image.Resampling.LANCZOS)
