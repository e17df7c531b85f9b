"""Tickets for the live event stream: ``EventSource`` cannot send an ``Authorization`` header, so the page
trades its bearer token (an authenticated POST) for a ticket it puts in the stream's URL.

A ticket is single-purpose (signed under its own domain: it is no bearer token and no bearer token is a
ticket), short-lived (30 s to connect with it), single-use (in this process: a ticket in a proxy's log
cannot be replayed) and names the bearer token it came from (its id and expiry), so the stream ends when
that token is signed out or expires, or the officer is deactivated.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import threading
import time
from collections.abc import Callable

from gate.service.tokens import TokenClaims
from gate.store import Database, NotFoundError, Officer, OfficerRepository, RevokedTokenRepository, read_only

PREFIX = "egs1"
_DOMAIN = b"egate/event-stream-ticket/v1\x00"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


class TicketBook:
    def __init__(self, key: bytes, ttl_s: float = 30.0, clock: Callable[[], float] = time.time) -> None:
        self._key = hmac.new(key, _DOMAIN, hashlib.sha256).digest()
        self.ttl_s, self._clock = ttl_s, clock
        self._used: dict[str, float] = {}  # ticket id -> its expiry (forgotten once expired)
        self._lock = threading.Lock()

    def issue(self, bearer: TokenClaims) -> str:
        claims = {"sub": bearer.username, "jti": bearer.token_id, "bexp": bearer.expires_at,
                  "tid": secrets.token_urlsafe(12), "exp": self._clock() + self.ttl_s}
        payload = _b64(json.dumps(claims, separators=(",", ":"), sort_keys=True).encode())
        return f"{PREFIX}.{payload}.{self._mac(payload)}"

    def redeem(self, ticket: str) -> TokenClaims | None:
        """The bearer token's claims, once: None for a forged, expired or already used ticket."""
        parts = ticket.split(".")
        if len(parts) != 3 or parts[0] != PREFIX or not ticket.isascii():
            return None
        if not hmac.compare_digest(self._mac(parts[1]).encode(), parts[2].encode()):
            return None
        try:
            claims = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
            bearer = TokenClaims(str(claims["sub"]), str(claims["jti"]), int(claims["bexp"]))
            ticket_id, expires = str(claims["tid"]), float(claims["exp"])
        except (binascii.Error, ValueError, KeyError, TypeError):
            return None
        now = self._clock()
        with self._lock:
            self._used = {k: v for k, v in self._used.items() if v > now}
            if expires <= now or ticket_id in self._used:
                return None
            self._used[ticket_id] = expires
        return bearer

    def _mac(self, payload: str) -> str:
        return _b64(hmac.new(self._key, f"{PREFIX}.{payload}".encode(), hashlib.sha256).digest())


def ticket_holder(db: Database, claims: TokenClaims) -> Officer | None:
    """The active officer whose bearer token (named by the ticket) is unexpired and not signed out."""
    if claims.expires_at <= time.time():
        return None
    with db.sessions() as session:
        read_only(session)
        if RevokedTokenRepository(session).is_revoked(claims.token_id):
            return None
        try:
            officer = OfficerRepository(session).get(claims.username)
        except NotFoundError:
            return None
    return officer if officer.active else None
