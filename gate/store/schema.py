"""Schema migrations, run from code: ``migrate(url)`` upgrades a database to the newest revision.

Alembic's configuration is built here rather than read from an ``alembic.ini`` at the repository
root, so the installed package carries everything it needs. To write a new revision by hand, run
``uv run python -m gate.store.schema revision -m "what changed"`` (autogenerates against a scratch
SQLite database at the current head).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from gate.store.db import create_db_engine, sqlite_url

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

__all__ = ["current_revision", "head_revision", "migrate"]


def _config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def migrate(url: str, revision: str = "head", *, engine: Engine | None = None) -> None:
    """Upgrade the database at ``url`` (or behind ``engine``) to ``revision``."""
    own = engine is None
    engine = engine or create_db_engine(url)
    try:
        with engine.begin() as connection:
            config = _config(url)
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        if own:
            engine.dispose()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(_config("sqlite://")).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _new_revision(message: str) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        url = sqlite_url(Path(scratch) / "scratch.db")
        migrate(url)
        command.revision(_config(url), message=message, autogenerate=True)


if __name__ == "__main__" and sys.argv[1:2] == ["revision"]:
    _new_revision(sys.argv[sys.argv.index("-m") + 1] if "-m" in sys.argv else "revision")
