"""DG3 (ICAO 9303 Part 10 §4.7.3): fingerprints, here ISO/IEC 19794-2 minutiae records (``FMR\\0``).

The records are carried as given; decoding minutiae belongs to ``matcher/finger``. Only the magic
is checked so that a wrong file is not enrolled by mistake.
"""

from __future__ import annotations

from enrollment.icao.biometric import cbeff
from enrollment.icao.errors import EncodingError
from enrollment.icao.lds import registry

FMR_MAGIC = b"FMR\x00"
_HEADER = cbeff.BiometricHeader(cbeff.BIOMETRIC_TYPE_FINGER, cbeff.FORMAT_TYPE_FINGER_MINUTIAE)


def check_minutiae_record(record: bytes) -> bytes:
    if not record.startswith(FMR_MAGIC) or len(record) < 24:
        raise EncodingError("not an ISO/IEC 19794-2 finger minutiae record (expected FMR\\0 header)")
    return record


def encode_dg3(records: list[bytes]) -> bytes:
    return cbeff.encode_group(registry.dg(3).tag, [(_HEADER, check_minutiae_record(r)) for r in records])


def decode_dg3(data: bytes) -> list[bytes]:
    return [check_minutiae_record(bdb) for _, bdb in cbeff.decode_group(data, registry.dg(3).tag)]
