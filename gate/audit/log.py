"""The gate's audit log: append events to its signed chain in the database.

Each append is one database transaction (lock the gate's chain, read the head, seal, insert, commit),
so a crash at any point leaves either the whole record or none of it, and the chain stays verifiable.
:meth:`AuditLog.append_in` joins a caller's session instead, when a state change and its audit record
must commit together.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable

import structlog
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from gate.audit.chain import SealedRecord, seal
from gate.audit.checkpoint import Checkpoint, MerkleFrontier, sign_tree_head
from gate.audit.errors import AuditAppendError
from gate.audit.keys import key_id, public_key_pem
from gate.audit.records import GENESIS_HASH, AuditEvent, AuditRecord
from gate.store.audit_repo import AuditRepository, StoredCheckpoint, StoredRecord
from gate.store.clock import Clock, utc_now
from gate.store.gates import GateRepository

log = structlog.get_logger(__name__)

MAX_ATTEMPTS = 5


class AuditLog:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        gate_id: str,
        key: Ed25519PrivateKey,
        *,
        clock: Clock = utc_now,
        checkpoint_every: int = 0,
        new_id: Callable[[], str] = lambda: str(uuid.uuid4()),
    ) -> None:
        self._sessions = sessions
        self._gate_id = gate_id
        self._key = key
        self._key_id = key_id(key.public_key())
        self._clock = clock
        self._checkpoint_every = checkpoint_every
        self._new_id = new_id
        self._frontier: tuple[MerkleFrontier, str | None] = (MerkleFrontier(), None)
        self._tree_lock = threading.Lock()

    @property
    def gate_id(self) -> str:
        return self._gate_id

    def register_gate(self, name: str | None = None) -> None:
        """Create the gate's row (with its public key) if this database does not know it yet."""
        with self._sessions.begin() as session:
            GateRepository(session, self._clock).ensure(
                self._gate_id, name, public_key_pem(self._key).decode("ascii")
            )

    def append(self, event: AuditEvent) -> SealedRecord:
        """Seal ``event`` as the gate's next record and commit it."""
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                with self._sessions.begin() as session:
                    return self.append_in(session, event)
            except IntegrityError:  # another writer of this gate won the race: re-read the head
                log.warning("audit_append_retry", gate_id=self._gate_id, attempt=attempt)
        raise AuditAppendError(f"could not append to the chain of gate {self._gate_id}")

    def append_in(self, session: Session, event: AuditEvent) -> SealedRecord:
        """Seal ``event`` inside the caller's transaction; it commits with the caller's other writes."""
        repo = AuditRepository(session)
        repo.lock_gate(self._gate_id)
        head = repo.head(self._gate_id)
        seq, prev_hash = (1, GENESIS_HASH) if head is None else (head[0] + 1, head[1])
        record = AuditRecord(
            **event.model_dump(), record_id=self._new_id(), gate_id=self._gate_id, seq=seq,
            timestamp=self._clock(), prev_hash=prev_hash, key_id=self._key_id,
        )
        sealed = seal(record, self._key)
        repo.insert(StoredRecord(
            gate_id=self._gate_id, seq=seq, record_id=record.record_id,
            transaction_id=record.transaction_id, event_type=record.event_type,
            created_at=record.timestamp, body=sealed.body.decode("utf-8"),
            hash=sealed.hash, signature=sealed.signature,
        ))
        if self._checkpoint_every and seq % self._checkpoint_every == 0:
            self._checkpoint_in(repo)
        return sealed

    def checkpoint(self) -> Checkpoint:
        """Sign the current size and Merkle root of the gate's chain."""
        with self._sessions.begin() as session:
            repo = AuditRepository(session)
            repo.lock_gate(self._gate_id)
            return self._checkpoint_in(repo)

    def _checkpoint_in(self, repo: AuditRepository) -> Checkpoint:
        frontier = self._tree(repo)
        existing = repo.checkpoints(self._gate_id)
        if existing and existing[-1].tree_size == frontier.size:
            return Checkpoint(**vars(existing[-1]))
        timestamp = self._clock().isoformat().replace("+00:00", "Z")
        checkpoint = sign_tree_head(self._gate_id, frontier.size, frontier.root().hex(), timestamp, self._key)
        repo.add_checkpoint(StoredCheckpoint(
            checkpoint.gate_id, checkpoint.tree_size, checkpoint.root_hash,
            checkpoint.timestamp, checkpoint.key_id, checkpoint.signature,
        ))
        return checkpoint

    def _tree(self, repo: AuditRepository) -> MerkleFrontier:
        """The Merkle frontier of the chain as this transaction sees it, extended from a cache that is
        trusted only while the record it ends on is still there (a rolled-back append invalidates it)."""
        with self._tree_lock:
            cached, last_hash = self._frontier
            if cached.size and repo.hash_at(self._gate_id, cached.size) != last_hash:
                cached = MerkleFrontier()
            fresh = repo.hashes(self._gate_id, after_seq=cached.size)
            frontier = cached.copy().extend(bytes.fromhex(h) for h in fresh)
            self._frontier = (frontier, fresh[-1] if fresh else last_hash)
            return frontier
