"""The desk's operator references: each clerk's or supervisor's own DG2-style portrait, enrolled once, so
that an applicant who is the operator is caught (``OPERATOR_MATCH``). AES-256-GCM with the capture key,
bound to the desk and the account's audit code."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import LargeBinary, String, delete
from sqlalchemy.orm import Mapped, Session, mapped_column

from gate.store.capture_key import CaptureCipher
from gate.store.clock import Clock, utc_now
from gate.store.models import Base, UtcDateTime


class DeskOperatorFaceRow(Base):
    __tablename__ = "desk_operator_faces"
    desk_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    operator: Mapped[str] = mapped_column(String(64), primary_key=True)  # the account's audit code
    nonce: Mapped[bytes] = mapped_column(LargeBinary(12))
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    key_id: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


def _aad(desk_id: str, operator: str) -> str:
    return f"desk-operator:{desk_id}:{operator}"


class DeskOperatorFaces:
    def __init__(self, session: Session, cipher: CaptureCipher, clock: Clock = utc_now) -> None:
        self._session, self._cipher, self._clock = session, cipher, clock

    def put(self, desk_id: str, operator: str, portrait: bytes) -> None:
        """Enrol (or replace) the operator's reference portrait."""
        self._session.execute(delete(DeskOperatorFaceRow).where(
            DeskOperatorFaceRow.desk_id == desk_id, DeskOperatorFaceRow.operator == operator))
        nonce, ciphertext = self._cipher.encrypt(_aad(desk_id, operator), portrait)
        self._session.add(DeskOperatorFaceRow(desk_id=desk_id, operator=operator, nonce=nonce, ciphertext=ciphertext,
                                              key_id=self._cipher.key_id, created_at=self._clock()))
        self._session.flush()

    def get(self, desk_id: str, operator: str) -> bytes | None:
        row = self._session.get(DeskOperatorFaceRow, (desk_id, operator))
        return None if row is None else self._cipher.decrypt(_aad(desk_id, operator), row.nonce, row.ciphertext)
