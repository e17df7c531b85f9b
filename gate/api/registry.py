"""In-flight kiosk transactions: between the document step and the frames, a transaction's context lives
here, keyed by (gate id, transaction id), so gates never see each other's state.

An entry is *claimed* (removed) by the request that continues it, so two requests cannot run the same
transaction. Entries older than the TTL are handed back by :meth:`expired`; the kiosk service then
finishes them fail-secure (no frames: ``CAPTURE_TIMEOUT``, a referral), so no transaction stays open
and no document stays locked by ``DOCUMENT_IN_USE``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from gate.orchestrator import GateController, TransactionContext
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
        self._entries: dict[tuple[str, str], InFlight] = {}
        self._lock = threading.Lock()

    def put(self, gate_id: str, controller: GateController, context: TransactionContext) -> None:
        entry = InFlight(gate_id, controller, context, self._clock() + self._ttl_s)
        with self._lock:
            self._entries[(gate_id, context.transaction_id)] = entry

    def claim(self, gate_id: str, transaction_id: str) -> InFlight | None:
        """Take the live entry out of the registry; ``None`` when absent, expired or taken."""
        with self._lock:
            entry = self._entries.get((gate_id, transaction_id))
            if entry is None or entry.expires_at <= self._clock():
                return None
            return self._entries.pop((gate_id, transaction_id))

    def stage(self, gate_id: str, transaction_id: str) -> Stage | None:
        with self._lock:
            entry = self._entries.get((gate_id, transaction_id))
            return None if entry is None else entry.context.stage

    def count(self, gate_id: str) -> int:
        with self._lock:
            return sum(1 for key in self._entries if key[0] == gate_id)

    def expired(self) -> list[InFlight]:
        """Remove and return the entries past their TTL."""
        now = self._clock()
        with self._lock:
            keys = [key for key, entry in self._entries.items() if entry.expires_at <= now]
            return [self._entries.pop(key) for key in keys]

    def drain(self) -> list[InFlight]:
        """Remove and return every entry (at shutdown)."""
        with self._lock:
            entries = list(self._entries.values())
            self._entries.clear()
            return entries
