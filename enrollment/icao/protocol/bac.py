"""Basic Access Control (ICAO 9303 Part 11 §4.3): key derivation and the mutual-authentication steps.

Pure functions for both parties; the APDU exchange lives with the caller (the inspection system's
sender, the virtual card). Random values come in as arguments so the Appendix D example is a test.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from enrollment.icao.errors import AuthenticationError, SecureMessagingError
from enrollment.icao.protocol import des
from enrollment.icao.protocol.secure_messaging import SecureMessaging

CHALLENGE_LENGTH = 8
AUTH_DATA_LENGTH = 40


@dataclass(frozen=True)
class BacKeys:
    k_enc: bytes
    k_mac: bytes


@dataclass(frozen=True)
class SessionKeys:
    ks_enc: bytes
    ks_mac: bytes
    ssc: int

    def messaging(self) -> SecureMessaging:
        return SecureMessaging(self.ks_enc, self.ks_mac, self.ssc)


def key_seed(mrz_information: bytes) -> bytes:
    return hashlib.sha1(mrz_information).digest()[:16]


def derive_keys(seed: bytes) -> BacKeys:
    return BacKeys(des.derive_key(seed, des.ENC_COUNTER), des.derive_key(seed, des.MAC_COUNTER))


def bac_keys(mrz_information: bytes) -> BacKeys:
    """K_enc and K_mac from the MRZ information (document number, birth and expiry with check digits)."""
    return derive_keys(key_seed(mrz_information))


def _xor(a: bytes, b: bytes) -> bytes:
    return bytes(x ^ y for x, y in zip(a, b, strict=True))


def _cryptogram(keys: BacKeys, plain: bytes) -> bytes:
    encrypted = des.encrypt(keys.k_enc, plain)
    return encrypted + des.retail_mac(keys.k_mac, des.pad(encrypted))


def _open(keys: BacKeys, data: bytes) -> bytes:
    if len(data) != AUTH_DATA_LENGTH:
        raise AuthenticationError(f"authentication data of {len(data)} bytes (expected 40)")
    encrypted, mac = data[:32], data[32:]
    if not hmac.compare_digest(des.retail_mac(keys.k_mac, des.pad(encrypted)), mac):
        raise AuthenticationError("BAC cryptogram MAC does not verify (wrong MRZ data?)")
    try:
        return des.decrypt(keys.k_enc, encrypted)
    except SecureMessagingError as exc:  # pragma: no cover - length already checked
        raise AuthenticationError(str(exc)) from exc


def session_keys(k_ifd: bytes, k_ic: bytes, rnd_ic: bytes, rnd_ifd: bytes) -> SessionKeys:
    keys = derive_keys(_xor(k_ifd, k_ic))
    return SessionKeys(keys.k_enc, keys.k_mac, int.from_bytes(rnd_ic[-4:] + rnd_ifd[-4:], "big"))


def ifd_authenticate(keys: BacKeys, rnd_ic: bytes, rnd_ifd: bytes, k_ifd: bytes) -> bytes:
    """EXTERNAL AUTHENTICATE data: E_IFD ‖ M_IFD over S = RND.IFD ‖ RND.IC ‖ K.IFD."""
    return _cryptogram(keys, rnd_ifd + rnd_ic + k_ifd)


def chip_respond(keys: BacKeys, rnd_ic: bytes, command_data: bytes, k_ic: bytes) -> tuple[bytes, SessionKeys]:
    """The chip's side: verify the terminal's cryptogram, answer E_IC ‖ M_IC, derive session keys."""
    plain = _open(keys, command_data)
    rnd_ifd, received_rnd_ic, k_ifd = plain[:8], plain[8:16], plain[16:]
    if not hmac.compare_digest(received_rnd_ic, rnd_ic):
        raise AuthenticationError("terminal's cryptogram does not contain the chip's challenge")
    response = _cryptogram(keys, rnd_ic + rnd_ifd + k_ic)
    return response, session_keys(k_ifd, k_ic, rnd_ic, rnd_ifd)


def ifd_complete(keys: BacKeys, rnd_ic: bytes, rnd_ifd: bytes, k_ifd: bytes, response: bytes) -> SessionKeys:
    """The terminal's side: verify the chip's answer R = RND.IC ‖ RND.IFD ‖ K.IC, derive session keys."""
    plain = _open(keys, response)
    if not hmac.compare_digest(plain[:8], rnd_ic) or not hmac.compare_digest(plain[8:16], rnd_ifd):
        raise AuthenticationError("chip's cryptogram does not echo the challenges")
    return session_keys(k_ifd, plain[16:], rnd_ic, rnd_ifd)
