"""DG13 of the Vietnamese chip ID card (CCCD): personal data in UTF-8.

DG13 is "optional details" in ICAO 9303, left to the issuing state. Vietnam's layout is known only from
reverse-engineered community readers (a sequence of ``30`` items, each an ``INTEGER`` field index and a
``UTF8String`` value); this module writes that shape with the field numbering below, which is our own
choice, not an official specification. Unknown indices are ignored on decoding.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from enrollment.icao.errors import EncodingError, TlvError
from enrollment.icao.lds import registry, tlv


@dataclass(frozen=True)
class Dg13Fields:
    id_number: str = ""
    full_name: str = ""
    birth_date: str = ""  # DD/MM/YYYY as printed on the card
    sex: str = ""
    nationality: str = ""
    ethnicity: str = ""
    religion: str = ""
    place_of_origin: str = ""
    place_of_residence: str = ""
    identifying_features: str = ""
    issue_date: str = ""
    expiry_date: str = ""
    father_name: str = ""
    mother_name: str = ""
    spouse_name: str = ""
    old_id_number: str = ""


_NAMES = tuple(f.name for f in fields(Dg13Fields))


def encode_dg13(data: Dg13Fields) -> bytes:
    items = []
    for index, name in enumerate(_NAMES, start=1):
        value = getattr(data, name)
        if value:
            body = tlv.encode(0x02, bytes([index])) + tlv.encode(0x0C, value.encode("utf-8"))
            items.append(tlv.encode(0x30, body))
    return tlv.encode(registry.dg(13).tag, b"".join(items))


def decode_dg13(data: bytes) -> Dg13Fields:
    values: dict[str, str] = {}
    try:
        for item in tlv.decode_single(data, registry.dg(13).tag).children():
            if item.tag != 0x30:
                continue
            parts = item.children()
            index = int.from_bytes(tlv.find(parts, 0x02).value, "big")
            if 1 <= index <= len(_NAMES):
                values[_NAMES[index - 1]] = tlv.find(parts, 0x0C).value.decode("utf-8")
    except (TlvError, UnicodeDecodeError) as exc:
        raise EncodingError(f"malformed DG13: {exc}") from exc
    return Dg13Fields(**values)
