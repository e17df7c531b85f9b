from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from matcher.errors import FingerprintError, ImageError, ImageTooSmallError
from matcher.finger.errors import (
    BlankImageError,
    FingerImageDecodeError,
    FingerImageTooSmallError,
    NotAFingerprintError,
)
from matcher.finger.image import decode_image, normalise
from tests.conftest import require
from tests.matcher.finger.conftest import read_grey


def test_real_fingerprints_pass_and_high_resolution_is_rescaled(fingerprints_dir: Path) -> None:
    db2 = read_grey(fingerprints_dir / "fvc2002" / "DB2_B" / "101_1.tif")  # 296 x 560 at 569 ppi
    img = normalise(db2, dpi=569)
    assert (img.width, img.height) == (round(296 * 500 / 569), round(560 * 500 / 569))
    assert img.scale == pytest.approx(500 / 569)
    thermal = normalise(read_grey(fingerprints_dir / "fvc2004" / "DB3_B" / "101_1.tif"), dpi=512)
    assert thermal.height == round(480 * 500 / 512)


def test_blank_image() -> None:
    with pytest.raises(BlankImageError) as err:
        normalise(np.full((300, 300), 200, np.uint8))
    assert isinstance(err.value, FingerprintError) and isinstance(err.value, ImageError)
    assert err.value.code == "FINGER_IMAGE_BLANK"


def test_too_small_image_is_both_finger_and_generic_error() -> None:
    with pytest.raises(FingerImageTooSmallError) as err:
        normalise(np.random.default_rng(0).integers(0, 255, (120, 400), dtype=np.uint8))
    assert isinstance(err.value, ImageTooSmallError)
    with pytest.raises(FingerImageTooSmallError):  # 160 px at 1000 ppi is 80 px at 500
        normalise(np.random.default_rng(0).integers(0, 255, (160, 160), dtype=np.uint8), dpi=1000)


def test_noise_is_not_a_fingerprint() -> None:
    noise = np.random.default_rng(1).integers(0, 256, (300, 300), dtype=np.uint8)
    with pytest.raises(NotAFingerprintError):
        normalise(noise)


def test_face_photo_is_not_a_fingerprint(face_samples: Path) -> None:
    face = read_grey(require(face_samples / "obama.jpg"))
    with pytest.raises(NotAFingerprintError) as err:
        normalise(face)
    assert err.value.ridge_fraction < 0.15


def test_undecodable_bytes() -> None:
    with pytest.raises(FingerImageDecodeError):
        decode_image(b"GIF89a not really")
    with pytest.raises(FingerImageDecodeError):
        normalise(np.zeros((300, 300), np.float32))
