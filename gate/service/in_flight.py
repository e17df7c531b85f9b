"""In-flight kiosk transactions: between the document step and the frames, a transaction's context lives
here, keyed by (gate id, transaction id), so gates never see each other's state.

An entry is *claimed* by the request that continues it, so two requests cannot run the same
transaction; while it runs, its live stage stays visible until :meth:`TransactionRegistry.done`. It counts
as in flight until it is decided, not until its request returns: recording the decision (or deferring it
to the finish outbox while the database is away) happens after the decision is taken.
Entries older than the TTL are claimed by :meth:`TransactionRegistry.expired`; the kiosk service then
finishes them fail-secure (no frames: ``CAPTURE_TIMEOUT``, a referral), so no transaction stays open
and no document stays locked by ``DOCUMENT_IN_USE``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from gate.orchestrator import GateController
from gate.steps import TransactionContext
from gate.transaction import Stage


@dataclass(frozen=True)
class InFlight:
    gate_id: str
    controller: GateController
    context: TransactionContext
    expires_at: float


class TransactionRegistry:
    def __init__(self, ttl_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._ttl_s = ttl_s
        self._clock = clock
        self._entries: dict[tuple[str, str], InFlight] = {}  # waiting for frames
        self._running: dict[tuple[str, str], InFlight] = {}  # claimed by a request
        self._lock = threading.Lock()

    def put(self, gate_id: str, controller: GateController, context: TransactionContext) -> None:
        entry = InFlight(gate_id, controller, context, self._clock() + self._ttl_s)
        with self._lock:
            self._entries[(gate_id, context.transaction_id)] = entry

    def claim(self, gate_id: str, transaction_id: str) -> InFlight | None:
        """Take the waiting entry for one request; ``None`` when absent, expired or already taken."""
        key = (gate_id, transaction_id)
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry.expires_at <= self._clock():
                return None
            self._running[key] = self._entries.pop(key)
            return entry

    def release(self, entry: InFlight) -> None:
        """Put a claimed entry back, untouched (its request was refused before anything ran)."""
        key = (entry.gate_id, entry.context.transaction_id)
        with self._lock:
            if self._running.pop(key, None) is not None:
                self._entries[key] = entry

    def done(self, entry: InFlight) -> None:
        with self._lock:
            self._running.pop((entry.gate_id, entry.context.transaction_id), None)

    def stage(self, gate_id: str, transaction_id: str) -> Stage | None:
        """The live stage of a waiting or running transaction."""
        key = (gate_id, transaction_id)
        with self._lock:
            entry = self._entries.get(key) or self._running.get(key)
            return None if entry is None else entry.context.stage

    def current(self, gate_id: str) -> str | None:
        """The id of a waiting or running transaction of this gate (the oldest), if any."""
        with self._lock:
            entries = [e for e in (*self._entries.values(), *self._running.values()) if e.gate_id == gate_id]
            return min(entries, key=lambda e: e.expires_at).context.transaction_id if entries else None

    def count(self, gate_id: str) -> int:
        """This gate's transactions not decided yet. A decided one leaves the count at once, while its
        request may still be recording the decision (or deferring it to the finish outbox: a transaction
        seen in the outbox is never still counted here)."""
        with self._lock:
            entries = (*self._entries.items(), *self._running.items())
            return sum(1 for key, entry in entries if key[0] == gate_id and entry.context.stage is not Stage.DECIDED)

    def held(self) -> list[str]:
        """The ids of every waiting or running transaction (the heartbeat keeps them alive in the store)."""
        with self._lock:
            return [key[1] for key in (*self._entries, *self._running)]

    def expired(self) -> list[InFlight]:
        """Claim the waiting entries past their TTL (the caller finishes them, then calls :meth:`done`)."""
        now = self._clock()
        with self._lock:
            keys = [key for key, entry in self._entries.items() if entry.expires_at <= now]
            for key in keys:
                self._running[key] = self._entries.pop(key)
            return [self._running[key] for key in keys]

    def drain(self) -> list[InFlight]:
        """Claim every waiting entry (at shutdown); running ones finish in their own requests."""
        with self._lock:
            entries = list(self._entries.values())
            for entry in entries:
                self._running[(entry.gate_id, entry.context.transaction_id)] = entry
            self._entries.clear()
            return entries
