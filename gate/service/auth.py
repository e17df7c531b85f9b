"""Officer sign-in (argon2id hashes in the store, audited) and the checks behind each authenticated request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import structlog
from argon2 import PasswordHasher

from gate.audit import AuditEvent
from gate.service.client_address import TrustedProxies
from gate.service.fleet import GateFleet
from gate.service.officers import officer_action
from gate.service.sign_in_throttle import SignInThrottle
from gate.service.tokens import TokenClaims, TokenSigner
from gate.store import (
    Gate,
    GateRepository,
    NotFoundError,
    Officer,
    OfficerRepository,
    RevokedTokenRepository,
    read_only,
)

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class SignInLocked:
    """Too many failed sign-ins for this username or from this client: try again after ``retry_after_s``."""

    retry_after_s: float


class AuthService:
    def __init__(self, fleet: GateFleet, signer: TokenSigner, hasher: PasswordHasher,
                 throttle: SignInThrottle | None = None, proxies: TrustedProxies | None = None) -> None:
        self._fleet, self.signer, self._hasher = fleet, signer, hasher
        self._throttle = throttle or SignInThrottle()
        self.proxies = proxies or TrustedProxies()

    def login(
        self, username: str, password: str, client: str | None = None
    ) -> tuple[str, Officer] | SignInLocked | None:
        """A token for valid credentials. Sign-ins and failed attempts (without the name tried) are
        audited in the service chain; an attempt while the username or client is locked is refused
        without checking the password and without an audit record (the lock was audited when it began)."""
        keys = self._throttle.keys(username, client)
        wait = self._throttle.retry_after(keys)
        if wait is not None:
            log.warning("officer_login_throttled")
            return SignInLocked(wait)
        audit = self._fleet.audit(self._fleet.service_gate_id)
        with self._fleet.db.sessions.begin() as session:  # a login may rehash outdated parameters
            officer = OfficerRepository(session, self._hasher).authenticate(username, password)
            if officer is None:
                locked = self._throttle.failed(keys)
                codes = ("SIGN_IN_FAILED", "SIGN_IN_LOCKED") if locked else ("SIGN_IN_FAILED",)
                audit.append_in(session, AuditEvent(event_type="officer_action", reason_codes=codes))
            else:
                self._throttle.succeeded(username)
                audit.append_in(session, officer_action(officer, "signed in", codes=("SIGN_IN",)))
        if officer is None:
            log.warning("officer_login_failed")
            return None
        log.info("officer_login", officer_id=officer.id)
        return self.signer.issue(officer.username), officer

    def officer(self, token: str) -> Officer | None:
        """The active officer a genuine, unexpired, not signed-out token names."""
        claims = self.signer.verify(token)
        return None if claims is None else self._holder(claims)

    def sign_out(self, token: str) -> bool:
        """Revoke this one token (the officer's other sessions stay valid), audited; False when the token
        is not a valid one to begin with."""
        claims = self.signer.verify(token)
        officer = None if claims is None else self._holder(claims)
        if claims is None or officer is None:
            return False
        audit = self._fleet.audit(self._fleet.service_gate_id)
        with self._fleet.db.sessions.begin() as session:
            RevokedTokenRepository(session).revoke(
                claims.token_id, datetime.fromtimestamp(claims.expires_at, UTC), datetime.now(UTC)
            )
            audit.append_in(session, officer_action(officer, "signed out", codes=("SIGN_OUT",)))
        log.info("officer_logout", officer_id=officer.id)
        return True

    def _holder(self, claims: TokenClaims) -> Officer | None:
        with self._fleet.db.sessions() as session:
            read_only(session)
            if RevokedTokenRepository(session).is_revoked(claims.token_id):
                return None
            try:
                officer = OfficerRepository(session, self._hasher).get(claims.username)
            except NotFoundError:
                return None
        return officer if officer.active else None

    def gate(self, api_key: str) -> Gate | None:
        with self._fleet.db.sessions() as session:
            return GateRepository(read_only(session)).authenticate(api_key)
