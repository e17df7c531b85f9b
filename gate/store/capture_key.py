"""The capture key and the AES-GCM cipher of the vault.

The 256-bit key comes from ``EGATE_CAPTURE_KEY`` (base64) when set, else from a key file holding the
base64 key (created with mode 0600 by :func:`create_capture_key_file`). Keys are named by a short id
(a hash of the key) stored beside every blob, so a key rotation can tell which key a blob needs.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from collections.abc import Mapping
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from gate.key_files import create_secret_file
from gate.store.errors import CaptureDecryptError, CaptureKeyError

KEY_ENV = "EGATE_CAPTURE_KEY"
AAD_PREFIX = b"egate-capture-v1|"
NONCE_BYTES = 12


def _decode(text: str, origin: str) -> bytes:
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise CaptureKeyError(f"capture key from {origin} is not base64") from exc
    if len(key) != 32:
        raise CaptureKeyError(f"capture key from {origin} must be 32 bytes, got {len(key)}")
    return key


def load_capture_key(path: Path | None = None, environ: Mapping[str, str] | None = None) -> bytes:
    """The key from ``EGATE_CAPTURE_KEY`` if set, else from ``path``."""
    env = os.environ if environ is None else environ
    if env.get(KEY_ENV):
        return _decode(env[KEY_ENV], KEY_ENV)
    if path is None:
        raise CaptureKeyError(f"no capture key: set {KEY_ENV} or configure a key file")
    try:
        return _decode(path.read_text(encoding="ascii"), str(path))
    except (OSError, UnicodeDecodeError) as exc:
        raise CaptureKeyError(f"cannot read capture key file {path}") from exc


def create_capture_key_file(path: Path) -> bytes:
    """Write a new random key to ``path`` (mode 0600); refuses to overwrite an existing file."""
    key = AESGCM.generate_key(bit_length=256)
    if not create_secret_file(path, base64.b64encode(key) + b"\n"):
        raise CaptureKeyError(f"capture key file {path} exists")
    return key


class CaptureCipher:
    """AES-256-GCM with a random nonce per blob and the transaction id as associated data."""

    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise CaptureKeyError("capture key must be 32 bytes")
        self._aead = AESGCM(key)
        self.key_id = hashlib.sha256(b"egate-capture-key|" + key).hexdigest()[:16]

    def encrypt(self, transaction_id: str, data: bytes) -> tuple[bytes, bytes]:
        nonce = os.urandom(NONCE_BYTES)
        return nonce, self._aead.encrypt(nonce, data, AAD_PREFIX + transaction_id.encode())

    def decrypt(self, transaction_id: str, nonce: bytes, ciphertext: bytes) -> bytes:
        try:
            return self._aead.decrypt(nonce, ciphertext, AAD_PREFIX + transaction_id.encode())
        except (InvalidTag, ValueError) as exc:
            raise CaptureDecryptError(
                f"capture of transaction {transaction_id} does not decrypt: wrong key or tampered blob"
            ) from exc
