"""PACE with ECDH Generic Mapping and AES-128 (ICAO 9303 Part 11 §4.4): the pure cryptographic steps.

Both parties use these functions; the APDUs live with the callers (the inspection side's
:mod:`enrollment.icao.inspection.pace_sender`, the chip's :mod:`enrollment.icao.chip.pace_responder`).
Random values come in as arguments, so the Appendix G.1 worked example is a test.

1. Password key ``K_π = KDF(f(π), 3)``: ``f(π)`` is the CAN's ASCII digits or ``SHA-1(MRZ information)``.
2. The chip sends ``z = E(K_π, s)`` (AES-CBC, zero IV) for a random nonce ``s``.
3. Mapping: both exchange ``PK_map = SK_map · G``; ``G' = s·G + SK_map · PK_map(other)``.
4. Key agreement on ``G'``: ``K = x(SK_eph · PK_eph(other))``, ``KS_enc = KDF(K,1)``, ``KS_mac = KDF(K,2)``.
5. Tokens: ``T = CMAC(KS_mac, 7F49{06 OID, 86 PK_eph(other)})`` truncated to 8 bytes, checked by each side.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass

from asn1crypto import core

from enrollment.icao.errors import EncodingError, PaceError, SecureMessagingError
from enrollment.icao.lds import tlv
from enrollment.icao.protocol import aes, ec_points
from enrollment.icao.protocol.aes_sm import AesSecureMessaging
from enrollment.icao.protocol.ec_points import Point
from enrollment.icao.protocol.pace_params import (
    CAN_LENGTH,
    ENC_COUNTER,
    KEY_LENGTH,
    MAC_COUNTER,
    NONCE_LENGTH,
    OID_TAG,
    PASSWORD_CAN,
    PASSWORD_COUNTER,
    PASSWORD_MRZ,
    PUBLIC_KEY_OBJECT,
    PUBLIC_POINT,
    DomainParameters,
)


@dataclass(frozen=True)
class PacePassword:
    reference: int  # PASSWORD_MRZ or PASSWORD_CAN (tag 83 of MSE:Set AT)
    secret: bytes  # f(π)

    @property
    def name(self) -> str:
        return "CAN" if self.reference == PASSWORD_CAN else "MRZ"


@dataclass(frozen=True)
class SessionKeys:
    ks_enc: bytes
    ks_mac: bytes

    def messaging(self) -> AesSecureMessaging:
        return AesSecureMessaging(self.ks_enc, self.ks_mac, 0)


@dataclass(frozen=True)
class EphemeralKey:
    private: int
    public: bytes  # uncompressed point


def mrz_password(mrz_information: bytes) -> PacePassword:
    """``f(π) = SHA-1(document number ‖ check digit ‖ birth ‖ check digit ‖ expiry ‖ check digit)``."""
    return PacePassword(PASSWORD_MRZ, hashlib.sha1(mrz_information).digest())


def can_password(can: str) -> PacePassword:
    if len(can) != CAN_LENGTH or not can.isascii() or not can.isdigit():
        raise PaceError(f"PACE: a CAN is {CAN_LENGTH} digits")
    return PacePassword(PASSWORD_CAN, can.encode("ascii"))


def password_key(password: PacePassword) -> bytes:
    return aes.kdf(password.secret, PASSWORD_COUNTER, KEY_LENGTH)


def encrypt_nonce(k_pi: bytes, nonce: bytes) -> bytes:
    return aes.encrypt(k_pi, nonce)


def decrypt_nonce(k_pi: bytes, encrypted: bytes) -> bytes:
    if len(encrypted) != NONCE_LENGTH:
        raise PaceError(f"PACE: encrypted nonce of {len(encrypted)} bytes (expected {NONCE_LENGTH})")
    try:
        return aes.decrypt(k_pi, encrypted)
    except SecureMessagingError as exc:  # pragma: no cover - length checked above
        raise PaceError(str(exc)) from exc


def mapping_key(params: DomainParameters, rng: Callable[[int], bytes]) -> EphemeralKey:
    private = ec_points.random_scalar(params, rng)
    return EphemeralKey(private, ec_points.encode_point(params, ec_points.base_multiply(params, private)))


def agreement_key(params: DomainParameters, nonce: bytes, own_mapping: EphemeralKey, peer_mapping_key: bytes,
                  private: int) -> EphemeralKey:
    """The ephemeral key pair on ``G'`` (what :func:`key_on` of :func:`mapped_generator` gives, faster)."""
    try:
        peer = ec_points.decode_point(params, peer_mapping_key)
        point = ec_points.mapped_multiply(params, nonce, own_mapping.private, peer, private)
    except EncodingError as exc:
        raise PaceError(f"PACE mapping failed: {exc}") from exc
    return EphemeralKey(private, ec_points.encode_point(params, point))


def key_on(params: DomainParameters, generator: Point, private: int) -> EphemeralKey:
    """``private · generator`` as an ephemeral key pair (for the mapping on G, the agreement on G')."""
    return EphemeralKey(private, ec_points.encode_point(params, ec_points.multiply(params, generator, private)))


def mapped_generator(params: DomainParameters, nonce: bytes, own: EphemeralKey, peer_mapping_key: bytes) -> Point:
    try:
        peer = ec_points.decode_point(params, peer_mapping_key)
        return ec_points.map_generator(params, nonce, own.private, peer)
    except EncodingError as exc:
        raise PaceError(f"PACE mapping failed: {exc}") from exc


def session_keys(shared_secret: bytes) -> SessionKeys:
    return SessionKeys(aes.kdf(shared_secret, ENC_COUNTER, KEY_LENGTH), aes.kdf(shared_secret, MAC_COUNTER, KEY_LENGTH))


def agree(params: DomainParameters, own: EphemeralKey, peer_key: bytes, peer_mapping_key: bytes) -> SessionKeys:
    """Key agreement on G'; a peer re-using its mapping key as agreement key is refused (Part 11 §4.4.3.4)."""
    if hmac.compare_digest(peer_key, peer_mapping_key):
        raise PaceError("PACE: the peer's agreement key equals its mapping key")
    try:
        return session_keys(ec_points.shared_x(params, own.private, peer_key))
    except EncodingError as exc:
        raise PaceError(f"PACE key agreement failed: {exc}") from exc


def public_key_object(protocol: str, point: bytes) -> bytes:
    """The public key data object ``7F49 { 06 protocol OID, 86 point }`` the tokens are computed over."""
    oid = tlv.encode(OID_TAG, bytes(core.ObjectIdentifier(protocol).contents))
    return tlv.encode(PUBLIC_KEY_OBJECT, oid + tlv.encode(PUBLIC_POINT, point))


def token(keys: SessionKeys, protocol: str, peer_key: bytes) -> bytes:
    """The authentication token one side sends: a MAC over the *other* side's agreement key."""
    return aes.cmac8(keys.ks_mac, public_key_object(protocol, peer_key))


def verify_token(keys: SessionKeys, protocol: str, own_key: bytes, received: bytes) -> None:
    if not hmac.compare_digest(token(keys, protocol, own_key), received):
        raise PaceError("PACE authentication token does not verify (wrong CAN or MRZ?)")
