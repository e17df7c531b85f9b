"""Engines and sessions for the two supported databases.

* SQLite (the embedded default, one gate): WAL journal, ``synchronous=FULL`` (a committed audit record
  survives a crash), foreign keys on, a 10 s busy timeout, and every transaction opened with
  ``BEGIN IMMEDIATE`` so that writers queue up front instead of failing half-way on a lock upgrade.
  Long readers (verification, export) call :func:`read_only` first: a deferred ``BEGIN`` that, under
  WAL, never blocks the gate's writers.
* PostgreSQL (a fleet of gates): ``postgresql+psycopg://…`` with psycopg 3, pool pre-ping, a 5 s
  connect timeout.

On both, an operational error (server down, connection lost, I/O error, lock timeout) is raised as
:class:`gate.store.errors.DatabaseUnavailable`, so callers see one typed error for "try again later";
a malformed URL or a missing driver is :class:`gate.store.errors.DatabaseUrlError`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext, make_url
from sqlalchemy.exc import ArgumentError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from gate.store.errors import DatabaseUnavailable, DatabaseUrlError
from gate.store.sqlite_writers import queue_writers

__all__ = ["create_db_engine", "is_sqlite", "read_only", "session_factory", "sqlite_url"]

_READ_ONLY = "egate_read_only"


def sqlite_url(path: Path) -> str:
    return f"sqlite+pysqlite:///{path}"


def is_sqlite(url: str) -> bool:
    try:
        return make_url(url).get_backend_name() == "sqlite"
    except ArgumentError as exc:
        raise DatabaseUrlError(f"the database URL is not valid: {exc}") from None


def create_db_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine for ``url`` with the pragmas and locking described above."""
    try:
        engine = _engine(url, echo)
    except ArgumentError as exc:  # also NoSuchModuleError: an unknown dialect or driver
        raise DatabaseUrlError(f"the database URL is not valid: {exc}") from None
    except ModuleNotFoundError as exc:
        raise DatabaseUrlError(f"the database driver is not installed: {exc.name}") from None
    event.listen(engine, "handle_error", _unavailable)
    return engine


def _engine(url: str, echo: bool) -> Engine:
    if not is_sqlite(url):
        return create_engine(url, echo=echo, pool_pre_ping=True, connect_args={"connect_timeout": 5})
    database = make_url(url).database
    if database and database != ":memory:" and not database.startswith("file:"):
        _private_files(Path(database))
    engine = create_engine(url, echo=echo, connect_args={"timeout": 10})
    event.listen(engine, "connect", _sqlite_on_connect)
    queue_writers(engine, _is_reader)  # before BEGIN IMMEDIATE: this process's writers queue on a lock
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _private_files(path: Path) -> None:
    """The database file (officers' argon2 hashes, the audit chain) readable by its owner only: created
    0600 before SQLite opens it (SQLite gives its -wal and -shm files the database file's mode), and an
    existing file, or its -wal/-shm, tightened to 0600."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    except OSError as exc:
        raise DatabaseUnavailable(f"database file {path}: {exc.strerror}") from exc
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            if file.stat().st_mode & 0o077:
                file.chmod(0o600)
        except (FileNotFoundError, PermissionError):  # not there yet, or not ours (then SQLite says so)
            continue


def _unavailable(context: ExceptionContext) -> None:
    """Raise an operational error as :class:`DatabaseUnavailable` (but let pre-ping reconnect first)."""
    if context.is_pre_ping:
        return
    error = context.sqlalchemy_exception
    if context.is_disconnect or isinstance(error, OperationalError | InterfaceError):
        first = str(context.original_exception).strip().splitlines()
        raise DatabaseUnavailable(f"database unavailable: {first[0] if first else type(error).__name__}") from error


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # the driver stops issuing its own BEGIN; see _on_begin
    cursor = dbapi_connection.cursor()
    try:
        for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "busy_timeout=10000"):
            cursor.execute(f"PRAGMA {pragma}")
    finally:
        cursor.close()


def _is_reader(connection: Any) -> bool:
    return bool(connection.get_execution_options().get(_READ_ONLY, False))


def _sqlite_on_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN" if _is_reader(connection) else "BEGIN IMMEDIATE")


def read_only(session: Session) -> Session:
    """Mark ``session`` (before its first query) as a reader: on SQLite it will not take the write lock."""
    session.connection(execution_options={_READ_ONLY: True})
    return session


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
