"""Codec of MSE:Set AT and General Authenticate data (ICAO 9303 Part 11 §4.4.4, §6.2.4; ISO/IEC 7816-4).

``MSE:Set AT`` data: ``80`` protocol OID (value bytes only), ``83`` password reference (PACE), ``84``
domain-parameter or key identifier. General Authenticate data: one dynamic-authentication template
``7C`` holding at most one data object (``80``…``86``). Parsing raises :class:`EncodingError` only.
"""

from __future__ import annotations

from dataclasses import dataclass

from asn1crypto import core

from enrollment.icao.errors import EncodingError, TlvError
from enrollment.icao.lds import tlv
from enrollment.icao.protocol.pace_params import DYNAMIC_AUTH


@dataclass(frozen=True)
class MseSetAt:
    protocol: str  # dotted OID
    password_reference: int | None = None
    reference_id: int | None = None  # 84: domain parameter id (PACE) or key id (CA)


def _oid_value(dotted: str) -> bytes:
    return bytes(core.ObjectIdentifier(dotted).contents)


def _small_int(value: int) -> bytes:
    return value.to_bytes(max(1, (value.bit_length() + 7) // 8), "big")


def encode_mse_set_at(setting: MseSetAt) -> bytes:
    items = [(0x80, _oid_value(setting.protocol))]
    if setting.password_reference is not None:
        items.append((0x83, _small_int(setting.password_reference)))
    if setting.reference_id is not None:
        items.append((0x84, _small_int(setting.reference_id)))
    return tlv.encode_many(items)


def decode_mse_set_at(data: bytes) -> MseSetAt:
    try:
        items = {item.tag: item.value for item in tlv.decode_all(data)}
        if set(items) - {0x80, 0x83, 0x84} or 0x80 not in items:
            raise EncodingError(f"MSE:Set AT objects {sorted(f'{t:X}' for t in items)}")
        if any(len(items[t]) > 4 for t in (0x83, 0x84) if t in items):
            raise EncodingError("MSE:Set AT reference longer than 4 bytes")
        oid = core.ObjectIdentifier.load(tlv.encode(0x06, items[0x80])).dotted
    except (TlvError, ValueError, TypeError) as exc:
        raise EncodingError(f"malformed MSE:Set AT data: {exc}") from exc

    def number(tag: int) -> int | None:
        return int.from_bytes(items[tag], "big") if tag in items else None

    return MseSetAt(oid, number(0x83), number(0x84))


def encode_dynamic_auth(tag: int | None = None, value: bytes = b"") -> bytes:
    """``7C`` template with one data object, or the empty ``7C 00`` when ``tag`` is None."""
    return tlv.encode(DYNAMIC_AUTH, b"" if tag is None else tlv.encode(tag, value))


def decode_dynamic_auth(data: bytes, expected_tag: int | None) -> bytes:
    """The value of the single data object ``expected_tag`` in a ``7C`` template (empty template: None)."""
    try:
        inner = tlv.decode_single(data, DYNAMIC_AUTH).value
        items = tlv.decode_all(inner)
    except TlvError as exc:
        raise EncodingError(f"malformed General Authenticate data: {exc}") from exc
    if expected_tag is None:
        if items:
            raise EncodingError("General Authenticate data should be empty")
        return b""
    if len(items) != 1 or items[0].tag != expected_tag:
        found = [f"{item.tag:X}" for item in items]
        raise EncodingError(f"General Authenticate data holds {found}, expected [{expected_tag:X}]")
    return items[0].value
