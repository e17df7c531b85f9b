"""Door commands are audited events, and a decision that cannot be recorded waits in the outbox until
it is (never a log line only)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from gate.audit import verify_gate
from gate.devices.doors import SimulatedDoor
from gate.door_audit import AuditedDoor
from gate.finish_outbox import record_pending
from gate.policy import Verdict
from gate.ports import DoorState
from gate.recording import StoreRecorder
from gate.store import AuditRepository, OutboxRepository, ReferralRepository, TransactionRepository
from tests.gate.conftest import GateFactory, World, events, run


def _door_log(bodies: list[dict[str, object]]) -> list[tuple[str, ...]]:
    return [tuple(b["reason_codes"])[1:] for b in bodies  # type: ignore[arg-type]
            if b["event_type"] == "gate_event" and "DOOR_COMMAND" in b["reason_codes"]]  # type: ignore[operator]


def test_every_door_command_and_state_is_in_the_chain(world: World, make_gate: GateFactory) -> None:
    gate = make_gate()
    card, key = world.issue()
    result, d = run(gate, card, key, [world.photo("obama-480p.jpg")])
    assert result.decision.verdict is Verdict.OPEN
    with gate.db.sessions() as s:
        bodies = [json.loads(r.body) for r in AuditRepository(s).for_transaction(result.transaction_id)]
    assert _door_log(bodies) == [
        ("DOOR:exit", "COMMAND:lock", "STATE:locked"), ("DOOR:entry", "COMMAND:lock", "STATE:locked"),
        ("DOOR:entry", "COMMAND:unlock", "STATE:open"), ("DOOR:entry", "COMMAND:lock", "STATE:locked"),
        ("DOOR:exit", "COMMAND:unlock", "STATE:open")]
    kinds = [b["event_type"] for b in bodies]
    assert kinds.index("decision") < len(kinds) - 1 and kinds[-1] == "gate_event"  # the exit opens after
    assert events(d.exit_door) == ["locked", "unlocked"]
    assert verify_gate(gate.db.sessions, "gate-01").ok


def test_an_unlock_that_cannot_be_recorded_is_undone() -> None:
    door = SimulatedDoor("exit")

    def refuse(_event: object) -> None:
        raise OSError("database went away")

    audited = AuditedDoor(door, refuse, "t-1")
    with pytest.raises(OSError):
        audited.unlock()
    assert door.state is DoorState.LOCKED and door.events == ["unlocked", "locked"]
    audited.lock()  # a lock is kept even when its record fails
    assert door.state is DoorState.LOCKED


def test_an_unrecordable_decision_waits_in_the_outbox_then_is_recorded(world: World, make_gate: GateFactory) -> None:
    gate = make_gate()
    card, key = world.issue()
    recorder = gate.controller.recorder
    assert isinstance(recorder, StoreRecorder)

    class DatabaseGone:
        def __getattr__(self, name: str) -> object:
            return getattr(recorder, name)

        def finish(self, *args: object) -> None:
            raise ConnectionError("server closed the connection unexpectedly")

    gate.controller.parts = replace(gate.controller.parts, recorder=DatabaseGone())  # type: ignore[arg-type]
    result, d = run(gate, card, key, [world.photo("obama-480p.jpg")])
    tid = result.transaction_id
    assert result.decision.verdict is Verdict.REFER and d.exit_door.state is DoorState.LOCKED
    assert tid in recorder.outbox
    with gate.db.sessions() as s:
        assert TransactionRepository(s).get(tid).decision is None
        stored = OutboxRepository(s).pending()
    assert [p.transaction_id for p in stored] == [tid] and stored[0].reasons == ("SYSTEM_ERROR",)

    assert record_pending(gate.db, gate.audit, stored[0]) is True
    assert record_pending(gate.db, gate.audit, stored[0]) is False  # idempotent
    with gate.db.sessions() as s:
        txn = TransactionRepository(s).get(tid)
        assert (txn.decision, txn.reasons) == ("REFER", ("SYSTEM_ERROR",))
        assert ReferralRepository(s).for_transaction(tid) is not None
        assert OutboxRepository(s).pending() == []
        decisions = [json.loads(r.body) for r in AuditRepository(s).for_transaction(tid) if r.event_type == "decision"]
    assert [b["decision"] for b in decisions] == ["REFER"]
    assert verify_gate(gate.db.sessions, "gate-01").ok
