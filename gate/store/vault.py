"""The capture vault: live captures of *referred* transactions, encrypted at rest, purged on time.

Each blob is AES-256-GCM encrypted with a fresh 96-bit random nonce and the transaction id as
associated data, so a blob copied to another transaction does not decrypt. Only a transaction with an
open referral may store captures (privacy: captures are deleted after the decision unless the case
goes to an officer). :meth:`CaptureVault.purge` deletes captures whose referral is decided or whose
retention period is over; the caller writes the ``capture_purged`` audit events from its result.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, delete, or_, select
from sqlalchemy.orm import Session

from gate.store.capture_key import CaptureCipher
from gate.store.clock import Clock, utc_now
from gate.store.errors import CaptureNotAllowedError, NotFoundError
from gate.store.models import CaptureRow, ReferralRow

DEFAULT_RETENTION = timedelta(days=30)
MAX_CAPTURE_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class CaptureInfo:
    id: str
    transaction_id: str
    kind: str
    created_at: datetime
    expires_at: datetime


def _info(row: CaptureRow) -> CaptureInfo:
    return CaptureInfo(row.id, row.transaction_id, row.kind, row.created_at, row.expires_at)


class CaptureVault:
    def __init__(self, session: Session, cipher: CaptureCipher, *,
                 retention: timedelta = DEFAULT_RETENTION, clock: Clock = utc_now) -> None:
        self._session = session
        self._cipher = cipher
        self._retention = retention
        self._clock = clock

    def store(self, transaction_id: str, kind: str, data: bytes) -> CaptureInfo:
        """Encrypt and keep ``data`` for a transaction that has an open referral."""
        if len(data) > MAX_CAPTURE_BYTES:
            raise ValueError(f"capture larger than {MAX_CAPTURE_BYTES} bytes")
        status = self._session.scalar(
            select(ReferralRow.status).where(ReferralRow.transaction_id == transaction_id)
        )
        if status != "open":
            raise CaptureNotAllowedError(f"transaction {transaction_id} has no open referral")
        nonce, ciphertext = self._cipher.encrypt(transaction_id, data)
        now = self._clock()
        row = CaptureRow(id=str(uuid.uuid4()), transaction_id=transaction_id, kind=kind, nonce=nonce,
                         ciphertext=ciphertext, key_id=self._cipher.key_id, created_at=now,
                         expires_at=now + self._retention)
        self._session.add(row)
        self._session.flush()
        return _info(row)

    def load(self, capture_id: str) -> bytes:
        """The decrypted capture; :class:`CaptureDecryptError` on a wrong key or a tampered blob."""
        row = self._session.get(CaptureRow, capture_id)
        if row is None:
            raise NotFoundError(f"no capture {capture_id}")
        if _aware(row.expires_at) <= self._clock():  # past retention: gone, even before the purge job runs
            raise NotFoundError(f"capture {capture_id} has passed its retention period")
        return self._cipher.decrypt(row.transaction_id, row.nonce, row.ciphertext)

    def for_transaction(self, transaction_id: str) -> list[CaptureInfo]:
        query = (select(CaptureRow).where(CaptureRow.transaction_id == transaction_id)
                 .order_by(CaptureRow.created_at))
        return [_info(row) for row in self._session.scalars(query)]

    def purge_transaction(self, transaction_id: str) -> list[CaptureInfo]:
        """Delete a transaction's captures now (e.g. right after the officer's decision)."""
        return self._delete(CaptureRow.transaction_id == transaction_id)

    def purge(self) -> list[CaptureInfo]:
        """Delete captures past their retention, or whose referral has been decided (or is gone)."""
        decided_or_missing = ~select(ReferralRow.id).where(
            ReferralRow.transaction_id == CaptureRow.transaction_id, ReferralRow.status == "open"
        ).exists()
        return self._delete(or_(CaptureRow.expires_at <= self._clock(), decided_or_missing))

    def _delete(self, condition: ColumnElement[bool]) -> list[CaptureInfo]:
        rows = list(self._session.scalars(select(CaptureRow).where(condition)))
        if rows:
            self._session.execute(delete(CaptureRow).where(CaptureRow.id.in_([r.id for r in rows])))
            self._session.flush()
        return [_info(row) for row in rows]


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive UTC datetimes."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
