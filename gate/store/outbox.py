"""The finish outbox: gate decisions made but not yet recorded, kept until they are.

A decision is recorded with its audit record in one database transaction (:mod:`gate.recording`). When
that fails — the database went away, the chain could not be appended — the decision is not dropped with a
log line: it waits here (and, while the database is unreachable, in the recorder's memory) and a sweep
records it as soon as it can. Recording is idempotent: a transaction decided meanwhile (say, closed as
``INTERRUPTED`` by another process) just leaves the outbox.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from gate.store.clock import Clock, utc_now
from gate.store.models import FinishOutboxRow


@dataclass(frozen=True)
class PendingFinish:
    transaction_id: str
    gate_id: str
    verdict: str
    reasons: tuple[str, ...]
    created_at: datetime


class OutboxRepository:
    def __init__(self, session: Session, clock: Clock = utc_now) -> None:
        self._session = session
        self._clock = clock

    def put(self, pending: PendingFinish) -> None:
        """Keep ``pending`` (a second put of the same transaction keeps the first decision)."""
        if self._session.get(FinishOutboxRow, pending.transaction_id) is not None:
            return
        self._session.add(FinishOutboxRow(transaction_id=pending.transaction_id, gate_id=pending.gate_id,
                                          verdict=pending.verdict, reasons=list(pending.reasons),
                                          created_at=pending.created_at, attempts=0, last_error=None))
        self._session.flush()

    def pending(self, limit: int = 100, exclude: Sequence[str] = ()) -> list[PendingFinish]:
        query = select(FinishOutboxRow).order_by(FinishOutboxRow.created_at).limit(limit)
        if exclude:
            query = query.where(FinishOutboxRow.transaction_id.not_in(list(exclude)))
        return [PendingFinish(r.transaction_id, r.gate_id, r.verdict, tuple(r.reasons or ()), r.created_at)
                for r in self._session.scalars(query)]

    def holds(self, transaction_id: str) -> bool:
        return self._session.get(FinishOutboxRow, transaction_id) is not None

    def failed(self, transaction_id: str, error: str) -> None:
        row = self._session.get(FinishOutboxRow, transaction_id)
        if row is not None:
            row.attempts, row.last_error = row.attempts + 1, error[:200]
            self._session.flush()

    def remove(self, transaction_id: str) -> None:
        self._session.execute(delete(FinishOutboxRow).where(FinishOutboxRow.transaction_id == transaction_id))
