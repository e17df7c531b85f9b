"""Migrations upgrade an empty database to the models' schema, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from gate.store import Database, create_db_engine, current_revision, head_revision, migrate, sqlite_url
from gate.store.models import Base


def test_upgrade_from_empty_reaches_head(db: Database) -> None:
    assert current_revision(db.engine) == head_revision() is not None
    tables = set(inspect(db.engine).get_table_names())
    assert {"gates", "officers", "transactions", "audit_records", "audit_checkpoints", "referrals",
            "captures", "settings"} <= tables


def test_migrated_schema_matches_models(db: Database) -> None:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_migrate_is_idempotent(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "twice.db")
    migrate(url)
    migrate(url)
    engine = create_db_engine(url)
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_sqlite_runs_wal_with_foreign_keys(tmp_path: Path) -> None:
    engine = create_db_engine(sqlite_url(tmp_path / "pragmas.db"))
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_sqlite_reader_does_not_block_writers(tmp_path: Path) -> None:
    import sqlite3

    from gate.store import GateRepository, open_database, read_only

    db = open_database(sqlite_url(tmp_path / "rw.db"))
    with db.sessions() as reader:
        read_only(reader)
        assert GateRepository(reader).all() == []  # a deferred read transaction is open now
        with db.sessions.begin() as writer:
            GateRepository(writer).ensure("gate-a")
    with db.sessions() as writer:
        GateRepository(writer).all()  # an ordinary session begins IMMEDIATE: it holds the write lock
        other = sqlite3.connect(tmp_path / "rw.db", timeout=0.05)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("INSERT INTO settings VALUES ('k', 'v', '2026-01-01', NULL)")
        other.close()
    db.dispose()
