"""Recording a decision, and keeping the ones that could not be recorded until they are.

:func:`write_decision` is the one way a decision enters the store: the transaction's verdict, its
``decision`` audit record and, on REFER, the referral with its ``referral_opened`` record, all in the
caller's database transaction. When that transaction fails, the decision goes to the :class:`FinishOutbox`
(memory, shared by the recorders of a process) and to the store's outbox table when the database still
takes that write; :func:`record_pending` records it later. Nothing here ever opens a door: a decision
recorded late is never acted on (the orchestrator turned it into a REFER before deferring it).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from sqlalchemy.orm import Session

from gate.audit import AuditEvent, AuditLog
from gate.policy import Verdict
from gate.store import NotFoundError, OutboxRepository, PendingFinish, ReferralRepository, TransactionRepository
from gate.store.database import Database


class FinishOutbox:
    """Decisions waiting to be recorded, in this process's memory (the database may be the thing down)."""

    def __init__(self) -> None:
        self._pending: dict[str, PendingFinish] = {}
        self._lock = threading.Lock()

    def add(self, pending: PendingFinish) -> None:
        with self._lock:
            self._pending.setdefault(pending.transaction_id, pending)

    def snapshot(self) -> list[PendingFinish]:
        with self._lock:
            return sorted(self._pending.values(), key=lambda p: p.created_at)

    def discard(self, transaction_id: str) -> None:
        with self._lock:
            self._pending.pop(transaction_id, None)

    def __contains__(self, transaction_id: object) -> bool:
        with self._lock:
            return transaction_id in self._pending

    def __len__(self) -> int:
        with self._lock:
            return len(self._pending)


def write_decision(session: Session, audit: AuditLog, transaction_id: str, verdict: str,
                   reasons: Sequence[str]) -> None:
    """The decision, its audit record and, on REFER, the referral: in ``session``'s transaction."""
    TransactionRepository(session).decide(transaction_id, verdict, reasons)
    audit.append_in(session, AuditEvent.model_validate({
        "event_type": "decision", "transaction_id": transaction_id, "decision": verdict,
        "reason_codes": tuple(reasons)}))
    if verdict == Verdict.REFER.value:
        ReferralRepository(session).open(transaction_id, reasons)
        audit.append_in(session, AuditEvent(event_type="referral_opened", transaction_id=transaction_id))


def record_pending(db: Database, audit: AuditLog, pending: PendingFinish) -> bool:
    """Record a deferred decision; False when the transaction had been decided meanwhile (nothing written
    but the outbox entry's removal). A transaction whose very first write failed is created here."""
    with db.sessions.begin() as session:
        transactions = TransactionRepository(session)
        try:
            decided = transactions.get(pending.transaction_id).decision is not None
        except NotFoundError:
            transactions.create(pending.gate_id, "started", pending.transaction_id)
            decided = False
        if not decided:
            write_decision(session, audit, pending.transaction_id, pending.verdict, pending.reasons)
        OutboxRepository(session).remove(pending.transaction_id)
    return not decided
