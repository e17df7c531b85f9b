"""The purge job deletes expired captures and audits each purge; the log opens from settings."""

from __future__ import annotations

import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

from gate.audit import open_audit_log, purge_captures, verify_gate
from gate.store import (
    CaptureCipher,
    CaptureVault,
    Database,
    GateRepository,
    ReferralRepository,
    StoreSettings,
    TransactionRepository,
)
from gate.store.audit_repo import AuditRepository

T0 = datetime(2026, 6, 1, tzinfo=UTC)


def test_purge_job_is_audited(db: Database, tmp_path: Path) -> None:
    now = [T0]
    paths = StoreSettings(database_url=db.url, gate_id="gate-a").resolve(tmp_path)
    log = open_audit_log(db, paths, clock=lambda: now[0])
    assert stat.S_IMODE(paths.audit_key_path.stat().st_mode) == 0o600
    cipher = CaptureCipher(bytes(32))
    with db.sessions.begin() as session:
        GateRepository(session).ensure("gate-a")
        tx = TransactionRepository(session).create("gate-a")
        ReferralRepository(session).open(tx.id, ["PAD_ALARM"])
        vault = CaptureVault(session, cipher, retention=timedelta(hours=1), clock=lambda: now[0])
        vault.store(tx.id, "face_live", b"jpeg")
        vault.store(tx.id, "face_live", b"jpeg2")
    assert purge_captures(db, cipher, log, retention=timedelta(hours=1), clock=lambda: now[0]) == []
    now[0] = T0 + timedelta(hours=1)
    assert len(purge_captures(db, cipher, log, retention=timedelta(hours=1), clock=lambda: now[0])) == 2
    with db.sessions() as session:
        records = AuditRepository(session).for_transaction(tx.id)
    assert [r.event_type for r in records] == ["capture_purged"]
    assert '"COUNT:2"' in records[0].body
    assert verify_gate(db.sessions, "gate-a").ok
