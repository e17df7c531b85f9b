"""CBEFF biometric information templates (ISO/IEC 7816-11, ICAO 9303 Part 10 §4.7.2).

DG2/DG3/DG4 share one nesting: ``7F61`` group (``02`` instance count) → ``7F60`` template →
``A1`` biometric header template → ``5F2E`` biometric data block holding an ISO/IEC 19794 record.
This module knows the nesting only; the records themselves are decoded elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from enrollment.icao.errors import EncodingError, TlvError
from enrollment.icao.lds import tlv

FORMAT_OWNER_JTC1_SC37 = 0x0101
FORMAT_TYPE_FINGER_MINUTIAE = 0x0001  # ISO/IEC 19794-2
FORMAT_TYPE_FACE = 0x0008  # ISO/IEC 19794-5
BIOMETRIC_TYPE_FACE = 0x02
BIOMETRIC_TYPE_FINGER = 0x08
_MAX_INSTANCES = 32


@dataclass(frozen=True)
class BiometricHeader:
    biometric_type: int
    format_type: int
    format_owner: int = FORMAT_OWNER_JTC1_SC37
    subtype: int | None = None

    def encode(self) -> bytes:
        items = [(0x80, b"\x01\x01"), (0x81, bytes([self.biometric_type]))]
        if self.subtype is not None:
            items.append((0x82, bytes([self.subtype])))
        items += [(0x87, self.format_owner.to_bytes(2, "big")), (0x88, self.format_type.to_bytes(2, "big"))]
        return tlv.encode(0xA1, tlv.encode_many(items))


def encode_group(outer_tag: int, entries: list[tuple[BiometricHeader, bytes]]) -> bytes:
    """``outer_tag`` (75 for DG2, 63 for DG3) wrapping one ``7F61`` group of the given records."""
    templates = [tlv.encode(0x7F60, header.encode() + tlv.encode(0x5F2E, bdb)) for header, bdb in entries]
    group = tlv.encode(0x02, bytes([len(entries)])) + b"".join(templates)
    return tlv.encode(outer_tag, tlv.encode(0x7F61, group))


def _header(value: bytes) -> BiometricHeader:
    fields = {item.tag: item.value for item in tlv.decode_all(value)}
    owner = int.from_bytes(fields.get(0x87, b"\x01\x01"), "big")
    subtype = fields.get(0x82)
    return BiometricHeader(int.from_bytes(fields.get(0x81, b"\x00"), "big"),
                           int.from_bytes(fields.get(0x88, b"\x00"), "big"), owner,
                           subtype[0] if subtype else None)


def decode_group(data: bytes, outer_tag: int) -> list[tuple[BiometricHeader, bytes]]:
    """The (header, record bytes) pairs of a biometric data group; the instance count must match."""
    try:
        group = tlv.decode_single(tlv.decode_single(data, outer_tag).value, 0x7F61).children()
        count_field = tlv.find(group, 0x02).value
        if len(count_field) != 1:
            raise EncodingError("biometric instance count must be one byte")
        templates = [item for item in group if item.tag == 0x7F60]
        if count_field[0] != len(templates) or len(templates) > _MAX_INSTANCES:
            raise EncodingError(f"count says {count_field[0]} templates, found {len(templates)}")
        entries = []
        for template in templates:
            parts = template.children()
            entries.append((_header(tlv.find(parts, 0xA1).value), tlv.find(parts, 0x5F2E).value))
        return entries
    except TlvError as exc:
        raise EncodingError(f"malformed biometric group {outer_tag:X}: {exc}") from exc
