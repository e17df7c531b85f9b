"""Images for the officer's screen: a chip photo as the browser can show it, or a placeholder.

A referred chip is often a forged one, and its DG2 may hold anything: bytes that are no image, a 1-bit
PNG, a JPEG 2000 the browser cannot show. The officer still gets the case: the photo is re-encoded as
JPEG when it decodes, and a placeholder saying so when it does not — never a server error.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache

import structlog
from PIL import Image, ImageDraw

from gate.logging import failure_fields
from matcher.image import decode_image, encode_jpeg

log = structlog.get_logger(__name__)

MAX_VIEW_PIXELS = 12_000_000  # a chip photo is well under 1 MP; anything bigger is not worth decoding


@dataclass(frozen=True)
class ViewableImage:
    jpeg: bytes
    placeholder: bool  # True: the stored bytes could not be shown, this is the placeholder


def viewable_jpeg(data: bytes) -> ViewableImage:
    try:
        decoded = decode_image(data, max_pixels=MAX_VIEW_PIXELS, min_side=1)
    except Exception as exc:  # typed ImageError, or whatever else a hostile file drives Pillow to
        log.warning("capture_not_displayable", **failure_fields(exc, frames=1))
        return ViewableImage(placeholder_jpeg(), True)
    if decoded.source_format == "JPEG":
        return ViewableImage(data, False)
    return ViewableImage(encode_jpeg(decoded.rgb, quality=92), False)


@cache
def placeholder_jpeg() -> bytes:
    """A grey 240×320 portrait frame reading "image cannot be displayed"."""
    image = Image.new("RGB", (240, 320), (200, 200, 200))
    draw = ImageDraw.Draw(image)
    draw.rectangle((4, 4, 235, 315), outline=(120, 120, 120), width=2)
    for n, line in enumerate(("image cannot", "be displayed", "(not a readable", "image file)")):
        draw.text((60, 130 + 16 * n), line, fill=(60, 60, 60))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()
