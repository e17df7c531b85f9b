"""The audit event of a lane's door signal outside a transaction: ``DOOR_SIGNAL``, ``DOOR:<name>``,
``SIGNAL:<tailgating|fault|forced>``. A supervisor's door command is recorded by
:class:`gate.door_audit.AuditedDoor`, as the gate's own are.
"""

from __future__ import annotations

from gate.audit import AuditEvent
from gate.ports import DoorSignal


def door_signal_event(door: str, signal: DoorSignal) -> AuditEvent:
    return AuditEvent(event_type="gate_event", reason_codes=("DOOR_SIGNAL", f"DOOR:{door}", f"SIGNAL:{signal.value}"))
