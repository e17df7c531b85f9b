"""The SQLite writers' queue: held for exactly one write transaction, whatever way it ends; readers skip it;
many threads writing at once all get through."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, event, text

from gate.store import GateRepository, open_database, read_only, sqlite_url
from gate.store.sqlite_writers import queue_writers


def _engine(tmp_path: Path) -> tuple[Any, Any]:
    engine = create_engine(sqlite_url(tmp_path / "q.db"))

    def reader(connection: Any) -> bool:
        return bool(connection.get_execution_options().get("reader", False))

    lock = queue_writers(engine, reader)
    event.listen(engine, "connect", lambda c, _r: setattr(c, "isolation_level", None))
    event.listen(engine, "begin", lambda c: c.exec_driver_sql("BEGIN" if reader(c) else "BEGIN IMMEDIATE"))
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (n INTEGER)"))
    return engine, lock


def test_the_lock_is_held_for_one_write_transaction(tmp_path: Path) -> None:
    engine, lock = _engine(tmp_path)
    with engine.connect() as connection:
        with connection.begin():
            connection.execute(text("INSERT INTO t VALUES (1)"))
            assert lock.locked()
        assert not lock.locked()  # committed
        with pytest.raises(ZeroDivisionError), connection.begin():
            connection.execute(text("INSERT INTO t VALUES (2)"))
            raise ZeroDivisionError
        assert not lock.locked()  # rolled back
        connection.begin()
        assert lock.locked()
    assert not lock.locked()  # the connection went back to the pool with its transaction open
    with engine.connect().execution_options(reader=True) as connection, connection.begin():
        connection.execute(text("SELECT * FROM t"))
        assert not lock.locked()  # readers never queue
    engine.dispose()


def test_many_threads_write_at_once(tmp_path: Path) -> None:
    db = open_database(sqlite_url(tmp_path / "many.db"))

    def write(n: int) -> None:
        for k in range(10):
            with db.sessions.begin() as session:
                GateRepository(session).ensure(f"gate-{n}-{k}")

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(write, range(8)))
    with db.sessions() as session:
        assert len(GateRepository(read_only(session)).all()) == 80
    db.dispose()
