"""3DES primitives for BAC and secure messaging (ICAO 9303 Part 11 §9.7, §9.8).

The block ciphers come from ``cryptography`` (its ``decrepit`` TripleDES: 3DES is legacy, but BAC
mandates it). ISO/IEC 9797-1 padding method 2, the retail MAC (MAC algorithm 3) and the SHA-1 key
derivation are a few lines each and are not offered by ``cryptography``, so they are written here and
pinned to the ICAO Part 11 Appendix D test vectors.
"""

from __future__ import annotations

import hashlib

from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives.ciphers import Cipher, modes

from enrollment.icao.errors import SecureMessagingError
from enrollment.icao.protocol.padding import iso9797_pad, iso9797_unpad

BLOCK = 8
_ZERO_IV = bytes(BLOCK)
ENC_COUNTER = 1
MAC_COUNTER = 2


def pad(data: bytes) -> bytes:
    """ISO/IEC 9797-1 padding method 2: append 0x80 then zeros up to a multiple of 8."""
    return iso9797_pad(data, BLOCK)


def unpad(data: bytes) -> bytes:
    return iso9797_unpad(data, BLOCK)


def _adjust_parity(key: bytes) -> bytes:
    return bytes((b & 0xFE) | ((bin(b >> 1).count("1") + 1) % 2) for b in key)


def derive_key(seed: bytes, counter: int) -> bytes:
    """Part 11 §9.7.1: 3DES two-key (16 bytes) = parity-adjusted SHA-1(seed ‖ counter)[0:16]."""
    digest = hashlib.sha1(seed + counter.to_bytes(4, "big")).digest()
    return _adjust_parity(digest[:16])


def _cipher(key: bytes) -> Cipher[modes.CBC]:
    if len(key) not in (8, 16, 24):
        raise SecureMessagingError(f"3DES key of {len(key)} bytes")
    full = key * 3 if len(key) == 8 else key + key[:8] if len(key) == 16 else key
    return Cipher(TripleDES(full), modes.CBC(_ZERO_IV))


def encrypt(key: bytes, data: bytes) -> bytes:
    """3DES-CBC with a zero IV; ``data`` must already be a multiple of 8 bytes."""
    if len(data) % BLOCK:
        raise SecureMessagingError(f"3DES input of {len(data)} bytes is not block aligned")
    enc = _cipher(key).encryptor()
    return enc.update(data) + enc.finalize()


def decrypt(key: bytes, data: bytes) -> bytes:
    if len(data) % BLOCK or not data:
        raise SecureMessagingError(f"3DES ciphertext of {len(data)} bytes is not block aligned")
    dec = _cipher(key).decryptor()
    return dec.update(data) + dec.finalize()


def retail_mac(key: bytes, data: bytes) -> bytes:
    """ISO/IEC 9797-1 MAC algorithm 3 with DES over already padded ``data``; key = K1 ‖ K2 (16 bytes)."""
    if len(key) != 16:
        raise SecureMessagingError(f"retail MAC key must be 16 bytes, got {len(key)}")
    k1, k2 = key[:8], key[8:]
    last = encrypt(k1, data)[-BLOCK:]
    dec = _cipher(k2).decryptor()
    step = dec.update(last) + dec.finalize()
    return encrypt(k1, step)
