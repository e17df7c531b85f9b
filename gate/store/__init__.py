"""Persistence: SQLAlchemy 2 models, Alembic migrations, repositories and the encrypted capture vault.

Public API::

    open_database(url) -> Database(engine, sessions)     connect and migrate (SQLite or PostgreSQL)
    create_db_engine, session_factory, migrate, sqlite_url
    GateRepository, OfficerRepository, TransactionRepository, ReferralRepository,
    RuntimeSettingsRepository, AuditRepository           each built on a Session; the caller commits
    CaptureVault, CaptureCipher, load_capture_key         encrypted captures of referred transactions
    StoreSettings                                        settings section for ``gate.settings``

Unit of work: ``with db.sessions.begin() as session: GateRepository(session).create(...)``.
"""

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
    NotFoundError,
    StoreError,
)
from gate.store.gates import Gate, GateRepository
from gate.store.migrate import current_revision, head_revision, migrate
from gate.store.officers import Officer, OfficerRepository, Role
from gate.store.referrals import Referral, ReferralRepository, Verdict
from gate.store.runtime_settings import FMR_TARGET, RuntimeSettingsRepository
from gate.store.settings import StorePaths, StoreSettings
from gate.store.transactions import Transaction, TransactionRepository
from gate.store.vault import CaptureInfo, CaptureVault

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
    "Gate",
    "GateRepository",
    "NotFoundError",
    "Officer",
    "OfficerRepository",
    "Referral",
    "ReferralRepository",
    "Role",
    "RuntimeSettingsRepository",
    "StoreError",
    "StorePaths",
    "StoreSettings",
    "StoredCheckpoint",
    "StoredRecord",
    "Transaction",
    "TransactionRepository",
    "Verdict",
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
