"""DG4 (ICAO 9303 Part 10 §4.7.4): iris images as ISO/IEC 19794-6:2005 records in the CBEFF nesting that
DG2 and DG3 use (``76`` → ``7F61`` → ``7F60`` → ``A1`` header + ``5F2E`` record), one template per record.

The CBEFF header names the iris (biometric type 0x10), the eye as subtype (0x01 right, 0x02 left, absent
when a record holds both or neither) and format owner/type 0x0101/0x0009 (ISO/IEC JTC 1 SC 37, iris image).
"""

from __future__ import annotations

from enrollment.icao.biometric import cbeff
from enrollment.icao.biometric.iso19794_6 import IrisRecord, decode_iris_record, encode_iris_record
from enrollment.icao.errors import EncodingError
from enrollment.icao.lds import registry

BIOMETRIC_TYPE_IRIS = 0x10
FORMAT_TYPE_IRIS_IMAGE = 0x0009
_SUBTYPES = {"right": 0x01, "left": 0x02}


def header_for(record: IrisRecord) -> cbeff.BiometricHeader:
    eyes = {image.eye for image in record.images}
    subtype = _SUBTYPES.get(next(iter(eyes))) if len(eyes) == 1 else None
    return cbeff.BiometricHeader(BIOMETRIC_TYPE_IRIS, FORMAT_TYPE_IRIS_IMAGE, subtype=subtype)


def encode_dg4(records: list[IrisRecord]) -> bytes:
    if not records:
        raise EncodingError("DG4 needs at least one iris record")
    return cbeff.encode_group(registry.dg(4).tag, [(header_for(r), encode_iris_record(r)) for r in records])


def decode_dg4(data: bytes) -> list[IrisRecord]:
    out = []
    for header, bdb in cbeff.decode_group(data, registry.dg(4).tag):
        if header.biometric_type != BIOMETRIC_TYPE_IRIS or header.format_type != FORMAT_TYPE_IRIS_IMAGE:
            raise EncodingError(f"DG4 template of biometric type {header.biometric_type:#x}, "
                                f"format {header.format_type:#06x}: not an iris image")
        out.append(decode_iris_record(bdb))
    return out
