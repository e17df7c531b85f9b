"""Decode untrusted image bytes into an RGB uint8 array, with bounded memory and typed errors.

The header is read before any pixel is decoded, so a file that claims gigapixels is refused without
allocating them. Grayscale, 16-bit and alpha images are converted deliberately (16-bit is rescaled, not
clipped; alpha is composited on black) and the conversion is recorded, so nothing is silently reinterpreted.
EXIF orientation is applied: a phone photo taken sideways is upright after decoding.
"""

from __future__ import annotations

import io
import math
import warnings
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from matcher.errors import ImageDecodeError, ImageTooLargeError, ImageTooSmallError
from matcher.face.types import RgbImage

MAX_PIXELS = 40_000_000  # 40 MP: any gate or desk camera; a 7728x5152 photo still passes
MAX_BYTES = 64 * 1024 * 1024
MIN_SIDE = 48  # below this no detector finds a usable face

# what Image.reduce averages faithfully: not "P" (refused), nor "I" (its 8- or 16-bit scale is read from the
# maximum after decoding, which averaging could lower)
_REDUCIBLE_MODES = {"RGB", "RGBA", "L", "LA", "CMYK", "YCbCr"}
_ORIENTATION = 0x0112  # the EXIF tag; 1 = upright as stored
_SUPPORTED_MODES = {"RGB", "RGBA", "L", "LA", "I;16", "I;16B", "I;16L", "I", "P", "CMYK", "YCbCr"}


@dataclass(frozen=True)
class DecodedImage:
    rgb: RgbImage
    source_format: str  # "JPEG", "PNG", ...
    source_mode: str  # PIL mode before conversion: "RGB", "L", "I;16", "RGBA", ...

    @property
    def was_grayscale(self) -> bool:
        return self.source_mode in {"L", "LA", "I;16", "I;16B", "I;16L", "I"}


def decode_image(data: bytes, *, max_pixels: int = MAX_PIXELS, min_side: int = MIN_SIDE,
                 draft_side: int | None = None) -> DecodedImage:
    """Decode ``data`` (JPEG, PNG, TIFF, BMP, WebP, JPEG 2000 where Pillow supports it).

    ``draft_side``: a JPEG whose longer side exceeds it is decoded at a reduced DCT scale (1/2, 1/4, 1/8),
    the smallest that keeps the longer side at least ``draft_side`` — a fraction of the time and memory of
    the full decode. Another format decodes at full size and is then reduced by the means of k×k blocks, k
    the largest whole factor that keeps the longer side at least ``draft_side`` (before any copy: a 12 MP
    RGB, RGBA or grey PNG's array is never made; palette and 16-bit images are converted at full size
    first). The caller resizes exactly if it needs to."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ImageDecodeError(f"image data must be bytes, got {type(data).__name__}", stage="decode")
    if len(data) == 0:
        raise ImageDecodeError("image data is empty", stage="decode")
    if len(data) > MAX_BYTES:
        raise ImageTooLargeError(f"image file is {len(data)} bytes; the limit is {MAX_BYTES}", stage="decode")
    # face_recognition's import sets Pillow's process-wide LOAD_TRUNCATED_IMAGES = True, which pads a
    # truncated file with grey instead of failing; an untrusted image must fail, whoever imported what.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(bytes(data)))
            width, height = img.size
            _check_size(width, height, max_pixels=max_pixels, min_side=min_side)
            fmt = img.format or "unknown"
            if draft_side is not None and fmt == "JPEG" and max(width, height) > draft_side:
                scale = draft_side / max(width, height)
                img.draft(None, (max(1, math.ceil(width * scale)), max(1, math.ceil(height * scale))))
            img.load()
    except (ImageTooLargeError, ImageTooSmallError):
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageTooLargeError(f"image exceeds the pixel budget: {exc}", stage="decode") from exc
    except UnidentifiedImageError as exc:
        raise ImageDecodeError("data is not an image in a supported format", stage="decode") from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ImageDecodeError(f"image is truncated or corrupt: {exc}", stage="decode") from exc
    mode = img.mode
    if mode not in _SUPPORTED_MODES:
        raise ImageDecodeError(f"unsupported pixel mode {mode!r}", stage="decode")
    pixels: Image.Image = img
    if draft_side is not None and fmt != "JPEG" and mode in _REDUCIBLE_MODES and max(width, height) // draft_side > 1:
        pixels = img.reduce(max(width, height) // draft_side)  # keeps img.info, EXIF included
    try:  # only a frame that needs turning is copied: a 12 MP copy is 36 MB of memory traffic for nothing
        turn = img.getexif().get(_ORIENTATION, 1) != 1
        upright: Image.Image = ImageOps.exif_transpose(pixels) if turn else pixels
    except (OSError, ValueError, SyntaxError) as exc:  # malformed EXIF: keep the pixels as stored
        raise ImageDecodeError(f"image has malformed EXIF orientation: {exc}", stage="decode") from exc
    return DecodedImage(rgb=_to_rgb8(upright), source_format=fmt, source_mode=mode)


def _check_size(width: int, height: int, *, max_pixels: int, min_side: int) -> None:
    if width * height > max_pixels:
        raise ImageTooLargeError(
            f"image is {width}x{height} = {width * height} pixels; the limit is {max_pixels}", stage="decode"
        )
    if min(width, height) < min_side:
        raise ImageTooSmallError(
            f"image is {width}x{height}; at least {min_side} pixels per side are needed", stage="decode"
        )


def _to_rgb8(img: Image.Image) -> RgbImage:
    mode = img.mode
    if mode in {"I;16", "I;16B", "I;16L", "I"}:
        # integer arithmetic: a float64 copy of a large 16-bit canvas would cost 8 bytes per pixel
        arr = np.clip(np.asarray(img), 0, 65535).astype(np.uint32)
        top = 65535 if mode.startswith("I;16") or int(arr.max()) > 255 else 255
        gray = ((arr * 255 + top // 2) // top).astype(np.uint8)
        return np.ascontiguousarray(np.repeat(gray[:, :, None], 3, axis=2))
    if mode in {"RGBA", "LA"} or (mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        black = Image.new("RGBA", rgba.size, (0, 0, 0, 255))
        img = Image.alpha_composite(black, rgba)
    rgb = img if img.mode == "RGB" else img.convert("RGB")  # convert() copies even an RGB image
    return np.ascontiguousarray(np.asarray(rgb, dtype=np.uint8))


def encode_jpeg(rgb: RgbImage, *, quality: int = 90) -> bytes:
    """Encode an RGB array as baseline JPEG (for chip photos and stored captures)."""
    buf = io.BytesIO()
    Image.fromarray(rgb, mode="RGB").save(buf, format="JPEG", quality=quality)
    return buf.getvalue()
