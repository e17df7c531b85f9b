"""One queue for a process's SQLite writers.

SQLite lets one writer in at a time; the others wait in its busy handler, which polls with sleeps growing
to 100 ms and gives up after the busy timeout. Under load (twenty kiosks on two cores) that polling adds
latency, serves writers in no particular order, and a writer that waits past the timeout fails — the gate
then refers its traveller with ``SYSTEM_ERROR``. Writers of one process therefore queue on a lock first
(immediate hand-over when the previous write transaction ends) and meet SQLite's busy handler only for
writers of *other* processes. The lock is taken when a write transaction begins (``BEGIN IMMEDIATE``;
readers marked :func:`gate.store.db.read_only` never take it), and released when it commits or rolls
back, or when its connection goes back to the pool or is invalidated, whichever comes first. A writer
that cannot get the lock within ``WAIT_S`` goes on without it (SQLite still serialises), so a mistake can
cost time but never deadlock.
"""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import Engine, event

WAIT_S = 20.0
_HELD = "egate_sqlite_write_lock"


def queue_writers(engine: Engine, is_reader: Any) -> threading.Lock:
    """Install the writers' queue on ``engine``; ``is_reader(connection)`` says who skips it. Call before
    the listener that issues ``BEGIN IMMEDIATE``, so the lock is held before SQLite's."""
    lock = threading.Lock()

    def acquire(connection: Any) -> None:
        if not is_reader(connection) and not connection.info.get(_HELD):
            connection.info[_HELD] = lock.acquire(timeout=WAIT_S)

    def release(connection: Any) -> None:
        if connection.info.pop(_HELD, False):
            lock.release()

    def release_record(_dbapi: Any, record: Any, *_rest: Any) -> None:
        if record is not None and record.info.pop(_HELD, False):
            lock.release()

    event.listen(engine, "begin", acquire)
    event.listen(engine, "commit", release)
    event.listen(engine, "rollback", release)
    for name in ("checkin", "invalidate", "soft_invalidate"):
        event.listen(engine.pool, name, release_record)
    return lock
