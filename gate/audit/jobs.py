"""Wiring and jobs that join the audit log to the store: open a gate's log from resolved settings,
and the capture purge job, which deletes expired or decided captures and audits each purge in the
same database transaction (so a purge is never unrecorded, nor recorded without happening)."""

from __future__ import annotations

from datetime import timedelta

from gate.audit.keys import load_or_create_signing_key
from gate.audit.log import AuditLog
from gate.audit.records import AuditEvent
from gate.store.capture_key import CaptureCipher
from gate.store.clock import Clock, utc_now
from gate.store.database import Database
from gate.store.settings import StorePaths
from gate.store.vault import CaptureInfo, CaptureVault


def open_audit_log(db: Database, paths: StorePaths, *, clock: Clock = utc_now) -> AuditLog:
    """The gate's audit log: loads (or creates, 0600) its key and registers the gate if needed."""
    key = load_or_create_signing_key(paths.audit_key_path)
    log = AuditLog(db.sessions, paths.gate_id, key, clock=clock, checkpoint_every=paths.audit_checkpoint_every)
    log.register_gate()
    return log


def purge_captures(db: Database, cipher: CaptureCipher, log: AuditLog, *,
                   retention: timedelta, clock: Clock = utc_now) -> list[CaptureInfo]:
    """Run the purge once (e.g. hourly, and after each officer decision); returns what was deleted."""
    with db.sessions.begin() as session:
        purged = CaptureVault(session, cipher, retention=retention, clock=clock).purge()
        for transaction_id in sorted({capture.transaction_id for capture in purged}):
            count = sum(capture.transaction_id == transaction_id for capture in purged)
            log.append_in(session, AuditEvent(
                event_type="capture_purged", transaction_id=transaction_id,
                reason_codes=("CAPTURES_PURGED", f"COUNT:{count}"),
            ))
    return purged
