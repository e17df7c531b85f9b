"""Where a transaction leaves its traces: the transactions table, the audit chain, and — only for
referred transactions — the encrypted live capture and chip photo for the officer.

:class:`TransactionRecorder` is the orchestrator's one persistence port; :class:`StoreRecorder` is its
implementation on the store and the audit log. The decision and its audit record commit in one
database transaction, before any door moves. A step's audit record and the transaction's stored stage
commit together, so the stored stage is always the last step whose record committed. A decision that
cannot be recorded is deferred to the :class:`gate.finish_outbox.FinishOutbox`, never dropped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol

import structlog

from gate.audit import AuditEvent, AuditLog, document_pseudonym
from gate.finish_outbox import FinishOutbox, write_decision
from gate.logging import failure_fields
from gate.policy import Decision, Verdict
from gate.store import (
    CaptureCipher,
    CaptureVault,
    OutboxRepository,
    PendingFinish,
    ReferralRepository,
    TransactionRepository,
)
from gate.store.database import Database

log = structlog.get_logger(__name__)

# the audit event that closes each step, and the stage it names (``comparison``: by its modality)
STEP_EVENTS = {"document_checked": "document", "capture_checked": "capture", "pad_checked": "liveness"}


def step_of(event: AuditEvent) -> str | None:
    """The stage whose step ``event`` records, or None for an event that closes no step."""
    if event.event_type == "comparison":
        modalities = [c.modality for c in event.comparisons] + [c.kind for c in event.checks]
        return "finger" if "finger" in modalities else "face"
    return STEP_EVENTS.get(event.event_type)


class TransactionRecorder(Protocol):
    def begin(self, transaction_id: str) -> None: ...

    def pseudonym(self, document_number: str, issuing_state: str) -> str: ...

    def attach_document(self, transaction_id: str, pseudonym: str) -> bool:
        """Link the document to the transaction; False when another open transaction already holds it."""
        ...

    def record(self, event: AuditEvent) -> None: ...

    def finish(self, transaction_id: str, decision: Decision, captures: Mapping[str, bytes]) -> None:
        """Persist the decision and its audit record together; keep ``captures`` only on referral."""
        ...

    def refer_after_decision(self, transaction_id: str, reasons: Sequence[str]) -> None:
        """Call an officer to a transaction already decided (the exit door failed to open)."""
        ...

    def defer(self, transaction_id: str, decision: Decision) -> None:
        """Keep a decision that could not be recorded until it is (never raises)."""
        ...


@dataclass
class StoreRecorder:
    db: Database
    audit: AuditLog
    cipher: CaptureCipher
    pseudonym_key: bytes
    retention: timedelta = timedelta(days=30)
    stale_after: timedelta = timedelta(minutes=15)  # far beyond a mantrap's 10 s capture budget
    outbox: FinishOutbox = field(default_factory=FinishOutbox)  # shared by the per-gate copies (replace())

    def begin(self, transaction_id: str) -> None:
        with self.db.sessions.begin() as session:
            TransactionRepository(session).create(self.audit.gate_id, "started", transaction_id)
            self.audit.append_in(session, AuditEvent(event_type="transaction_started",
                                                     transaction_id=transaction_id))

    def pseudonym(self, document_number: str, issuing_state: str) -> str:
        return document_pseudonym(self.pseudonym_key, document_number, issuing_state)

    def attach_document(self, transaction_id: str, pseudonym: str) -> bool:
        """An undecided transaction older than ``stale_after`` was interrupted (a crash, a lost database
        write): it no longer holds the document, or one failure would block the document for good."""
        with self.db.sessions.begin() as session:
            return TransactionRepository(session).claim_document(
                transaction_id, pseudonym, held_since=datetime.now(UTC) - self.stale_after
            )

    def record(self, event: AuditEvent) -> None:
        stage = step_of(event) if event.transaction_id is not None else None
        if stage is None:
            self.audit.append(event)
            return
        assert event.transaction_id is not None
        with self.db.sessions.begin() as session:
            self.audit.append_in(session, event)
            TransactionRepository(session).set_state(event.transaction_id, stage)

    def finish(self, transaction_id: str, decision: Decision, captures: Mapping[str, bytes]) -> None:
        reasons: Sequence[str] = [r.value for r in decision.reasons]
        with self.db.sessions.begin() as session:
            write_decision(session, self.audit, transaction_id, decision.verdict.value, reasons)
            if decision.verdict is Verdict.REFER:
                vault = CaptureVault(session, self.cipher, retention=self.retention)
                for kind, data in captures.items():
                    vault.store(transaction_id, kind, data)

    def refer_after_decision(self, transaction_id: str, reasons: Sequence[str]) -> None:
        with self.db.sessions.begin() as session:
            ReferralRepository(session).open(transaction_id, reasons)
            self.audit.append_in(session, AuditEvent(event_type="referral_opened", transaction_id=transaction_id,
                                                     reason_codes=tuple(reasons)))

    def defer(self, transaction_id: str, decision: Decision) -> None:
        pending = PendingFinish(transaction_id, self.audit.gate_id, decision.verdict.value,
                                tuple(r.value for r in decision.reasons), datetime.now(UTC))
        self.outbox.add(pending)
        try:
            with self.db.sessions.begin() as session:
                OutboxRepository(session).put(pending)
        except Exception as exc:  # the database is down: the memory outbox holds it until it is back
            log.warning("finish_outbox_memory_only", transaction_id=transaction_id, **failure_fields(exc))
        log.warning("transaction_finish_deferred", transaction_id=transaction_id, verdict=pending.verdict)
