"""ISO/IEC 19794-6:2005 iris image record (the version ICAO 9303 names for DG4), rectilinear images.

Layout (big-endian), as read and written by JMRTD's ``IrisInfo``:

    record header, 45 bytes  "IIR\\0" "010\\0" u32 record length | u16 capture device id | u8 eyes |
                             u16 header length (45) | u16 properties | u16 iris diameter | u16 image format |
                             u16 width | u16 height | u8 intensity depth | u8 image transformation |
                             16 bytes device unique id
    per eye (subtype), 3 B   u8 eye (0 undefined, 1 right, 2 left) | u16 image count
    per image, 11 bytes      u16 image number | u8 quality | u16 rotation angle | u16 rotation uncertainty |
                             u32 image length, then the image data

Properties bits: 0-1 horizontal and 2-3 vertical orientation (1 base, 2 flipped), 4-6 scan type, 7 iris
occlusion, 8 occlusion filling, 9 boundary extraction (the last three apply to polar images only).
Image formats here: MONO_RAW (2; width x height bytes, 8 bits) and MONO_JPEG (6). JPEG 2000 and polar
images are not modelled. Every length is checked against the bytes present.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Literal

from enrollment.icao.errors import EncodingError

ImageFormat = Literal["mono_raw", "mono_jpeg"]
Eye = Literal["undefined", "right", "left"]
FORMAT_CODES: dict[str, int] = {"mono_raw": 0x0002, "mono_jpeg": 0x0006}
EYE_CODES: dict[str, int] = {"undefined": 0, "right": 1, "left": 2}
ANGLE_UNDEFINED = 0xFFFF
_RECORD = struct.Struct(">4s4sIHBHHHHHHBB16s")
_SUBTYPE = struct.Struct(">BH")
_IMAGE = struct.Struct(">HBHHI")
_MAGIC, _VERSION = b"IIR\x00", b"010\x00"
_MAX_IMAGES = 64


@dataclass(frozen=True)
class IrisImageEntry:
    eye: Eye
    image: bytes
    quality: int = 0  # 0-100 (ISO/IEC 29794-6 style); 0 when not assessed
    rotation_angle: int = ANGLE_UNDEFINED  # round(65536 * degrees / 360) mod 65536, or undefined
    rotation_uncertainty: int = ANGLE_UNDEFINED


@dataclass(frozen=True)
class IrisRecord:
    """One record; all images share the header's format and size (the 2005 layout has one header)."""

    images: tuple[IrisImageEntry, ...]
    width: int
    height: int
    image_format: ImageFormat = "mono_jpeg"
    iris_diameter: int = 0  # expected iris diameter in px, 0 unknown
    capture_device_id: int = 0
    horizontal_orientation: int = 1
    vertical_orientation: int = 1
    device_unique_id: bytes = bytes(16)


def _check(record: IrisRecord) -> None:
    if not record.images or len(record.images) > _MAX_IMAGES:
        raise EncodingError(f"an iris record holds 1 to {_MAX_IMAGES} images, not {len(record.images)}")
    if not (0 < record.width <= 0xFFFF and 0 < record.height <= 0xFFFF):
        raise EncodingError(f"image size {record.width}x{record.height} out of range")
    if len(record.device_unique_id) != 16:
        raise EncodingError("the device unique id is 16 bytes")
    for entry in record.images:
        if entry.eye not in EYE_CODES or not 0 <= entry.quality <= 100:
            raise EncodingError(f"bad eye {entry.eye!r} or quality {entry.quality}")
        if record.image_format == "mono_raw" and len(entry.image) != record.width * record.height:
            raise EncodingError(f"a raw image of {record.width}x{record.height} has {record.width * record.height} "
                                f"bytes, not {len(entry.image)}")
        if record.image_format == "mono_jpeg" and not entry.image.startswith(b"\xff\xd8"):
            raise EncodingError("image data is not a JPEG")


def encode_iris_record(record: IrisRecord) -> bytes:
    _check(record)
    eyes = [eye for eye in EYE_CODES if any(e.eye == eye for e in record.images)]
    body = b""
    for eye in eyes:
        entries = [e for e in record.images if e.eye == eye]
        body += _SUBTYPE.pack(EYE_CODES[eye], len(entries))
        for number, e in enumerate(entries, start=1):
            body += _IMAGE.pack(number, e.quality, e.rotation_angle, e.rotation_uncertainty, len(e.image)) + e.image
    properties = (record.horizontal_orientation & 3) | ((record.vertical_orientation & 3) << 2)
    header = _RECORD.pack(_MAGIC, _VERSION, _RECORD.size + len(body), record.capture_device_id, len(eyes),
                          _RECORD.size, properties, record.iris_diameter, FORMAT_CODES[record.image_format],
                          record.width, record.height, 8, 0, record.device_unique_id)
    return header + body


def decode_iris_record(data: bytes) -> IrisRecord:
    if len(data) < _RECORD.size:
        raise EncodingError(f"iris record of {len(data)} bytes is too short")
    (magic, version, length, device, eyes, header_length, properties, diameter, fmt, width, height, _depth,
     _transform, unique) = _RECORD.unpack_from(data)
    if magic != _MAGIC or version != _VERSION:
        raise EncodingError(f"not an ISO/IEC 19794-6:2005 iris record ({magic!r} {version!r})")
    if length != len(data) or header_length != _RECORD.size:
        raise EncodingError(f"record length {length} / header length {header_length} inconsistent with data")
    formats: dict[int, ImageFormat] = {2: "mono_raw", 6: "mono_jpeg"}
    if fmt not in formats:
        raise EncodingError(f"image format {fmt:#06x} is not supported (raw or JPEG only)")
    eye_names: dict[int, Eye] = {0: "undefined", 1: "right", 2: "left"}
    offset = _RECORD.size
    images: list[IrisImageEntry] = []
    for _ in range(eyes):
        if offset + _SUBTYPE.size > len(data):
            raise EncodingError("iris record ends inside a subtype header")
        eye_code, count = _SUBTYPE.unpack_from(data, offset)
        offset += _SUBTYPE.size
        if eye_code not in eye_names or len(images) + count > _MAX_IMAGES:
            raise EncodingError(f"bad eye {eye_code} or too many images ({count})")
        for _ in range(count):
            if offset + _IMAGE.size > len(data):
                raise EncodingError("iris record ends inside an image header")
            _number, quality, angle, uncertainty, size = _IMAGE.unpack_from(data, offset)
            offset += _IMAGE.size
            if offset + size > len(data):
                raise EncodingError("image length exceeds the record")
            images.append(IrisImageEntry(eye_names[eye_code], data[offset:offset + size], quality, angle, uncertainty))
            offset += size
    if offset != len(data):
        raise EncodingError(f"{len(data) - offset} bytes left after the last image")
    record = IrisRecord(tuple(images), width, height, formats[fmt], diameter, device, properties & 3,
                        (properties >> 2) & 3, unique)
    _check(record)
    return record
