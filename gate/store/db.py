"""Engines and sessions for the two supported databases.

* SQLite (the embedded default, one gate): WAL journal, ``synchronous=FULL`` (a committed audit record
  survives a crash), foreign keys on, a 10 s busy timeout, and every transaction opened with
  ``BEGIN IMMEDIATE`` so that writers queue up front instead of failing half-way on a lock upgrade.
  Long readers (verification, export) call :func:`read_only` first: a deferred ``BEGIN`` that, under
  WAL, never blocks the gate's writers.
* PostgreSQL (a fleet of gates): ``postgresql+psycopg://…`` with psycopg 3, pool pre-ping.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

__all__ = ["create_db_engine", "is_sqlite", "read_only", "session_factory", "sqlite_url"]

_READ_ONLY = "egate_read_only"


def sqlite_url(path: Path) -> str:
    return f"sqlite+pysqlite:///{path}"


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def create_db_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine for ``url`` with the pragmas and locking described above."""
    if not is_sqlite(url):
        return create_engine(url, echo=echo, pool_pre_ping=True)
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, echo=echo, connect_args={"timeout": 10})
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # the driver stops issuing its own BEGIN; see _on_begin
    cursor = dbapi_connection.cursor()
    try:
        for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "busy_timeout=10000"):
            cursor.execute(f"PRAGMA {pragma}")
    finally:
        cursor.close()


def _sqlite_on_begin(connection: Any) -> None:
    deferred = connection.get_execution_options().get(_READ_ONLY, False)
    connection.exec_driver_sql("BEGIN" if deferred else "BEGIN IMMEDIATE")


def read_only(session: Session) -> Session:
    """Mark ``session`` (before its first query) as a reader: on SQLite it will not take the write lock."""
    session.connection(execution_options={_READ_ONLY: True})
    return session


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
