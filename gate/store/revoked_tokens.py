"""Officer tokens signed out before they expire. Tokens are stateless (HMAC-signed, see
``gate.service.tokens``), so a sign-out is remembered by the token's id until its expiry, then forgotten."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from gate.store.models import RevokedTokenRow


class RevokedTokenRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def revoke(self, jti: str, expires_at: datetime, now: datetime) -> None:
        """Remember the token as signed out (idempotent), and forget those already expired."""
        self._session.execute(delete(RevokedTokenRow).where(RevokedTokenRow.expires_at <= now))
        if self._session.get(RevokedTokenRow, jti) is None:
            self._session.add(RevokedTokenRow(jti=jti, expires_at=expires_at))
        self._session.flush()

    def is_revoked(self, jti: str) -> bool:
        return self._session.scalar(select(RevokedTokenRow.jti).where(RevokedTokenRow.jti == jti)) is not None
