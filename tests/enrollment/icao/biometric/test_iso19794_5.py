"""ISO/IEC 19794-5 face records (enrollment/icao/biometric/iso19794_5.py)."""

from __future__ import annotations

import pytest

from enrollment.icao.biometric.iso19794_5 import FaceRecord, decode_face_record, encode_face_record
from enrollment.icao.errors import EncodingError


def test_face_record_lengths_are_checked() -> None:
    record = encode_face_record(FaceRecord(b"\xff\xd8jpeg", "jpeg", 1, 1))
    assert decode_face_record(record).image == b"\xff\xd8jpeg"
    with pytest.raises(EncodingError):
        decode_face_record(record[:-1])
    with pytest.raises(EncodingError):
        decode_face_record(b"XAC\x00" + record[4:])
