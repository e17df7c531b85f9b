"""Authentication material: HMAC-signed officer bearer tokens.

A token is ``egt1.<payload>.<mac>``: the payload (base64url JSON) names the officer, a random token id
and the expiry; the MAC is HMAC-SHA256 under the service's token key. Tokens are stateless, so several
server processes sharing the key accept each other's tokens; the officer's role and active flag are
re-read from the database on every request, so a deactivated account or a lowered role takes effect at
once. Kiosks authenticate with their gate's API key (header ``X-Gate-Key``), checked against the
stored SHA-256 by :class:`gate.store.GateRepository`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

PREFIX = "egt1"
GATE_KEY_HEADER = "X-Gate-Key"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class TokenClaims:
    username: str
    token_id: str
    expires_at: int


class TokenSigner:
    def __init__(self, key: bytes, ttl_s: int, clock: Callable[[], float] = time.time) -> None:
        self._key = key
        self.ttl_s = ttl_s
        self._clock = clock

    def issue(self, username: str) -> str:
        claims = {"sub": username, "jti": secrets.token_urlsafe(16), "exp": int(self._clock()) + self.ttl_s}
        payload = _b64(json.dumps(claims, separators=(",", ":"), sort_keys=True).encode())
        return f"{PREFIX}.{payload}.{self._mac(payload)}"

    def verify(self, token: str) -> TokenClaims | None:
        """The claims of a genuine, unexpired token, else ``None``."""
        parts = token.split(".")
        if len(parts) != 3 or parts[0] != PREFIX or not token.isascii():  # compare_digest takes ASCII only
            return None
        if not hmac.compare_digest(self._mac(parts[1]).encode(), parts[2].encode()):
            return None
        try:
            claims = json.loads(_unb64(parts[1]))
            result = TokenClaims(str(claims["sub"]), str(claims["jti"]), int(claims["exp"]))
        except (binascii.Error, ValueError, KeyError, TypeError):
            return None
        return result if result.expires_at > self._clock() else None

    def _mac(self, payload: str) -> str:
        return _b64(hmac.new(self._key, f"{PREFIX}.{payload}".encode(), hashlib.sha256).digest())
