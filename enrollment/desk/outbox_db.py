"""The desk's outbox file: SQLite through the standard library's ``sqlite3``.

Why ``sqlite3`` and not SQLAlchemy: one local file, one writer, two small tables, and what matters
is exact control of the file — created 0600 before SQLite opens it (its rollback journal takes the
same mode), ``secure_delete`` so a purged packet's bytes are overwritten rather than left in free
pages, ``synchronous=FULL`` so an acknowledgement that was recorded survives a power cut. An ORM,
an engine and a migration tool add nothing to that (and the desk cannot use the gate's Alembic
chain: enrollment never imports gate).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS packets (
    application_id  TEXT PRIMARY KEY,
    digest          TEXT NOT NULL,
    packet          BLOB,                 -- NULL once the registry acknowledged it (purged)
    state           TEXT NOT NULL,        -- pending | acknowledged | refused
    queued_at       REAL NOT NULL,        -- POSIX seconds, UTC
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    registry_status TEXT,
    acknowledged_at REAL,
    purged          INTEGER NOT NULL DEFAULT 0  -- the desk's own copy of the biometrics was purged
);
CREATE TABLE IF NOT EXISTS sync_state (
    id                   INTEGER PRIMARY KEY CHECK (id = 1),
    consecutive_failures INTEGER NOT NULL,
    retry_at             REAL NOT NULL,
    last_success_at      REAL
);
INSERT OR IGNORE INTO sync_state (id, consecutive_failures, retry_at) VALUES (1, 0, 0);
"""


def open_outbox_db(path: Path) -> sqlite3.Connection:
    """Open (creating 0600 if needed) the outbox file with durable, overwrite-on-delete settings."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    connection.execute("PRAGMA secure_delete = ON")
    connection.execute("PRAGMA synchronous = FULL")
    connection.execute("PRAGMA journal_mode = DELETE")
    connection.executescript(SCHEMA)
    return connection
