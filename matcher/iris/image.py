"""Bytes or arrays in, a checked grey :class:`IrisImage` out.

Iris cameras image in near infrared and deliver grey pixels; a colour photograph (a face picture, a
visible-light selfie) is refused as the wrong image type rather than matched badly. Arrays must be
2-D ``uint8``; another dtype is the caller's mistake and is refused, never silently rescaled.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from matcher.errors import ImageDecodeError, ImageTooLargeError, ImageTooSmallError
from matcher.image import decode_image as decode_any
from matcher.iris import params
from matcher.iris.errors import (
    BlankIrisImageError,
    IrisImageDecodeError,
    IrisImageTooLargeError,
    IrisImageTooSmallError,
    IrisImageTypeError,
)
from matcher.iris.types import IrisImage


def decode_image(data: bytes) -> IrisImage:
    """Decode JPEG, PNG, TIFF, BMP ... bytes. A colour picture is refused (:class:`IrisImageTypeError`)."""
    try:
        decoded = decode_any(data, min_side=params.MIN_SIDE)
    except ImageTooSmallError as exc:
        raise IrisImageTooSmallError(str(exc), stage="decode") from exc
    except ImageTooLargeError as exc:
        raise IrisImageTooLargeError(str(exc), stage="decode") from exc
    except ImageDecodeError as exc:
        raise IrisImageDecodeError(str(exc), stage="decode") from exc
    rgb = decoded.rgb
    if not decoded.was_grayscale:
        _refuse_colour(rgb)
    return from_array(np.ascontiguousarray(rgb[:, :, 1]))


def _refuse_colour(rgb: NDArray[np.uint8]) -> None:
    step = max(1, min(rgb.shape[:2]) // 128)
    sample = rgb[::step, ::step].astype(np.int16)
    chroma = float(np.abs(sample[..., 0] - sample[..., 1]).mean() + np.abs(sample[..., 1] - sample[..., 2]).mean())
    if chroma > params.MAX_CHROMA:
        raise IrisImageTypeError(f"a colour image (chroma {chroma:.1f}); an iris camera gives grey NIR images",
                                 stage="decode")


def from_array(pixels: object) -> IrisImage:
    """Check a grey array: 2-D uint8 (an (H, W, 3) grey-valued array is accepted as grey)."""
    if not isinstance(pixels, np.ndarray):
        raise IrisImageTypeError(f"expected a numpy array, got {type(pixels).__name__}", stage="image")
    if pixels.dtype != np.uint8:
        raise IrisImageTypeError(f"expected uint8 grey levels, got {pixels.dtype}", stage="image")
    arr: NDArray[np.uint8] = pixels
    if arr.ndim == 3 and arr.shape[2] == 3:
        _refuse_colour(arr)
        arr = arr[:, :, 1]
    if arr.ndim != 2:
        raise IrisImageTypeError(f"expected a 2-D grey image, got shape {arr.shape}", stage="image")
    h, w = arr.shape
    if min(h, w) < params.MIN_SIDE:
        raise IrisImageTooSmallError(f"image is {w}x{h}; at least {params.MIN_SIDE} px per side", stage="image")
    if max(h, w) > params.MAX_SIDE:
        raise IrisImageTooLargeError(f"image is {w}x{h}; at most {params.MAX_SIDE} px per side", stage="image")
    if float(arr[::4, ::4].std()) < params.MIN_GREY_STD:
        raise BlankIrisImageError("the image has no contrast (blank frame)", stage="image")
    return IrisImage(pixels=np.ascontiguousarray(arr))
