"""ISO/IEC 19794-5:2005 face image record: encoder and bounded decoder for one facial image.

Layout: general header (``FAC\\0``, ``010\\0``, 4-byte record length, 2-byte image count), then per
image a 20-byte facial record header, 8 bytes per feature point, a 12-byte image information block
and the JPEG / JPEG 2000 data. Only what the gate needs is modelled; feature points are skipped.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Literal

from enrollment.icao.errors import EncodingError

ImageFormat = Literal["jpeg", "jpeg2000"]
_GENERAL = struct.Struct(">4s4sIH")
_FACIAL = struct.Struct(">IHBBB3sH3s3s")
_IMAGE = struct.Struct(">BBHHBBHH")
_GENDER = {"M": 1, "F": 2}


@dataclass(frozen=True)
class FaceRecord:
    image: bytes
    image_format: ImageFormat
    width: int
    height: int
    gender: str = ""


def encode_face_record(face: FaceRecord) -> bytes:
    image_type = 0 if face.image_format == "jpeg" else 1
    info = _IMAGE.pack(1, image_type, face.width, face.height, 1, 2, 0, 0)  # full frontal, sRGB, digital camera
    facial_length = _FACIAL.size + _IMAGE.size + len(face.image)
    facial = _FACIAL.pack(facial_length, 0, _GENDER.get(face.gender, 0), 0, 0, b"\x00\x00\x00", 0,
                          b"\x00\x00\x00", b"\x00\x00\x00")
    general = _GENERAL.pack(b"FAC\x00", b"010\x00", _GENERAL.size + facial_length, 1)
    return general + facial + info + face.image


def decode_face_record(data: bytes) -> FaceRecord:
    """The first facial image of a 19794-5 record; every length is checked against the bytes present."""
    if len(data) < _GENERAL.size + _FACIAL.size + _IMAGE.size:
        raise EncodingError(f"face record of {len(data)} bytes is too short")
    magic, _version, record_length, count = _GENERAL.unpack_from(data)
    if magic != b"FAC\x00":
        raise EncodingError(f"face record starts with {magic!r}, not FAC\\0")
    if record_length != len(data) or count < 1:
        raise EncodingError(f"face record length {record_length} / count {count} inconsistent with data")
    facial_length, points, gender, *_ = _FACIAL.unpack_from(data, _GENERAL.size)
    start = _GENERAL.size + _FACIAL.size + 8 * points
    end = _GENERAL.size + facial_length
    if end > len(data) or start + _IMAGE.size > end:
        raise EncodingError("facial record length exceeds the record")
    _kind, image_type, width, height, *_ = _IMAGE.unpack_from(data, start)
    if image_type not in (0, 1):
        raise EncodingError(f"unknown face image data type {image_type}")
    image = data[start + _IMAGE.size : end]
    return FaceRecord(image, "jpeg" if image_type == 0 else "jpeg2000", width, height,
                      {1: "M", 2: "F"}.get(gender, ""))
