"""Active Authentication (ICAO 9303 Part 11 §6.1): the chip signs the terminal's 8-byte challenge.

* ECDSA: plain signature format of BSI TR-03111 (``r ‖ s``, each the curve's byte length), hash as
  named by DG14's ActiveAuthenticationInfo; without DG14 it is taken from the curve size (P-256 →
  SHA-256, P-384 → SHA-384, P-521 → SHA-512), which is also what this mock's chips use.
* RSA: ISO/IEC 9796-2 digital signature scheme 1 with partial message recovery. The chip chooses a
  random recoverable part M1; the representative is ``6A ‖ M1 ‖ H(M1 ‖ challenge) ‖ trailer``, with
  trailer ``BC`` for SHA-1 (implicit) or ``34CC`` for SHA-256. The raw RSA operation is modular
  exponentiation on the key's numbers (``cryptography`` exposes no raw RSA primitive); verification
  accepts both trailers.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Callable

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature

from enrollment.icao.errors import AuthenticationError, PkiError
from enrollment.icao.pki.signatures import hash_algorithm

AaPrivateKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey
AaPublicKey = ec.EllipticCurvePublicKey | rsa.RSAPublicKey
CHALLENGE_LENGTH = 8
_TRAILERS: dict[bytes, str] = {b"\xbc": "sha1", b"\x34\xcc": "sha256", b"\x36\xcc": "sha384",
                               b"\x35\xcc": "sha512"}


def default_hash(curve: ec.EllipticCurve) -> str:
    """The hash paired with a curve when DG14 names none (and the one this mock's chips use)."""
    if curve.key_size <= 256:
        return "sha256"
    return "sha384" if curve.key_size <= 384 else "sha512"


def _curve_hash(curve: ec.EllipticCurve, name: str | None = None) -> hashes.HashAlgorithm:
    chosen = name or default_hash(curve)
    try:
        return hash_algorithm(chosen)
    except PkiError:
        raise AuthenticationError(f"unsupported AA hash {chosen!r}") from None


def _coordinate_length(curve: ec.EllipticCurve) -> int:
    return (curve.key_size + 7) // 8


def sign(key: AaPrivateKey, challenge: bytes, rng: Callable[[int], bytes] = os.urandom) -> bytes:
    """The chip's INTERNAL AUTHENTICATE answer to ``challenge``."""
    if isinstance(key, ec.EllipticCurvePrivateKey):
        r, s = decode_dss_signature(key.sign(challenge, ec.ECDSA(_curve_hash(key.curve))))
        size = _coordinate_length(key.curve)
        return r.to_bytes(size, "big") + s.to_bytes(size, "big")
    numbers = key.private_numbers()
    k = (key.key_size + 7) // 8
    m1 = rng(k - 32 - 3)
    representative = b"\x6a" + m1 + hashlib.sha256(m1 + challenge).digest() + b"\x34\xcc"
    value = pow(int.from_bytes(representative, "big"), numbers.d, numbers.public_numbers.n)
    return value.to_bytes(k, "big")


def _verify_ecdsa(key: ec.EllipticCurvePublicKey, challenge: bytes, signature: bytes, hash_name: str | None) -> None:
    size = _coordinate_length(key.curve)
    if len(signature) != 2 * size:
        raise AuthenticationError(f"ECDSA AA signature of {len(signature)} bytes, expected {2 * size}")
    der = encode_dss_signature(int.from_bytes(signature[:size], "big"), int.from_bytes(signature[size:], "big"))
    try:
        key.verify(der, challenge, ec.ECDSA(_curve_hash(key.curve, hash_name)))
    except InvalidSignature:
        raise AuthenticationError("AA signature does not verify with the DG15 key") from None


def _verify_rsa(key: rsa.RSAPublicKey, challenge: bytes, signature: bytes) -> None:
    numbers = key.public_numbers()
    k = (key.key_size + 7) // 8
    value = int.from_bytes(signature, "big")
    if len(signature) != k or value >= numbers.n:
        raise AuthenticationError("RSA AA signature has the wrong size")
    representative = pow(value, numbers.e, numbers.n).to_bytes(k, "big")
    trailer = representative[-1:] if representative[-1] == 0xBC else representative[-2:]
    hash_name = _TRAILERS.get(trailer)
    if representative[0] != 0x6A or hash_name is None:
        raise AuthenticationError("AA signature is not an ISO/IEC 9796-2 scheme 1 representative")
    digest_size = hashlib.new(hash_name).digest_size
    body = representative[1 : -len(trailer)]
    m1, digest = body[:-digest_size], body[-digest_size:]
    if not hmac.compare_digest(hashlib.new(hash_name, m1 + challenge).digest(), digest):
        raise AuthenticationError("AA signature does not verify with the DG15 key")


def verify(key: AaPublicKey, challenge: bytes, signature: bytes, hash_name: str | None = None) -> None:
    """Raise :class:`AuthenticationError` unless ``signature`` answers ``challenge`` under ``key``.

    ``hash_name`` is DG14's ECDSA hash (ignored for RSA, whose trailer names it).
    """
    if isinstance(key, ec.EllipticCurvePublicKey):
        _verify_ecdsa(key, challenge, signature, hash_name)
    else:
        _verify_rsa(key, challenge, signature)
