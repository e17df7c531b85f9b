"""The audit events of a lane's doors outside a transaction: a supervisor's command, a sensor's signal.

Same codes as :mod:`gate.door_audit` (``DOOR_COMMAND``, ``DOOR:<name>``, ``COMMAND:<lock|unlock>``,
``STATE:<locked|open>``), so the chain reads the same whoever moved the door; a signal is
``DOOR_SIGNAL``, ``DOOR:<name>``, ``SIGNAL:<tailgating|fault|forced>``.
"""

from __future__ import annotations

from gate.audit import AuditEvent
from gate.ports import Door, DoorSignal, DoorState


def door_command_event(door: str, command: str, state: DoorState, transaction_id: str | None,
                       by: str) -> AuditEvent:
    return AuditEvent(event_type="gate_event", transaction_id=transaction_id, reason_codes=(
        "DOOR_COMMAND", f"DOOR:{door}", f"COMMAND:{command}", f"STATE:{state.value}", f"BY:{by}"))


def door_signal_event(door: str, signal: DoorSignal) -> AuditEvent:
    return AuditEvent(event_type="gate_event", reason_codes=("DOOR_SIGNAL", f"DOOR:{door}", f"SIGNAL:{signal.value}"))


def command(door: Door, verb: str) -> DoorState:
    """``lock`` or ``unlock`` the door; the state it reports after."""
    door.lock() if verb == "lock" else door.unlock()
    return door.state
