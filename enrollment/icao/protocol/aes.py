"""AES pieces of PACE and AES secure messaging (ICAO 9303 Part 11 §9.7, §9.8).

The cipher and CMAC come from ``cryptography``. Written here because ``cryptography`` has no such helper:
ISO/IEC 9797-1 padding method 2 over 16-byte blocks and the hash-based KDF of §9.7.1 (a hash of the
shared secret and a 32-bit counter), a few lines each, pinned to the Appendix G vectors in the tests.
"""

from __future__ import annotations

import hashlib

from cryptography.hazmat.primitives import cmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from enrollment.icao.errors import SecureMessagingError
from enrollment.icao.protocol.padding import iso9797_pad, iso9797_unpad

BLOCK = 16
_ZERO_IV = bytes(BLOCK)


def pad(data: bytes) -> bytes:
    """ISO/IEC 9797-1 padding method 2 to a multiple of 16 bytes (always at least one byte added)."""
    return iso9797_pad(data, BLOCK)


def unpad(data: bytes) -> bytes:
    return iso9797_unpad(data, BLOCK)


def kdf(secret: bytes, counter: int, key_length: int) -> bytes:
    """Part 11 §9.7.1: SHA-1(secret ‖ counter) for AES-128, SHA-256 for AES-192/256, truncated."""
    if key_length not in (16, 24, 32):
        raise SecureMessagingError(f"AES key length {key_length}")
    hash_name = "sha1" if key_length == 16 else "sha256"
    return hashlib.new(hash_name, secret + counter.to_bytes(4, "big")).digest()[:key_length]


def _aes(key: bytes) -> algorithms.AES:
    if len(key) not in (16, 24, 32):
        raise SecureMessagingError(f"AES key of {len(key)} bytes")
    return algorithms.AES(key)


def encrypt(key: bytes, data: bytes, iv: bytes = _ZERO_IV) -> bytes:
    """AES-CBC of block-aligned ``data`` (zero IV unless given)."""
    if len(data) % BLOCK:
        raise SecureMessagingError(f"AES input of {len(data)} bytes is not block aligned")
    enc = Cipher(_aes(key), modes.CBC(iv)).encryptor()
    return enc.update(data) + enc.finalize()


def decrypt(key: bytes, data: bytes, iv: bytes = _ZERO_IV) -> bytes:
    if len(data) % BLOCK or not data:
        raise SecureMessagingError(f"AES ciphertext of {len(data)} bytes is not block aligned")
    dec = Cipher(_aes(key), modes.CBC(iv)).decryptor()
    return dec.update(data) + dec.finalize()


def encrypt_block(key: bytes, block: bytes) -> bytes:
    """One AES block (ECB of a single block: the secure-messaging IV is E(KS_enc, SSC))."""
    enc = Cipher(_aes(key), modes.ECB()).encryptor()
    return enc.update(block) + enc.finalize()


def cmac8(key: bytes, data: bytes) -> bytes:
    """AES-CMAC truncated to 8 bytes (Part 11 §9.8.6.2 and the PACE authentication tokens)."""
    mac = cmac.CMAC(_aes(key))
    mac.update(data)
    return mac.finalize()[:8]
