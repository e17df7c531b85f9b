"""BER-TLV codec for the ICAO LDS (ISO/IEC 7816-4 Annex D / X.690 BER tag and length rules).

Written by hand rather than with asn1crypto because LDS files use application and context tags with
implicit, non-ASN.1-module structure (``5F1F``, ``7F61``, ``5C`` tag lists) and because the reader must
bound every length *before* allocating: a length field is accepted only when the bytes it claims are
actually present, and length fields longer than 4 bytes are refused, so a header claiming gigabytes
costs nothing. CMS and X.509 inside EF.SOD and DG15 are left to asn1crypto and cryptography.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from enrollment.icao.errors import TlvError

MAX_LENGTH_OCTETS = 4


@dataclass(frozen=True)
class Tlv:
    tag: int
    value: bytes

    @property
    def constructed(self) -> bool:
        first = self.tag.to_bytes((self.tag.bit_length() + 7) // 8 or 1, "big")[0]
        return bool(first & 0x20)

    def children(self) -> list[Tlv]:
        return decode_all(self.value)


def encode_tag(tag: int) -> bytes:
    if tag < 0:
        raise TlvError(f"negative tag {tag}")
    return tag.to_bytes((tag.bit_length() + 7) // 8 or 1, "big")


def encode_length(length: int) -> bytes:
    if length < 0:
        raise TlvError(f"negative length {length}")
    if length < 0x80:
        return bytes([length])
    body = length.to_bytes((length.bit_length() + 7) // 8, "big")
    if len(body) > MAX_LENGTH_OCTETS:
        raise TlvError(f"length {length} needs more than {MAX_LENGTH_OCTETS} octets")
    return bytes([0x80 | len(body)]) + body


def encode(tag: int, value: bytes) -> bytes:
    return encode_tag(tag) + encode_length(len(value)) + value


def encode_many(items: Iterable[tuple[int, bytes]]) -> bytes:
    return b"".join(encode(tag, value) for tag, value in items)


def read_tag(data: bytes, offset: int) -> tuple[int, int]:
    """Decode the tag at ``offset``; return ``(tag, offset after it)``."""
    if offset >= len(data):
        raise TlvError(f"truncated TLV: no tag at offset {offset}")
    first = data[offset]
    tag, pos = first, offset + 1
    if first & 0x1F == 0x1F:
        while True:
            if pos >= len(data):
                raise TlvError(f"truncated multi-byte tag at offset {offset}")
            if pos - offset >= 4:
                raise TlvError(f"tag at offset {offset} longer than 4 bytes")
            byte = data[pos]
            tag, pos = (tag << 8) | byte, pos + 1
            if not byte & 0x80:
                break
    return tag, pos


def read_length(data: bytes, offset: int) -> tuple[int, int]:
    """Decode the length at ``offset``; return ``(length, offset after it)``. Indefinite form is refused."""
    if offset >= len(data):
        raise TlvError(f"truncated TLV: no length at offset {offset}")
    first = data[offset]
    if first < 0x80:
        return first, offset + 1
    count = first & 0x7F
    if count == 0:
        raise TlvError(f"indefinite length at offset {offset} is not allowed in the LDS")
    if count > MAX_LENGTH_OCTETS:
        raise TlvError(f"length field of {count} octets at offset {offset} (at most {MAX_LENGTH_OCTETS})")
    end = offset + 1 + count
    if end > len(data):
        raise TlvError(f"truncated length field at offset {offset}")
    return int.from_bytes(data[offset + 1 : end], "big"), end


def read_header(data: bytes, offset: int = 0) -> tuple[int, int, int]:
    """``(tag, value length, header length)`` of the TLV at ``offset``; the value need not be present."""
    tag, pos = read_tag(data, offset)
    length, pos = read_length(data, pos)
    return tag, length, pos - offset


def decode_one(data: bytes, offset: int = 0) -> tuple[Tlv, int]:
    """Decode one TLV at ``offset``; return it and the offset after it."""
    tag, length, header = read_header(data, offset)
    start = offset + header
    if length > len(data) - start:
        raise TlvError(
            f"TLV {tag:X} at offset {offset} claims {length} bytes, only {len(data) - start} present"
        )
    return Tlv(tag, bytes(data[start : start + length])), start + length


def decode_all(data: bytes) -> list[Tlv]:
    """Decode a concatenation of TLVs that must fill ``data`` exactly."""
    items: list[Tlv] = []
    offset = 0
    while offset < len(data):
        item, offset = decode_one(data, offset)
        items.append(item)
    return items


def decode_single(data: bytes, expected_tag: int) -> Tlv:
    """Decode ``data`` as exactly one TLV with ``expected_tag`` (trailing bytes are an error)."""
    item, end = decode_one(data)
    if item.tag != expected_tag:
        raise TlvError(f"expected tag {expected_tag:X}, found {item.tag:X}")
    if end != len(data):
        raise TlvError(f"{len(data) - end} trailing bytes after tag {expected_tag:X}")
    return item


def find(items: Iterable[Tlv], tag: int) -> Tlv:
    for item in items:
        if item.tag == tag:
            return item
    raise TlvError(f"required tag {tag:X} not found")
