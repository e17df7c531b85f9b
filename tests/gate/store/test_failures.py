"""Typed database failures and private database files: an unreachable server or a bad URL is one typed
error (never a driver traceback), and SQLite files are created 0600."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from gate.store import (
    DatabaseUnavailable,
    DatabaseUrlError,
    GateRepository,
    create_db_engine,
    open_database,
    sqlite_url,
)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_sqlite_files_are_private(tmp_path: Path) -> None:
    db = open_database(sqlite_url(tmp_path / "egate.db"))
    try:
        with db.sessions.begin() as session:
            GateRepository(session).ensure("gate-a")
        with db.sessions() as session:
            session.execute(text("SELECT 1"))
            files = [p for p in tmp_path.iterdir() if p.name.startswith("egate.db")]
            assert {p.name for p in files} >= {"egate.db", "egate.db-wal", "egate.db-shm"}
            assert {p.name: _mode(p) for p in files} == {p.name: 0o600 for p in files}
    finally:
        db.dispose()


def test_an_existing_world_readable_database_is_tightened(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    open_database(sqlite_url(path)).dispose()
    path.chmod(0o644)
    open_database(sqlite_url(path)).dispose()
    assert _mode(path) == 0o600


def test_an_unreachable_server_is_database_unavailable() -> None:
    engine = create_db_engine("postgresql+psycopg://postgres@127.0.0.1:1/egate")
    with pytest.raises(DatabaseUnavailable, match="unavailable"), engine.connect():
        pass
    engine.dispose()


def test_an_unreadable_sqlite_path_is_database_unavailable(tmp_path: Path) -> None:
    (tmp_path / "dir.db").mkdir()  # a directory where the database file should be
    with pytest.raises(DatabaseUnavailable, match=r"dir\.db"):
        open_database(sqlite_url(tmp_path / "dir.db"))


@pytest.mark.parametrize("url", ["", "no url at all", "oracle+cx_oracle://gate@db/egate"])
def test_a_bad_url_is_a_typed_error(url: str) -> None:
    with pytest.raises(DatabaseUrlError):
        create_db_engine(url)
