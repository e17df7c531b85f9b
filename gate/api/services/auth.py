"""Officer sign-in (argon2id hashes in the store, audited) and the checks behind each authenticated request."""

from __future__ import annotations

import structlog
from argon2 import PasswordHasher

from gate.api.fleet import GateFleet
from gate.api.security import TokenSigner
from gate.api.services.officers import officer_action
from gate.audit import AuditEvent
from gate.store import Gate, GateRepository, NotFoundError, Officer, OfficerRepository, read_only

log = structlog.get_logger(__name__)


class AuthService:
    def __init__(self, fleet: GateFleet, signer: TokenSigner, hasher: PasswordHasher) -> None:
        self._fleet, self.signer, self._hasher = fleet, signer, hasher

    def login(self, username: str, password: str) -> tuple[str, Officer] | None:
        """A token for valid credentials. Sign-ins and failed attempts (without the name tried) are
        audited in the service chain."""
        audit = self._fleet.audit(self._fleet.service_gate_id)
        with self._fleet.db.sessions.begin() as session:  # a login may rehash outdated parameters
            officer = OfficerRepository(session, self._hasher).authenticate(username, password)
            audit.append_in(session, AuditEvent(event_type="officer_action", reason_codes=("SIGN_IN_FAILED",))
                            if officer is None else officer_action(officer, "signed in", codes=("SIGN_IN",)))
        if officer is None:
            log.warning("officer_login_failed")
            return None
        log.info("officer_login", officer_id=officer.id)
        return self.signer.issue(officer.username), officer

    def officer(self, token: str) -> Officer | None:
        """The active officer a genuine, unexpired token names."""
        claims = self.signer.verify(token)
        if claims is None:
            return None
        with self._fleet.db.sessions() as session:
            try:
                officer = OfficerRepository(read_only(session), self._hasher).get(claims.username)
            except NotFoundError:
                return None
        return officer if officer.active else None

    def gate(self, api_key: str) -> Gate | None:
        with self._fleet.db.sessions() as session:
            return GateRepository(read_only(session)).authenticate(api_key)
