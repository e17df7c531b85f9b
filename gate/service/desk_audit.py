"""The desk's own signed audit chain, ``desk:<desk_id>``: every step of every case, with who took it.

A record names the case id, the action, the states before and after, the actor's desk role and, for an
account, its audit code (:func:`gate.service.officers.officer_code`); capture steps add the slot and the
quality codes. Never a name, a date of birth, an ID number, an image or a template.
"""

from __future__ import annotations

from pathlib import Path

from enrollment.desk.case import Actor, CaseState
from gate.audit import AuditEvent, AuditLog, OfficerAction, load_or_create_signing_key
from gate.store import Database


def desk_chain_id(desk_id: str) -> str:
    return f"desk:{desk_id}"


def open_desk_audit(db: Database, desk_id: str, key_dir: Path, checkpoint_every: int = 0) -> AuditLog:
    """The desk's chain (registered, with its public key, beside the gates' chains)."""
    key = load_or_create_signing_key(key_dir / f"{desk_id}-audit-ed25519.pem")
    log = AuditLog(db.sessions, desk_chain_id(desk_id), key, checkpoint_every=checkpoint_every)
    log.register_gate(f"desk {desk_id}")
    return log


def desk_event(case_id: str, actor: Actor, action: str, source: CaseState, target: CaseState,
               codes: tuple[str, ...] = ()) -> AuditEvent:
    officer = None if actor.role == "system" else OfficerAction(officer_id=actor.name, verdict="other",
                                                                 reason=f"desk {action}")
    return AuditEvent(event_type="desk_action", transaction_id=case_id, officer=officer, reason_codes=(
        f"ACTION:{action}", f"FROM:{source.value}", f"TO:{target.value}", f"ROLE:{actor.role}", *codes))
