"""Rows of the audit chain. The chain logic (hashing, signing, verifying) lives in :mod:`gate.audit`;
this repository only stores and streams rows, and serialises appends per gate.

Concurrency: one chain per gate. An append first locks the gate's row, then reads the head and
inserts. On PostgreSQL the lock is ``SELECT … FOR NO KEY UPDATE``: it excludes the gate's other
appenders but not the key-share locks taken by inserting rows that reference the gate, so an append
inside a larger transaction cannot deadlock. On SQLite the ``BEGIN IMMEDIATE`` of :mod:`gate.store.db`
already serialises writers. Gates never wait on each other's chains, and the unique ``(gate_id, seq)``
constraint is the backstop should two writers of one gate ever race.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from gate.store.errors import NotFoundError
from gate.store.models import AuditCheckpointRow, AuditRecordRow, GateRow


@dataclass(frozen=True)
class StoredRecord:
    gate_id: str
    seq: int
    record_id: str
    transaction_id: str | None
    event_type: str
    created_at: datetime
    body: str
    hash: str
    signature: str


@dataclass(frozen=True)
class StoredCheckpoint:
    gate_id: str
    tree_size: int
    root_hash: str
    timestamp: str
    key_id: str
    signature: str


def _record(row: AuditRecordRow) -> StoredRecord:
    return StoredRecord(row.gate_id, row.seq, row.record_id, row.transaction_id, row.event_type,
                        row.created_at, row.body, row.hash, row.signature)


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def lock_gate(self, gate_id: str) -> None:
        """Take the per-gate append lock for the rest of the session's transaction."""
        query = select(GateRow.id).where(GateRow.id == gate_id).with_for_update(key_share=True)
        if self._session.scalar(query) is None:
            raise NotFoundError(f"no gate {gate_id}: register it before writing its audit trail")

    def head(self, gate_id: str) -> tuple[int, str] | None:
        """``(seq, hash)`` of the gate's last record, or ``None`` for an empty chain."""
        query = (select(AuditRecordRow.seq, AuditRecordRow.hash)
                 .where(AuditRecordRow.gate_id == gate_id).order_by(AuditRecordRow.seq.desc()).limit(1))
        row = self._session.execute(query).first()
        return None if row is None else (row[0], row[1])

    def insert(self, record: StoredRecord) -> None:
        self._session.add(AuditRecordRow(
            record_id=record.record_id, gate_id=record.gate_id, seq=record.seq,
            transaction_id=record.transaction_id, event_type=record.event_type,
            created_at=record.created_at, body=record.body, hash=record.hash, signature=record.signature,
        ))
        self._session.flush()

    def chain(self, gate_id: str, batch: int = 1000) -> Iterator[StoredRecord]:
        """The gate's records in ``seq`` order, streamed in batches."""
        query = select(AuditRecordRow).where(AuditRecordRow.gate_id == gate_id).order_by(AuditRecordRow.seq)
        for row in self._session.scalars(query.execution_options(yield_per=batch)):
            yield _record(row)

    def hashes(self, gate_id: str, after_seq: int = 0) -> list[str]:
        """Record hashes in ``seq`` order, from ``after_seq + 1`` on."""
        query = (select(AuditRecordRow.hash)
                 .where(AuditRecordRow.gate_id == gate_id, AuditRecordRow.seq > after_seq)
                 .order_by(AuditRecordRow.seq))
        return list(self._session.scalars(query))

    def hash_at(self, gate_id: str, seq: int) -> str | None:
        query = select(AuditRecordRow.hash).where(AuditRecordRow.gate_id == gate_id, AuditRecordRow.seq == seq)
        return self._session.scalar(query)

    def for_transaction(self, transaction_id: str) -> list[StoredRecord]:
        query = (select(AuditRecordRow).where(AuditRecordRow.transaction_id == transaction_id)
                 .order_by(AuditRecordRow.gate_id, AuditRecordRow.seq))
        return [_record(row) for row in self._session.scalars(query)]

    def gate_ids(self) -> list[str]:
        query = select(AuditRecordRow.gate_id).distinct().order_by(AuditRecordRow.gate_id)
        return list(self._session.scalars(query))

    def add_checkpoint(self, checkpoint: StoredCheckpoint) -> None:
        self._session.add(AuditCheckpointRow(
            gate_id=checkpoint.gate_id, tree_size=checkpoint.tree_size, root_hash=checkpoint.root_hash,
            timestamp=checkpoint.timestamp, key_id=checkpoint.key_id, signature=checkpoint.signature,
        ))
        self._session.flush()

    def checkpoints(self, gate_id: str) -> list[StoredCheckpoint]:
        query = (select(AuditCheckpointRow).where(AuditCheckpointRow.gate_id == gate_id)
                 .order_by(AuditCheckpointRow.tree_size))
        return [StoredCheckpoint(r.gate_id, r.tree_size, r.root_hash, r.timestamp, r.key_id, r.signature)
                for r in self._session.scalars(query)]
