"""Audit export (JSON lines, streamed) and verification of every gate's chain; an export is itself audited."""

from __future__ import annotations

from collections.abc import Iterator

from gate.audit import VerifyReport, verify_database, verify_gate
from gate.audit.stored import iter_jsonl
from gate.service.fleet import GateFleet
from gate.service.officers import officer_action
from gate.store import Officer


class AuditService:
    def __init__(self, fleet: GateFleet) -> None:
        self._fleet = fleet

    def export(self, by: Officer, gate_id: str | None = None) -> Iterator[str]:
        """Audit the export now, then stream each gate's chain in order (the lines of ``egate audit export``)."""
        if gate_id is not None:
            self._fleet.audit(gate_id)  # NotFoundError for an unknown gate
        codes = ("AUDIT_EXPORT",) + ((f"GATE:{gate_id}",) if gate_id else ())
        self._fleet.audit(self._fleet.service_gate_id).append(officer_action(by, "exported audit", codes=codes))
        return iter_jsonl(self._fleet.db.sessions, gate_id)

    def verify(self, gate_id: str | None = None) -> list[VerifyReport]:
        sessions = self._fleet.db.sessions
        return [verify_gate(sessions, gate_id)] if gate_id else verify_database(sessions)
