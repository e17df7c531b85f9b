"""ISO/IEC 19794-6:2005 iris image records and DG4: round trips, golden bytes, malformed input.

The golden files under tests/fixtures/icao/ were written once by this encoder; their header fields are
checked here byte by byte against the 2005 layout (as JMRTD reads it), so a change that alters the
bytes fails even if encoder and decoder change together.
"""

from __future__ import annotations

import io
import struct
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from enrollment.icao.biometric import cbeff
from enrollment.icao.biometric.iso19794_6 import IrisImageEntry, IrisRecord, decode_iris_record, encode_iris_record
from enrollment.icao.errors import EncodingError
from enrollment.icao.lds.dg4 import decode_dg4, encode_dg4

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "icao"
RAW = bytes(range(48))  # an 8 x 6 grey test pattern


def golden_record() -> IrisRecord:
    return IrisRecord(
        images=(IrisImageEntry("right", RAW, quality=80, rotation_angle=0x0B61, rotation_uncertainty=0x016C),
                IrisImageEntry("left", RAW[::-1], quality=75)),
        width=8, height=6, image_format="mono_raw", iris_diameter=200, capture_device_id=0x1234,
        device_unique_id=b"D0000000000042\x00\x00",
    )


def test_golden_record_bytes() -> None:
    data = encode_iris_record(golden_record())
    assert data == (FIXTURES / "iso19794_6_2005_raw.bin").read_bytes()
    assert data[:8] == b"IIR\x00010\x00"
    assert struct.unpack_from(">I", data, 8)[0] == len(data) == 45 + 2 * (3 + 11 + 48)
    assert struct.unpack_from(">HBH", data, 12) == (0x1234, 2, 45)  # device, eyes, header length
    props, diameter, fmt, width, height = struct.unpack_from(">HHHHH", data, 17)
    assert (props, diameter, fmt, width, height) == (0b0101, 200, 2, 8, 6)  # base orientations, MONO_RAW
    assert data[27:29] == b"\x08\x00" and data[29:45] == b"D0000000000042\x00\x00"
    assert data[45:48] == b"\x01\x00\x01"  # right eye, one image
    assert struct.unpack_from(">HBHHI", data, 48) == (1, 80, 0x0B61, 0x016C, 48)
    assert data[59:107] == RAW
    assert data[107:110] == b"\x02\x00\x01"  # left eye, one image
    assert struct.unpack_from(">HBHHI", data, 110) == (1, 75, 0xFFFF, 0xFFFF, 48)


def test_golden_dg4_bytes() -> None:
    data = encode_dg4([golden_record()])
    assert data == (FIXTURES / "dg4_raw.bin").read_bytes()
    assert data[0] == 0x76
    [(header, bdb)] = cbeff.decode_group(data, 0x76)
    assert (header.biometric_type, header.format_owner, header.format_type, header.subtype) == (0x10, 0x0101, 9, None)
    assert bdb == encode_iris_record(golden_record())


def test_round_trip_raw_and_jpeg() -> None:
    assert decode_iris_record(encode_iris_record(golden_record())) == golden_record()
    buf = io.BytesIO()
    Image.fromarray(np.random.default_rng(0).integers(0, 256, (280, 320), dtype=np.uint8)).save(buf, "JPEG")
    record = IrisRecord((IrisImageEntry("left", buf.getvalue(), quality=60),), 320, 280, "mono_jpeg", 210)
    assert decode_iris_record(encode_iris_record(record)) == record
    [back] = decode_dg4(encode_dg4([record]))
    assert back == record
    [(header, _)] = cbeff.decode_group(encode_dg4([record]), 0x76)
    assert header.subtype == 0x02  # one left eye


def test_malformed_records_are_refused() -> None:
    good = encode_iris_record(golden_record())
    bad_inputs = [
        good[:44],  # shorter than the header
        good[:-1],  # record length no longer matches
        b"FIR\x00" + good[4:],  # another record type
        good[:4] + b"020\x00" + good[8:],  # 19794-6:2011, not modelled
        good[:21] + b"\x00\x0e" + good[23:],  # JPEG 2000
        good[:45] + b"\x05" + good[46:],  # unknown eye
        good[:8] + struct.pack(">I", len(good) + 10) + good[12:] + bytes(10),  # trailing bytes
    ]
    for bad in bad_inputs:
        with pytest.raises(EncodingError):
            decode_iris_record(bad)


def test_impossible_records_are_not_encoded() -> None:
    with pytest.raises(EncodingError):
        encode_iris_record(IrisRecord((), 8, 6, "mono_raw"))
    with pytest.raises(EncodingError):
        encode_iris_record(IrisRecord((IrisImageEntry("right", RAW[:-1]),), 8, 6, "mono_raw"))
    with pytest.raises(EncodingError):
        encode_iris_record(IrisRecord((IrisImageEntry("right", RAW),), 8, 6, "mono_jpeg"))  # not a JPEG
    with pytest.raises(EncodingError):
        encode_dg4([])


def test_dg4_of_another_biometric_is_refused() -> None:
    face_header = cbeff.BiometricHeader(cbeff.BIOMETRIC_TYPE_FACE, cbeff.FORMAT_TYPE_FACE)
    data = cbeff.encode_group(0x76, [(face_header, encode_iris_record(golden_record()))])
    with pytest.raises(EncodingError):
        decode_dg4(data)
