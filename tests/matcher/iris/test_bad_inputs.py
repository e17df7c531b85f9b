"""Inputs that are not a usable iris image fail with the iris error that says why."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from matcher.errors import ImageDecodeError, ImageError, MatcherError
from matcher.iris import encode_image, from_array
from matcher.iris.errors import (
    BlankIrisImageError,
    IrisError,
    IrisImageDecodeError,
    IrisImageTooSmallError,
    IrisImageTypeError,
    IrisNotFoundError,
)
from tests.conftest import require
from tests.matcher.iris.conftest import casia_bytes


def _png(arr: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(arr).save(buf, format="PNG")
    return buf.getvalue()


def test_blank_image() -> None:
    with pytest.raises(BlankIrisImageError) as err:
        encode_image(_png(np.full((280, 320), 128, np.uint8)))
    assert isinstance(err.value, ImageError) and err.value.code == "IRIS_IMAGE_BLANK"


def test_noise_has_no_iris() -> None:
    noise = np.random.default_rng(7).integers(0, 256, (280, 320), dtype=np.uint8)
    with pytest.raises(IrisNotFoundError) as err:
        encode_image(noise)
    assert err.value.stage == "pupil"


@pytest.mark.parametrize("dtype", [np.float32, np.uint16, np.int64])
def test_wrong_dtype(dtype: type) -> None:
    with pytest.raises(IrisImageTypeError):
        encode_image(np.zeros((280, 320), dtype=dtype))


def test_wrong_shape_and_type() -> None:
    with pytest.raises(IrisImageTypeError):
        from_array(np.zeros((280, 320, 4), np.uint8))
    with pytest.raises(IrisImageTypeError):
        from_array([[1, 2], [3, 4]])


def test_too_small() -> None:
    with pytest.raises(IrisImageTooSmallError):
        encode_image(np.random.default_rng(1).integers(0, 256, (60, 80), dtype=np.uint8))


def test_not_an_image() -> None:
    with pytest.raises(IrisImageDecodeError) as err:
        encode_image(b"definitely not a JPEG")
    assert isinstance(err.value, ImageDecodeError) and isinstance(err.value, IrisError)


@pytest.mark.shared
def test_truncated_jpeg(casia: Path) -> None:
    data = casia_bytes(casia, "001_1_1")
    with pytest.raises(IrisImageDecodeError):
        encode_image(data[: len(data) // 2])


@pytest.mark.shared
def test_colour_face_photo_is_the_wrong_image_type(face_samples: Path) -> None:
    with pytest.raises(IrisImageTypeError):
        encode_image(require(face_samples / "obama.jpg").read_bytes())


@pytest.mark.shared
def test_grey_face_photo_has_no_iris(face_samples: Path) -> None:
    """The same face as a grey picture: the eyes are far too small for an iris camera's geometry."""
    grey = np.asarray(Image.open(require(face_samples / "obama.jpg")).convert("L"))
    with pytest.raises(IrisError) as err:
        encode_image(grey)
    assert isinstance(err.value, MatcherError)
    assert isinstance(err.value, IrisNotFoundError | IrisImageTypeError | BlankIrisImageError)
