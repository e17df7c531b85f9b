"""The desk's own signed audit chain, ``desk:<desk_id>``: every step of every case, with who took it.

A record names the case id, the action, the states before and after, the actor's desk role and, for an
account, its audit code (:func:`gate.service.officers.officer_code`); capture steps add the slot and the
quality codes. Never a name, a date of birth, an ID number, an image or a template.
"""

from __future__ import annotations

import threading
from pathlib import Path

from enrollment.desk.case import Actor, CaseState
from gate.audit import AuditEvent, AuditLog, OfficerAction, load_or_create_signing_key
from gate.store import Database


def desk_chain_id(desk_id: str) -> str:
    return f"desk:{desk_id}"


class DeskAudit:
    """The desk's chain, registered (with its public key, beside the gates' chains, so that ``egate audit
    verify`` covers it) on the desk's first step, not before: a service that runs no desk has no desk row."""

    def __init__(self, db: Database, desk_id: str, key_dir: Path, checkpoint_every: int = 0) -> None:
        self._db, self._desk_id, self._key_dir, self._every = db, desk_id, key_dir, checkpoint_every
        self._log: AuditLog | None = None
        self._lock = threading.Lock()

    def log(self) -> AuditLog:
        """Call it outside any open write transaction: the first call registers the chain."""
        with self._lock:
            if self._log is None:
                key = load_or_create_signing_key(self._key_dir / f"{self._desk_id}-audit-ed25519.pem")
                log = AuditLog(self._db.sessions, desk_chain_id(self._desk_id), key, checkpoint_every=self._every)
                log.register_gate(f"desk {self._desk_id}")
                self._log = log
            return self._log


def desk_event(case_id: str, actor: Actor, action: str, source: CaseState, target: CaseState,
               codes: tuple[str, ...] = ()) -> AuditEvent:
    officer = None if actor.role == "system" else OfficerAction(officer_id=actor.name, verdict="other",
                                                                 reason=f"desk {action}")
    return AuditEvent(event_type="desk_action", transaction_id=case_id, officer=officer, reason_codes=(
        f"ACTION:{action}", f"FROM:{source.value}", f"TO:{target.value}", f"ROLE:{actor.role}", *codes))
