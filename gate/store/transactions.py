"""Gate transactions as stored: state, decision, reason codes and the document's pseudonym.

The state names belong to the gate's state machine; the store keeps them as plain strings. A
transaction counts as *open* while it has no decision.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import CursorResult, select, text, update
from sqlalchemy.orm import Session

from gate.store.clock import Clock, utc_now
from gate.store.errors import ConflictError, NotFoundError
from gate.store.models import TransactionRow


@dataclass(frozen=True)
class Transaction:
    id: str
    gate_id: str
    state: str
    decision: str | None
    reasons: tuple[str, ...]
    document_pseudonym: str | None
    created_at: datetime
    updated_at: datetime
    decided_at: datetime | None


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive UTC datetimes; PostgreSQL aware ones."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _view(row: TransactionRow) -> Transaction:
    return Transaction(row.id, row.gate_id, row.state, row.decision, tuple(row.reasons or ()),
                       row.document_pseudonym, row.created_at, row.updated_at, row.decided_at)


class TransactionRepository:
    def __init__(self, session: Session, clock: Clock = utc_now) -> None:
        self._session = session
        self._clock = clock

    def create(self, gate_id: str, state: str = "started", transaction_id: str | None = None) -> Transaction:
        now = self._clock()
        row = TransactionRow(id=transaction_id or str(uuid.uuid4()), gate_id=gate_id, state=state,
                             decision=None, reasons=[], document_pseudonym=None,
                             created_at=now, updated_at=now, decided_at=None)
        self._session.add(row)
        self._session.flush()
        return _view(row)

    def get(self, transaction_id: str) -> Transaction:
        return _view(self._require(transaction_id))

    def set_document(self, transaction_id: str, document_pseudonym: str) -> Transaction:
        row = self._require(transaction_id)
        row.document_pseudonym, row.updated_at = document_pseudonym, self._clock()
        self._session.flush()
        return _view(row)

    def decide(self, transaction_id: str, decision: str, reasons: Sequence[str] = (),
               state: str = "decided") -> Transaction:
        row = self._require(transaction_id, for_update=True)
        if row.decision is not None:
            raise ConflictError(f"transaction {transaction_id} already decided ({row.decision})")
        now = self._clock()
        row.decision, row.reasons, row.state = decision, list(reasons), state
        row.updated_at = row.decided_at = now
        self._session.flush()
        return _view(row)

    def set_state(self, transaction_id: str, state: str) -> None:
        """The stage whose step has just committed (undecided transactions only)."""
        row = self._require(transaction_id)
        if row.decision is None:
            row.state, row.updated_at = state, self._clock()
            self._session.flush()

    def touch(self, transaction_ids: Sequence[str]) -> int:
        """Mark these undecided transactions as alive now (a live process's heartbeat); how many were.
        Run with none as well: the heartbeat's round trip to the database."""
        query = (update(TransactionRow).where(TransactionRow.id.in_(list(transaction_ids)),
                                              TransactionRow.decision.is_(None)).values(updated_at=self._clock()))
        result = self._session.execute(query)
        return int(result.rowcount) if isinstance(result, CursorResult) else 0

    def stale(self, before: datetime, limit: int = 100) -> list[Transaction]:
        """Undecided transactions not touched since ``before``, oldest first: candidates for recovery."""
        query = (select(TransactionRow).where(TransactionRow.decision.is_(None), TransactionRow.updated_at < before)
                 .order_by(TransactionRow.updated_at).limit(limit))
        return [_view(row) for row in self._session.scalars(query)]

    def claim_document(self, transaction_id: str, document_pseudonym: str, held_since: datetime) -> bool:
        """Link the document to the transaction; False when another undecided transaction created after
        ``held_since`` already holds it. Check and link are one step across processes: SQLite runs every
        write transaction ``BEGIN IMMEDIATE`` (one at a time), and on PostgreSQL a transaction-scoped
        advisory lock on the document makes a second claim wait for the first to commit, then see it."""
        bind = self._session.get_bind()
        if bind.dialect.name == "postgresql":
            key = int.from_bytes(hashlib.sha256(document_pseudonym.encode()).digest()[:8], "big", signed=True)
            self._session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
        others = [t for t in self.open_with_document(document_pseudonym)
                  if t.id != transaction_id and _aware(t.created_at) > held_since]
        self.set_document(transaction_id, document_pseudonym)
        return not others

    def open_with_document(self, document_pseudonym: str) -> list[Transaction]:
        """Undecided transactions (on any gate sharing this database) holding this document."""
        query = select(TransactionRow).where(
            TransactionRow.document_pseudonym == document_pseudonym, TransactionRow.decision.is_(None)
        )
        return [_view(row) for row in self._session.scalars(query)]

    def recent(self, gate_id: str | None = None, limit: int = 50) -> list[Transaction]:
        query = select(TransactionRow).order_by(TransactionRow.created_at.desc()).limit(limit)
        if gate_id is not None:
            query = query.where(TransactionRow.gate_id == gate_id)
        return [_view(row) for row in self._session.scalars(query)]

    def _require(self, transaction_id: str, *, for_update: bool = False) -> TransactionRow:
        query = select(TransactionRow).where(TransactionRow.id == transaction_id)
        row = self._session.scalar(query.with_for_update() if for_update else query)
        if row is None:
            raise NotFoundError(f"no transaction {transaction_id}")
        return row
