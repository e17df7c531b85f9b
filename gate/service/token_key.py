"""The officer-token signing key. Secrets are never defaulted: it comes from ``EGATE_API__TOKEN_KEY`` (at
least 32 bytes, base64 or text) or from a key file created on first start with mode 0600; a short or
well-known key is refused.
"""

from __future__ import annotations

import base64
import binascii
import secrets
from pathlib import Path

from gate.key_files import create_secret_file
from gate.settings import ApiSettings

MIN_KEY_BYTES = 32
KNOWN_DEFAULTS = frozenset({"changeme", "change-me", "secret", "changethis", "password", "egate", "default"})


class WeakSecretError(ValueError):
    pass


def _check(key: bytes) -> bytes:
    if len(key) < MIN_KEY_BYTES or key.decode("latin-1").strip().lower() in KNOWN_DEFAULTS:
        raise WeakSecretError(f"the API token key must be at least {MIN_KEY_BYTES} random bytes")
    return key


def _decode(text: str) -> bytes:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    return raw if len(raw) >= MIN_KEY_BYTES else text.strip().encode()


def token_key(settings: ApiSettings, home: Path) -> bytes:
    """The configured key, else the key file (created 0600 with 32 random bytes when absent)."""
    if settings.token_key is not None:
        return _check(_decode(settings.token_key.get_secret_value()))
    path = settings.token_key_file or home / "keys" / "api-token.key"
    if not path.exists():
        create_secret_file(path, base64.b64encode(secrets.token_bytes(MIN_KEY_BYTES)) + b"\n")
    return _check(_decode(path.read_text()))
