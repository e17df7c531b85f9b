"""DG15 (ICAO 9303 Part 10 §4.7.15 / Part 11 §6.1): the Active Authentication public key (SPKI DER).

The key must pass :func:`enrollment.icao.key_policy.check_public_key` (allowed curves, RSA between
``params.MIN_RSA_BITS`` and ``params.MAX_RSA_BITS`` bits with an exponent of at most
``params.MAX_RSA_EXPONENT_BITS`` bits): verifying costs the gate time on every passage, so a chip
cannot pick an expensive key.
"""

from __future__ import annotations

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from enrollment.icao.errors import EncodingError, TlvError, UnsupportedKeyError
from enrollment.icao.key_policy import check_public_key
from enrollment.icao.lds import registry, tlv

AaPublicKey = ec.EllipticCurvePublicKey | rsa.RSAPublicKey


def encode_dg15(public_key: AaPublicKey) -> bytes:
    spki = public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return tlv.encode(registry.dg(15).tag, spki)


def decode_dg15(data: bytes) -> AaPublicKey:
    """The AA public key; :class:`UnsupportedKeyError` for a refused key, :class:`EncodingError` otherwise."""
    try:
        spki = tlv.decode_single(data, registry.dg(15).tag).value
    except TlvError as exc:
        raise EncodingError(f"malformed DG15: {exc}") from exc
    try:
        key = serialization.load_der_public_key(spki)
    except UnsupportedAlgorithm as exc:
        raise UnsupportedKeyError(f"DG15 key: {exc}") from exc
    except (ValueError, TypeError) as exc:
        raise EncodingError(f"malformed DG15: {exc}") from exc
    try:
        return check_public_key(key)
    except UnsupportedKeyError as exc:
        raise UnsupportedKeyError(f"DG15 key refused: {exc}") from exc
