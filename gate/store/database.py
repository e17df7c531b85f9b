"""One handle on a database: its engine and session factory, migrated on open."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from gate.store.db import create_db_engine, session_factory
from gate.store.schema import migrate


@dataclass(frozen=True)
class Database:
    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(url: str, *, upgrade: bool = True) -> Database:
    """Connect to ``url`` and, unless ``upgrade=False``, migrate it to the newest schema."""
    engine = create_db_engine(url)
    if upgrade:
        migrate(url, engine=engine)
    return Database(url, engine, session_factory(engine))
