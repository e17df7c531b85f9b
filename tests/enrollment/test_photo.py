"""Preparing the enrolment photo for DG2 (enrollment/photo.py)."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from enrollment.icao.errors import EncodingError
from enrollment.photo import prepare_photo
from tests.enrollment.chipkit import face_jpeg


def test_small_jpeg_is_kept_byte_for_byte() -> None:
    jpeg = face_jpeg()
    prepared = prepare_photo(jpeg)
    assert (prepared.jpeg, prepared.reencoded, prepared.width) == (jpeg, False, 120)


def test_large_png_is_reencoded_as_small_jpeg() -> None:
    noise = np.random.default_rng(3).integers(0, 255, (800, 600, 3), dtype=np.uint8)
    out = io.BytesIO()
    Image.fromarray(noise).save(out, format="PNG")
    prepared = prepare_photo(out.getvalue())
    assert prepared.reencoded and len(prepared.jpeg) <= 20_000 and prepared.jpeg.startswith(b"\xff\xd8")
    assert Image.open(io.BytesIO(prepared.jpeg)).format == "JPEG"


def test_undecodable_photo_is_rejected() -> None:
    with pytest.raises(EncodingError):
        prepare_photo(b"\xff\xd8 this is not really a jpeg")
