"""The service's own settings (``EGATE_API_*``), built by :func:`gate.api.create_app`, never at import time.

Secrets are never defaulted: the officer-token signing key comes from ``EGATE_API_TOKEN_KEY`` (at least
32 bytes, base64 or text) or from a key file created on first start with mode 0600; a short or
well-known key is refused.
"""

from __future__ import annotations

import base64
import binascii
import secrets
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from gate.key_files import create_secret_file

MIN_KEY_BYTES = 32
KNOWN_DEFAULTS = frozenset({"changeme", "change-me", "secret", "changethis", "password", "egate", "default"})


class ApiSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EGATE_API_", extra="ignore")

    token_key: SecretStr | None = Field(default=None, description="officer-token HMAC key (>= 32 bytes)")
    token_key_file: Path | None = Field(default=None, description="default <home>/keys/api-token.key")
    token_ttl_s: int = Field(default=8 * 3600, ge=60, le=7 * 24 * 3600)
    # at most 10 min: below the 15 min after which an undecided transaction stops holding its document
    transaction_ttl_s: float = Field(default=120.0, gt=0, le=600,
                                     description="a transaction waiting for frames longer is referred")
    max_frames: int = Field(default=10, ge=1, le=60)
    max_frame_bytes: int = Field(default=2 * 1024 * 1024, ge=1024, le=32 * 1024 * 1024)
    max_card_bytes: int = Field(default=1024 * 1024, ge=1024, le=16 * 1024 * 1024)
    ui: bool = Field(default=True, description="serve the kiosk and officer pages under /ui")
    sign_in_max_failures: int = Field(default=5, ge=1, le=100, description="failed sign-ins that lock a username")
    sign_in_max_client_failures: int = Field(default=20, ge=1, le=1000,
                                             description="failed sign-ins that lock a client address")
    sign_in_window_s: float = Field(default=900.0, gt=0, description="...counted over this window")
    sign_in_lockout_s: float = Field(default=900.0, gt=0, description="how long the lock lasts")


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
