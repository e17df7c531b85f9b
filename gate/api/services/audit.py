"""Audit export (JSON lines) and verification of every gate's chain; an export is itself audited."""

from __future__ import annotations

import io

from gate.api.fleet import GateFleet
from gate.api.services.officers import officer_action
from gate.audit import VerifyReport, export_jsonl, verify_database, verify_gate
from gate.store import Officer


class AuditService:
    def __init__(self, fleet: GateFleet) -> None:
        self._fleet = fleet

    def export(self, by: Officer, gate_id: str | None = None) -> str:
        if gate_id is not None:
            self._fleet.audit(gate_id)  # NotFoundError for an unknown gate
        codes = ("AUDIT_EXPORT",) + ((f"GATE:{gate_id}",) if gate_id else ())
        self._fleet.audit(self._fleet.service_gate_id).append(officer_action(by, "exported audit", codes=codes))
        out = io.StringIO()
        export_jsonl(self._fleet.db.sessions, out, gate_id)
        return out.getvalue()

    def verify(self, gate_id: str | None = None) -> list[VerifyReport]:
        sessions = self._fleet.db.sessions
        return [verify_gate(sessions, gate_id)] if gate_id else verify_database(sessions)
