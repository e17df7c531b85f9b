"""DG2 (ICAO 9303 Part 10 §4.7.2): encoded face as ISO/IEC 19794-5 records in the CBEFF nesting."""

from __future__ import annotations

from enrollment.icao.biometric import cbeff
from enrollment.icao.biometric.iso19794_5 import FaceRecord, decode_face_record, encode_face_record
from enrollment.icao.lds import registry

_HEADER = cbeff.BiometricHeader(cbeff.BIOMETRIC_TYPE_FACE, cbeff.FORMAT_TYPE_FACE)


def encode_dg2(faces: list[FaceRecord]) -> bytes:
    return cbeff.encode_group(registry.dg(2).tag, [(_HEADER, encode_face_record(f)) for f in faces])


def decode_dg2(data: bytes) -> list[FaceRecord]:
    return [decode_face_record(bdb) for _, bdb in cbeff.decode_group(data, registry.dg(2).tag)]
