"""Doors as audited devices, for both callers of :class:`gate.door_audit.AuditedDoor`: a transaction's doors
(no officer) and a supervisor's remote command (``BY:<officer code>``, no transaction for a lock, the gate's
id in the log of a record that failed)."""

from __future__ import annotations

import pytest
from structlog.testing import capture_logs

from gate.audit import AuditEvent
from gate.devices.doors import SimulatedDoor
from gate.door_audit import AuditedDoor
from gate.ports import DoorState


def test_a_transaction_door_records_each_command_with_the_state_after_it() -> None:
    recorded: list[AuditEvent] = []
    door = AuditedDoor(SimulatedDoor("exit"), recorded.append, "t-1")
    door.unlock()
    door.lock()
    assert [(e.event_type, e.transaction_id, e.reason_codes) for e in recorded] == [
        ("gate_event", "t-1", ("DOOR_COMMAND", "DOOR:exit", "COMMAND:unlock", "STATE:open")),
        ("gate_event", "t-1", ("DOOR_COMMAND", "DOOR:exit", "COMMAND:lock", "STATE:locked"))]


def test_a_supervisors_command_names_the_officer() -> None:
    recorded: list[AuditEvent] = []
    AuditedDoor(SimulatedDoor("entry"), recorded.append, None, by="sup-7", gate_id="gate-a").lock()
    assert [(e.transaction_id, e.reason_codes) for e in recorded] == [
        (None, ("DOOR_COMMAND", "DOOR:entry", "COMMAND:lock", "STATE:locked", "BY:sup-7"))]


def test_fail_secure_for_a_supervisors_command_too() -> None:
    inner = SimulatedDoor("exit")

    def refuse(_event: AuditEvent) -> None:
        raise OSError("database went away")

    door = AuditedDoor(inner, refuse, None, by="sup-7", gate_id="gate-a")
    with pytest.raises(OSError):
        door.unlock()
    assert inner.state is DoorState.LOCKED and inner.events == ["unlocked", "locked"]
    with capture_logs() as logs:
        door.lock()  # kept locked; the failed record is logged, not raised
    assert inner.state is DoorState.LOCKED
    assert [(e["event"], e["gate_id"], e["door"], e["error"]) for e in logs] == [
        ("door_record_failed", "gate-a", "exit", "OSError")]
    assert "database went away" not in str(logs)  # the failure's type and place, never its message
