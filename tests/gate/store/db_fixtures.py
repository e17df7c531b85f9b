"""Database fixtures shared by the store and audit tests: every test taking ``db`` runs twice,
on a fresh SQLite file and on a PostgreSQL database created for the test session (and dropped after).

PostgreSQL: ``EGATE_TEST_PG_URL`` (default ``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``)
must reach a server with rights to create databases; otherwise the PostgreSQL cases are skipped with
the reason. Between tests the PostgreSQL tables are truncated instead of re-created (fast).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from argon2 import PasswordHasher
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import text
from sqlalchemy.engine import make_url

from gate.store import Database, create_db_engine, migrate, open_database, session_factory, sqlite_url
from gate.store.models import Base

PG_ADMIN_URL = os.environ.get("EGATE_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for this test session."""
    try:
        admin = psycopg.connect(_libpq(PG_ADMIN_URL), autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN_URL} (set EGATE_TEST_PG_URL): {exc}")
    name = f"egate_test_{uuid.uuid4().hex[:12]}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
        try:
            migrate(url)
            yield url
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fresh_database(prefix: str) -> Iterator[str]:
    """A new, empty PostgreSQL database (dropped afterwards); skips when the server is unreachable."""
    try:
        admin = psycopg.connect(_libpq(PG_ADMIN_URL), autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN_URL} (set EGATE_TEST_PG_URL): {exc}")
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _truncate_all(database: Database) -> None:
    tables = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    with database.engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A migrated, empty database on each backend."""
    if request.param == "sqlite":
        database = open_database(sqlite_url(tmp_path / "egate.db"))
    else:
        url = request.getfixturevalue("pg_url")
        engine = create_db_engine(url)
        database = Database(url, engine, session_factory(engine))
        _truncate_all(database)
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture(scope="session")
def fast_hasher() -> PasswordHasher:
    """argon2id with minimal cost: the production parameters take ~50 ms per hash."""
    return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture(scope="session")
def gate_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()
