"""Preparing enrolment eye images for DG4: one ISO/IEC 19794-6 record per eye, a grey JPEG each.

A grey (8-bit) JPEG is kept byte for byte (no second lossy compression). Anything else Pillow decodes
(PNG, BMP, a colour JPEG) is turned grey and encoded once as baseline JPEG. No iris detection happens here,
as :mod:`enrollment.photo` detects no face: whether the image holds a usable iris is for the enrolment
desk's quality check (:func:`matcher.iris.assess_quality`) to say.
"""

from __future__ import annotations

import io

from enrollment.icao.biometric.iso19794_6 import Eye, IrisImageEntry, IrisRecord
from enrollment.icao.errors import EncodingError
from enrollment.photo import open_image

JPEG_QUALITY = 90
MAX_IMAGE_BYTES = 200_000  # a 640x480 NIR eye image is ~30-60 kB as JPEG; refuse something far larger


def _grey_jpeg(data: bytes) -> tuple[bytes, int, int]:
    image = open_image(data, "eye image")
    if image.format == "JPEG" and image.mode == "L":
        return data, image.width, image.height
    out = io.BytesIO()
    image.convert("L").save(out, format="JPEG", quality=JPEG_QUALITY)
    return out.getvalue(), image.width, image.height


def iris_record(eye: Eye, image: bytes, *, quality: int = 0, iris_diameter: int = 0) -> IrisRecord:
    """One eye's record: ``image`` is the NIR eye image as captured (any format Pillow reads); ``quality``
    0-100 (0 when not assessed) and ``iris_diameter`` in pixels (0 when unknown) go into the record."""
    if eye not in ("right", "left", "undefined"):
        raise EncodingError(f"eye must be right, left or undefined, not {eye!r}")
    if not 0 <= iris_diameter <= 0xFFFF:
        raise EncodingError(f"iris diameter {iris_diameter} out of range")
    jpeg, width, height = _grey_jpeg(image)
    if len(jpeg) > MAX_IMAGE_BYTES:
        raise EncodingError(f"eye image of {len(jpeg)} bytes exceeds {MAX_IMAGE_BYTES}")
    return IrisRecord((IrisImageEntry(eye, jpeg, quality=quality),), width, height, "mono_jpeg",
                      iris_diameter=iris_diameter)


def iris_records(images: dict[Eye, bytes]) -> tuple[IrisRecord, ...]:
    """One record per eye, right before left (the order ISO/IEC 19794-6 numbers the eyes in)."""
    order: tuple[Eye, ...] = ("undefined", "right", "left")
    return tuple(iris_record(eye, images[eye]) for eye in order if eye in images)
