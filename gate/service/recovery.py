"""Recovery: no transaction stays undecided, no decision stays unrecorded.

Run at service start and after every kiosk sweep (:func:`gate.api.app.create_app`):

1. the finish outbox — decisions this process could not record (memory) and those any process left in the
   outbox table — is recorded, each with its ``decision`` audit record (and referral);
2. every transaction that can no longer finish is closed as a REFER with reason ``INTERRUPTED``, its
   ``decision`` and ``referral_opened`` records in its gate's chain. "Can no longer finish": undecided,
   not held by this process, not waiting in the outbox, and untouched for longer than any live process
   lets a transaction run (the kiosk TTL plus the capture budget plus a grace period; every step commit
   touches the transaction). So several processes may share one database: none closes another's live
   transaction, and after a crash the dead process's transactions are closed by whichever process runs.
   With a :class:`~gate.service.heartbeat.Heartbeat` (every process touches what it holds every few
   seconds) the bound shrinks to a few missed beats once this process's own beats have been unbroken for
   that long — so a restarted fleet closes a dead process's transactions in about a minute.

The transaction row is locked (``FOR UPDATE`` on PostgreSQL; SQLite writes one at a time) when it is
decided, so a transaction is decided once, whoever gets there first; the other side skips it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import structlog

from gate.finish_outbox import FinishOutbox, record_pending, write_decision
from gate.logging import failure_fields
from gate.policy import Reason, Verdict
from gate.service.fleet import GateFleet
from gate.service.heartbeat import Heartbeat
from gate.service.in_flight import TransactionRegistry
from gate.store import ConflictError, OutboxRepository, PendingFinish, TransactionRepository, read_only

log = structlog.get_logger(__name__)

GRACE = timedelta(seconds=30)
BATCH = 200


@dataclass(frozen=True)
class RecoveryReport:
    recorded: int  # deferred decisions recorded now
    interrupted: int  # transactions closed as INTERRUPTED
    pending: int  # decisions still waiting (the database is still unreachable)


class RecoveryService:
    def __init__(self, fleet: GateFleet, registry: TransactionRegistry, outbox: FinishOutbox, *,
                 stale_after: timedelta, heartbeat: Heartbeat | None = None,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._fleet, self._registry, self._outbox = fleet, registry, outbox
        self.stale_after, self.heartbeat, self._clock = stale_after, heartbeat, clock

    def abandoned_after(self) -> timedelta:
        """How long a transaction must be untouched to be closed now: a few missed heartbeats while the
        beats run unbroken, else a transaction's whole possible life."""
        beat = self.heartbeat
        if beat is not None and beat.steady():
            return min(beat.abandoned_after, self.stale_after)
        return self.stale_after

    def run_once(self) -> RecoveryReport:
        recorded = self.flush_outbox()
        interrupted = self.close_interrupted(self._clock() - self.abandoned_after())
        return RecoveryReport(recorded, interrupted, len(self._outbox))

    def flush_outbox(self) -> int:
        """Record the deferred decisions: this process's first, then any left in the outbox table."""
        recorded = 0
        memory = self._outbox.snapshot()
        for pending in memory:
            outcome = self._record(pending)
            if outcome is None:
                return recorded  # the database is still away: try again on the next round
            self._outbox.discard(pending.transaction_id)
            recorded += outcome
        with self._fleet.db.sessions() as session:
            stored = OutboxRepository(read_only(session)).pending(BATCH, exclude=[p.transaction_id for p in memory])
        for pending in stored:
            outcome = self._record(pending)
            if outcome is None:
                break
            recorded += outcome
        return recorded

    def close_interrupted(self, before: datetime) -> int:
        """Close every transaction untouched since ``before`` that nobody can finish any more."""
        with self._fleet.db.sessions() as session:
            stale = TransactionRepository(read_only(session)).stale(before, BATCH)
        closed = 0
        for txn in stale:
            if self._registry.stage(txn.gate_id, txn.id) is not None or txn.id in self._outbox:
                continue
            audit = self._fleet.audit(txn.gate_id)
            try:
                with self._fleet.db.sessions.begin() as session:
                    if OutboxRepository(session).holds(txn.id):
                        continue  # its real decision is waiting to be recorded
                    write_decision(session, audit, txn.id, Verdict.REFER.value, [Reason.INTERRUPTED.value])
            except ConflictError:  # decided meanwhile (its own process, or another recovery)
                continue
            closed += 1
            log.warning("transaction_interrupted_closed", gate_id=txn.gate_id, transaction_id=txn.id,
                        last_stage=txn.state)
        return closed

    def _record(self, pending: PendingFinish) -> int | None:
        """1 when recorded, 0 when it was decided meanwhile, None when the database refused."""
        try:
            done = record_pending(self._fleet.db, self._fleet.audit(pending.gate_id), pending)
        except ConflictError:
            return 0  # decided between our read and our write; the next round removes the entry
        except Exception as exc:
            log.error("finish_outbox_retry_failed", transaction_id=pending.transaction_id, **failure_fields(exc))
            return None
        log.info("finish_outbox_recorded", transaction_id=pending.transaction_id, recorded=done)
        return int(done)
