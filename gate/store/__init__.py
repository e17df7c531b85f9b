"""Persistence: SQLAlchemy 2 models, Alembic migrations, repositories and the encrypted capture vault.

Public API::

    open_database(url) -> Database(engine, sessions)     connect and migrate (SQLite or PostgreSQL)
    create_db_engine, session_factory, migrate, sqlite_url
    GateRepository, OfficerRepository, TransactionRepository, ReferralRepository,
    RuntimeSettingsRepository, AuditRepository           each built on a Session; the caller commits
    CaptureVault, CaptureCipher, load_capture_key         encrypted captures of referred transactions
    StoreSettings                                        settings section for ``gate.settings``

Unit of work: ``with db.sessions.begin() as session: GateRepository(session).create(...)``.

Names load lazily (PEP 562 ``__getattr__``): ``gate.settings`` nests :class:`StoreSettings`, and
importing it must not load SQLAlchemy, Alembic and argon2 for every command. (No submodule may share
an exported name: the import system would bind the module over it.)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gate.store.audit_repo import AuditRepository, StoredCheckpoint, StoredRecord
    from gate.store.capture_key import CaptureCipher, create_capture_key_file, load_capture_key
    from gate.store.clock import Clock, utc_now
    from gate.store.database import Database, open_database
    from gate.store.db import create_db_engine, is_sqlite, read_only, session_factory, sqlite_url
    from gate.store.errors import (
        CaptureDecryptError,
        CaptureError,
        CaptureKeyError,
        CaptureNotAllowedError,
        ConflictError,
        DatabaseUnavailable,
        DatabaseUrlError,
        NotFoundError,
        StoreError,
    )
    from gate.store.gates import Gate, GateRepository
    from gate.store.officers import Officer, OfficerRepository, Role
    from gate.store.outbox import OutboxRepository, PendingFinish
    from gate.store.referrals import OfficerVerdict, Referral, ReferralRepository
    from gate.store.revoked_tokens import RevokedTokenRepository
    from gate.store.runtime_settings import FMR_TARGET, RuntimeSettingsRepository
    from gate.store.schema import current_revision, head_revision, migrate
    from gate.store.settings import StorePaths, StoreSettings
    from gate.store.transactions import Transaction, TransactionRepository
    from gate.store.vault import CaptureInfo, CaptureVault

_EXPORTS: dict[str, str] = {
    "AuditRepository": "gate.store.audit_repo",
    "CaptureCipher": "gate.store.capture_key",
    "CaptureDecryptError": "gate.store.errors",
    "CaptureError": "gate.store.errors",
    "CaptureInfo": "gate.store.vault",
    "CaptureKeyError": "gate.store.errors",
    "CaptureNotAllowedError": "gate.store.errors",
    "CaptureVault": "gate.store.vault",
    "Clock": "gate.store.clock",
    "ConflictError": "gate.store.errors",
    "Database": "gate.store.database",
    "DatabaseUnavailable": "gate.store.errors",
    "DatabaseUrlError": "gate.store.errors",
    "FMR_TARGET": "gate.store.runtime_settings",
    "Gate": "gate.store.gates",
    "GateRepository": "gate.store.gates",
    "NotFoundError": "gate.store.errors",
    "Officer": "gate.store.officers",
    "OfficerRepository": "gate.store.officers",
    "OutboxRepository": "gate.store.outbox",
    "PendingFinish": "gate.store.outbox",
    "Referral": "gate.store.referrals",
    "ReferralRepository": "gate.store.referrals",
    "RevokedTokenRepository": "gate.store.revoked_tokens",
    "Role": "gate.store.officers",
    "RuntimeSettingsRepository": "gate.store.runtime_settings",
    "StoreError": "gate.store.errors",
    "StorePaths": "gate.store.settings",
    "StoreSettings": "gate.store.settings",
    "StoredCheckpoint": "gate.store.audit_repo",
    "StoredRecord": "gate.store.audit_repo",
    "Transaction": "gate.store.transactions",
    "TransactionRepository": "gate.store.transactions",
    "OfficerVerdict": "gate.store.referrals",
    "create_capture_key_file": "gate.store.capture_key",
    "create_db_engine": "gate.store.db",
    "current_revision": "gate.store.schema",
    "head_revision": "gate.store.schema",
    "is_sqlite": "gate.store.db",
    "load_capture_key": "gate.store.capture_key",
    "migrate": "gate.store.schema",
    "open_database": "gate.store.database",
    "read_only": "gate.store.db",
    "session_factory": "gate.store.db",
    "sqlite_url": "gate.store.db",
    "utc_now": "gate.store.clock",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'gate.store' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "FMR_TARGET",
    "AuditRepository",
    "CaptureCipher",
    "CaptureDecryptError",
    "CaptureError",
    "CaptureInfo",
    "CaptureKeyError",
    "CaptureNotAllowedError",
    "CaptureVault",
    "Clock",
    "ConflictError",
    "Database",
    "DatabaseUnavailable",
    "DatabaseUrlError",
    "Gate",
    "GateRepository",
    "NotFoundError",
    "Officer",
    "OfficerRepository",
    "OfficerVerdict",
    "OutboxRepository",
    "PendingFinish",
    "Referral",
    "ReferralRepository",
    "RevokedTokenRepository",
    "Role",
    "RuntimeSettingsRepository",
    "StoreError",
    "StorePaths",
    "StoreSettings",
    "StoredCheckpoint",
    "StoredRecord",
    "Transaction",
    "TransactionRepository",
    "create_capture_key_file",
    "create_db_engine",
    "current_revision",
    "head_revision",
    "is_sqlite",
    "load_capture_key",
    "migrate",
    "open_database",
    "read_only",
    "session_factory",
    "sqlite_url",
    "utc_now",
]
