"""Decoding untrusted image bytes: every bad input is a typed error; odd formats are converted faithfully."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from matcher.errors import ImageDecodeError, ImageTooLargeError, ImageTooSmallError
from matcher.image import decode_image, encode_jpeg


def png_bytes(array: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(array).save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture(scope="module")
def photo() -> np.ndarray:
    rng = np.random.default_rng(1)
    yy, xx = np.mgrid[0:120, 0:160]
    base = np.stack([xx * 1.5, yy * 2.0, (xx + yy) * 0.8], axis=2)
    return np.clip(base + rng.normal(0, 5, base.shape), 0, 255).astype(np.uint8)


def test_rgb_png_round_trips(photo: np.ndarray) -> None:
    decoded = decode_image(png_bytes(photo))
    assert decoded.source_format == "PNG" and decoded.source_mode == "RGB"
    assert np.array_equal(decoded.rgb, photo)


def _png_with_orientation(array: np.ndarray, orientation: int) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation
    buf = io.BytesIO()
    Image.fromarray(array).save(buf, format="PNG", exif=exif.tobytes())
    return buf.getvalue()


@pytest.mark.parametrize(("orientation", "turn"), [(1, None), (3, 2), (6, 3), (8, 1)])
def test_exif_orientation_is_applied(photo: np.ndarray, orientation: int, turn: int | None) -> None:
    """6: the camera was turned a quarter clockwise, so the stored pixels are turned back (rot90 ×3)."""
    decoded = decode_image(_png_with_orientation(photo, orientation))
    assert np.array_equal(decoded.rgb, photo if turn is None else np.rot90(photo, turn))
    assert decoded.rgb.flags.c_contiguous and decoded.rgb.dtype == np.uint8
    halved = decode_image(_png_with_orientation(photo, orientation), draft_side=60).rgb  # reduced, then turned
    means = photo.reshape(60, 2, 80, 2, 3).mean(axis=(1, 3))
    expected = means if turn is None else np.rot90(means, turn)
    assert halved.shape == expected.shape and np.abs(halved - expected).max() <= 1


def test_a_large_png_is_reduced_by_block_means_before_any_copy(photo: np.ndarray) -> None:
    """With ``draft_side``, the largest whole factor that keeps the longer side at least that long."""
    data = png_bytes(photo)
    assert np.array_equal(decode_image(data, draft_side=160).rgb, photo)  # fits: untouched
    halved = decode_image(data, draft_side=79).rgb  # 160 // 79 = 2: 80 still covers 79
    means = photo.reshape(60, 2, 80, 2, 3).mean(axis=(1, 3))
    assert halved.shape == (60, 80, 3) and np.abs(halved - means).max() <= 1
    assert decode_image(data, draft_side=50).rgb.shape == (40, 54, 3)  # by 3, the last partial block kept
    palette = Image.fromarray(photo).convert("P")
    buf = io.BytesIO()
    palette.save(buf, format="PNG")
    assert decode_image(buf.getvalue(), draft_side=50).rgb.shape == photo.shape  # a mode reduce() cannot take


def test_grayscale_becomes_three_equal_channels(photo: np.ndarray) -> None:
    grey = photo[:, :, 1]
    decoded = decode_image(png_bytes(grey))
    assert decoded.was_grayscale and decoded.rgb.shape == (*grey.shape, 3)
    assert all(np.array_equal(decoded.rgb[:, :, c], grey) for c in range(3))


def test_sixteen_bit_is_rescaled_not_clipped(photo: np.ndarray) -> None:
    grey8 = photo[:, :, 0]
    grey16 = grey8.astype(np.uint16) * 257  # full 16-bit range
    import cv2

    decoded = decode_image(cv2.imencode(".png", grey16)[1].tobytes())
    assert decoded.source_mode.startswith("I;16")
    assert decoded.rgb.dtype == np.uint8
    assert np.abs(decoded.rgb[:, :, 0].astype(int) - grey8.astype(int)).max() <= 1


def test_alpha_is_composited_on_black(photo: np.ndarray) -> None:
    alpha = np.full(photo.shape[:2], 255, np.uint8)
    alpha[:, :80] = 0
    decoded = decode_image(png_bytes(np.dstack([photo, alpha])))
    assert decoded.source_mode == "RGBA"
    assert (decoded.rgb[:, :80] == 0).all()
    assert np.array_equal(decoded.rgb[:, 80:], photo[:, 80:])


def test_jpeg_encode_decode(photo: np.ndarray) -> None:
    decoded = decode_image(encode_jpeg(photo, quality=95))
    assert decoded.source_format == "JPEG"
    assert np.abs(decoded.rgb.astype(int) - photo.astype(int)).mean() < 4


@pytest.mark.parametrize("data", [b"", b"not an image at all", b"\x89PNG\r\n\x1a\n" + b"\0" * 40, b"\xff\xd8\xff"])
def test_garbage_is_a_decode_error(data: bytes) -> None:
    with pytest.raises(ImageDecodeError):
        decode_image(data)


def test_truncated_jpeg_is_a_decode_error(photo: np.ndarray) -> None:
    data = encode_jpeg(np.repeat(np.repeat(photo, 4, axis=0), 4, axis=1))
    with pytest.raises(ImageDecodeError, match="truncated or corrupt"):
        decode_image(data[: len(data) // 2])


def test_truncation_is_caught_even_after_face_recognition_is_imported(photo: np.ndarray) -> None:
    import face_recognition  # noqa: F401  (sets PIL's LOAD_TRUNCATED_IMAGES globally)

    data = encode_jpeg(np.repeat(np.repeat(photo, 4, axis=0), 4, axis=1))
    with pytest.raises(ImageDecodeError):
        decode_image(data[: len(data) // 2])


def test_non_bytes_input_is_refused() -> None:
    with pytest.raises(ImageDecodeError):
        decode_image("photo.jpg")  # type: ignore[arg-type]


def test_tiny_image_is_too_small() -> None:
    with pytest.raises(ImageTooSmallError):
        decode_image(png_bytes(np.zeros((20, 300, 3), np.uint8)))


def _png_claiming(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def test_huge_dimensions_are_refused_before_decoding() -> None:
    # 100k x 100k RGB would be 30 GB; the header alone must be enough to refuse it
    with pytest.raises(ImageTooLargeError):
        decode_image(_png_claiming(100_000, 100_000))


def test_pixel_budget_is_configurable(photo: np.ndarray) -> None:
    with pytest.raises(ImageTooLargeError):
        decode_image(png_bytes(photo), max_pixels=1000)
