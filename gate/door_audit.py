"""Doors as audited devices: every command to a door, and the state the door reports after it, is a
``gate_event`` in the gate's chain (codes ``DOOR_COMMAND``, ``DOOR:<name>``, ``COMMAND:<lock|unlock>``,
``STATE:<locked|open>``), so "no door was left open" can be checked from the chain alone.

Fail-secure: an unlock whose record cannot be written is undone (the door is locked again) and the
failure raised, so no door stays open without its record; a lock is never undone — its record failing
is logged, and the door stays locked.
"""

from __future__ import annotations

from collections.abc import Callable

import structlog

from gate.audit import AuditEvent
from gate.logging import failure_fields
from gate.ports import Door, DoorState

log = structlog.get_logger(__name__)


def door_event(transaction_id: str, door: str, command: str, state: DoorState) -> AuditEvent:
    return AuditEvent(event_type="gate_event", transaction_id=transaction_id,
                      reason_codes=("DOOR_COMMAND", f"DOOR:{door}", f"COMMAND:{command}", f"STATE:{state.value}"))


class AuditedDoor:
    """A :class:`gate.ports.Door` that records each command with the state read back after it."""

    def __init__(self, door: Door, record: Callable[[AuditEvent], None], transaction_id: str) -> None:
        self._door, self._record, self._transaction_id = door, record, transaction_id
        self.name = door.name

    @property
    def state(self) -> DoorState:
        return self._door.state

    @property
    def inner(self) -> Door:
        return self._door

    def unlock(self) -> None:
        self._door.unlock()
        try:
            self._record(door_event(self._transaction_id, self.name, "unlock", self._door.state))
        except Exception:
            self._door.lock()  # no open door without its record
            raise

    def lock(self) -> None:
        self._door.lock()
        try:
            self._record(door_event(self._transaction_id, self.name, "lock", self._door.state))
        except Exception as exc:
            log.error("door_record_failed", transaction_id=self._transaction_id, door=self.name,
                      **failure_fields(exc))


def audited(door: Door, record: Callable[[AuditEvent], None], transaction_id: str) -> Door:
    """``door`` wrapped once (a door already audited keeps its wrapper)."""
    return door if isinstance(door, AuditedDoor) else AuditedDoor(door, record, transaction_id)
