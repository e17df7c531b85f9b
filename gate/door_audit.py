"""Doors as audited devices: every command to a door, and the state the door reports after it, is a
``gate_event`` in the gate's chain (codes ``DOOR_COMMAND``, ``DOOR:<name>``, ``COMMAND:<lock|unlock>``,
``STATE:<locked|open>``, and ``BY:<officer code>`` when a supervisor commanded it remotely), so "no door was
left open" can be checked from the chain alone, whoever moved the door.

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


def door_event(transaction_id: str | None, door: str, command: str, state: DoorState,
               by: str | None = None) -> AuditEvent:
    """``by``: the code of the officer who commanded the door, outside the gate's own transaction flow."""
    codes = ("DOOR_COMMAND", f"DOOR:{door}", f"COMMAND:{command}", f"STATE:{state.value}")
    return AuditEvent(event_type="gate_event", transaction_id=transaction_id,
                      reason_codes=codes if by is None else (*codes, f"BY:{by}"))


class AuditedDoor:
    """A :class:`gate.ports.Door` that records each command with the state read back after it.

    ``by`` and ``gate_id`` serve a supervisor's remote command: the officer's code goes into each record,
    the gate's id into the log line of a record that failed."""

    def __init__(self, door: Door, record: Callable[[AuditEvent], None], transaction_id: str | None, *,
                 by: str | None = None, gate_id: str | None = None) -> None:
        self._door, self._record, self._transaction_id, self._by = door, record, transaction_id, by
        self._log = log if gate_id is None else log.bind(gate_id=gate_id)
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
            self._record(door_event(self._transaction_id, self.name, "unlock", self._door.state, self._by))
        except Exception:
            self._door.lock()  # no open door without its record
            raise

    def lock(self) -> None:
        self._door.lock()
        try:
            self._record(door_event(self._transaction_id, self.name, "lock", self._door.state, self._by))
        except Exception as exc:
            self._log.error("door_record_failed", transaction_id=self._transaction_id, door=self.name,
                            **failure_fields(exc))


def audited(door: Door, record: Callable[[AuditEvent], None], transaction_id: str) -> Door:
    """``door`` wrapped once (a door already audited keeps its wrapper)."""
    return door if isinstance(door, AuditedDoor) else AuditedDoor(door, record, transaction_id)
