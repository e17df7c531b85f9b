"""Who an officer is in the audit trail: the account name when it is a plain code, else the account id."""

from __future__ import annotations

from gate.audit import AuditEvent, OfficerAction
from gate.identifiers import CODE
from gate.store import Officer

__all__ = ["CODE", "officer_action", "officer_code"]


def officer_code(officer: Officer) -> str:
    return officer.username if CODE.fullmatch(officer.username) else f"officer-{officer.id}"


def officer_action(officer: Officer, action: str, *, transaction_id: str | None = None,
                   codes: tuple[str, ...] = ()) -> AuditEvent:
    """An ``officer_action`` audit event: ``action`` is a short description, ``codes`` its reason codes."""
    return AuditEvent(event_type="officer_action", transaction_id=transaction_id, reason_codes=codes,
                      officer=OfficerAction(officer_id=officer_code(officer), verdict="other", reason=action))
