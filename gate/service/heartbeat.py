"""This process's heartbeat: every transaction it holds is touched in the store every ``every_s`` seconds.

Recovery closes a transaction nobody can finish any more: undecided and untouched for longer than any
live process leaves one of its own untouched. Without a heartbeat that bound is a transaction's whole
possible life (kiosk TTL plus capture budget plus a grace period, ~160 s by default); with it, a live
process touches what it holds (waiting for frames, or running) every ``every_s``, and step commits touch
what it is starting, so after ``MISSED_BEATS`` missed beats a transaction's process is gone.

The short bound is used only while *this* process has reached the database on every beat for at least
that long: after an outage every live process gets the same time to beat again before anything it holds
could look abandoned. Safety does not rest on the bound alone: a decision is written under the row's
lock and refused when the transaction was decided meanwhile, and a decision that cannot be written is
never acted on — so even a process cut off from the database alone, whose transactions another process
closed, opens no door (its traveller is referred).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import timedelta

import structlog

from gate.logging import failure_fields
from gate.service.in_flight import TransactionRegistry
from gate.store import TransactionRepository
from gate.store.database import Database

log = structlog.get_logger(__name__)

MISSED_BEATS = 6  # untouched for this many beats (and a step longer than that never happens): abandoned


class Heartbeat:
    def __init__(self, db: Database, registry: TransactionRegistry, *, every_s: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._db, self._registry, self.every_s, self._clock = db, registry, every_s, clock
        self._reachable_since: float | None = None  # the first beat of the current unbroken run
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def abandoned_after(self) -> timedelta:
        """How long a live process leaves a transaction it holds untouched, at most."""
        return timedelta(seconds=MISSED_BEATS * self.every_s)

    def beat(self) -> bool:
        """Touch every transaction this process holds; False when the database refused."""
        held = self._registry.held()
        try:
            with self._db.sessions.begin() as session:
                TransactionRepository(session).touch(held)
        except Exception as exc:  # the database is away: the run of beats is broken
            self._reachable_since = None
            log.warning("heartbeat_failed", held=len(held), **failure_fields(exc))
            return False
        if self._reachable_since is None:
            self._reachable_since = self._clock()
        return True

    def unbroken_for(self) -> float:
        """Seconds since this process's beats have all reached the database (0 after a failed one)."""
        since = self._reachable_since
        return 0.0 if since is None else self._clock() - since

    def steady(self) -> bool:
        """True when every live process has had ``abandoned_after`` to beat: the short bound may apply."""
        return self.unbroken_for() >= self.abandoned_after.total_seconds()

    def start(self) -> None:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)
            self._thread.start()

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _run(self) -> None:
        while True:  # its own thread: a busy request pool never delays a beat
            self.beat()
            if self._stop.wait(self.every_s):
                return
