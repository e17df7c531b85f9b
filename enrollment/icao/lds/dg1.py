"""DG1 (ICAO 9303 Part 10 §4.7.1): the MRZ as tag 61 → 5F1F."""

from __future__ import annotations

from enrollment.icao.errors import EncodingError, TlvError
from enrollment.icao.lds import registry, tlv
from enrollment.icao.lds.mrz import Mrz, format_mrz, parse_mrz


def encode_dg1(mrz: Mrz) -> bytes:
    return tlv.encode(registry.dg(1).tag, tlv.encode(0x5F1F, format_mrz(mrz).encode("ascii")))


def decode_dg1(data: bytes) -> Mrz:
    """Decode DG1 and its MRZ, check digits included (raises :class:`EncodingError` / ``MrzError``)."""
    try:
        inner = tlv.decode_single(data, registry.dg(1).tag).value
        text = tlv.decode_single(inner, 0x5F1F).value.decode("ascii")
    except (TlvError, UnicodeDecodeError) as exc:
        raise EncodingError(f"malformed DG1: {exc}") from exc
    return parse_mrz(text)
