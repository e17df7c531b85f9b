"""DG15 (ICAO 9303 Part 10 §4.7.15 / Part 11 §6.1): the Active Authentication public key (SPKI DER)."""

from __future__ import annotations

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from enrollment.icao.errors import EncodingError, TlvError
from enrollment.icao.lds import registry, tlv

AaPublicKey = ec.EllipticCurvePublicKey | rsa.RSAPublicKey


def encode_dg15(public_key: AaPublicKey) -> bytes:
    spki = public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return tlv.encode(registry.dg(15).tag, spki)


MAX_RSA_BITS = 4096
MAX_RSA_EXPONENT_BITS = 32


def decode_dg15(data: bytes) -> AaPublicKey:
    try:
        spki = tlv.decode_single(data, registry.dg(15).tag).value
        key = serialization.load_der_public_key(spki)
    except (TlvError, ValueError, TypeError) as exc:
        raise EncodingError(f"malformed DG15: {exc}") from exc
    if not isinstance(key, ec.EllipticCurvePublicKey | rsa.RSAPublicKey):
        raise EncodingError(f"DG15 holds an unsupported {type(key).__name__}")
    if isinstance(key, rsa.RSAPublicKey):
        # a hostile chip could stall the gate with a huge modulus or exponent (seconds per verification)
        exponent = key.public_numbers().e
        if key.key_size > MAX_RSA_BITS or exponent.bit_length() > MAX_RSA_EXPONENT_BITS:
            raise EncodingError(f"DG15 RSA key of {key.key_size} bits, exponent of {exponent.bit_length()} bits: "
                                f"refused (at most {MAX_RSA_BITS} bits and a 32-bit exponent)")
    return key
