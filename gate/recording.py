"""Where a transaction leaves its traces: the transactions table, the audit chain, and — only for
referred transactions — the encrypted live capture and chip photo for the officer.

:class:`TransactionRecorder` is the orchestrator's one persistence port; :class:`StoreRecorder` is its
implementation on the store and the audit log. The decision and its audit record commit in one
database transaction, before any door moves.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from gate.audit import AuditEvent, AuditLog, document_pseudonym
from gate.policy import Decision, Verdict
from gate.store import CaptureCipher, CaptureVault, ReferralRepository, TransactionRepository
from gate.store.database import Database


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


@dataclass
class StoreRecorder:
    db: Database
    audit: AuditLog
    cipher: CaptureCipher
    pseudonym_key: bytes
    retention: timedelta = timedelta(days=30)
    stale_after: timedelta = timedelta(minutes=15)  # far beyond a mantrap's 10 s capture budget

    def begin(self, transaction_id: str) -> None:
        with self.db.sessions.begin() as session:
            TransactionRepository(session).create(self.audit.gate_id, "document", transaction_id)
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
        self.audit.append(event)

    def finish(self, transaction_id: str, decision: Decision, captures: Mapping[str, bytes]) -> None:
        reasons: Sequence[str] = [r.value for r in decision.reasons]
        with self.db.sessions.begin() as session:
            TransactionRepository(session).decide(transaction_id, decision.verdict.value, reasons)
            self.audit.append_in(session, AuditEvent(event_type="decision", transaction_id=transaction_id,
                                                     decision=decision.verdict.value, reason_codes=tuple(reasons)))
            if decision.verdict is Verdict.REFER:
                ReferralRepository(session).open(transaction_id, reasons)
                self.audit.append_in(session, AuditEvent(event_type="referral_opened",
                                                         transaction_id=transaction_id))
                vault = CaptureVault(session, self.cipher, retention=self.retention)
                for kind, data in captures.items():
                    vault.store(transaction_id, kind, data)

    def refer_after_decision(self, transaction_id: str, reasons: Sequence[str]) -> None:
        with self.db.sessions.begin() as session:
            ReferralRepository(session).open(transaction_id, reasons)
            self.audit.append_in(session, AuditEvent(event_type="referral_opened", transaction_id=transaction_id,
                                                     reason_codes=tuple(reasons)))
