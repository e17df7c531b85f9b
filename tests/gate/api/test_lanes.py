"""Lane control over the API: supervisors only, audited with who and why (the free text never in the
chain), a closed lane refuses kiosk starts (LANE_CLOSED), the exit opens only after an admit; alarms
are raised from the chain, acknowledged once, and each acknowledgement is audited."""

from __future__ import annotations

import json
from typing import Any

import pytest

from gate.audit import AuditEvent, SealedRecord, verify_gate
from gate.ports import DoorSignal, DoorState
from tests.gate.api.conftest import Cards, Service
from tests.gate.audit.chain_helpers import stored_chain
from tests.gate.conftest import World

REASON = "Nguyen Van A asked for help at lane A"


def _control(service: Service, role: str, action: str, gate: str = "gate-a", **extra: str) -> Any:
    body = {"action": action, "reason_code": "MAINTENANCE", **extra}
    return service.client.post(f"/officer/lanes/{gate}/control", json=body, headers=service.officer(role))


def test_a_plain_officer_cannot_command_a_lane(service: Service) -> None:
    for action in ("open_exit", "lock", "out_of_service", "reopen"):
        assert _control(service, "officer", action).status_code == 403
    assert service.client.post("/officer/lanes/gate-a/control", json={}).status_code == 401


def test_a_locked_lane_refuses_kiosk_starts_until_reopened(service: Service, cards: Cards) -> None:
    locked = _control(service, "supervisor", "lock", reason=REASON)
    assert locked.status_code == 200, locked.text
    refused = service.client.post("/kiosk/transactions", json=cards.holder.body(), headers=service.kiosk())
    assert refused.status_code == 409 and refused.json()["code"] == "LANE_CLOSED"
    other = service.client.post("/kiosk/transactions", json=cards.holder.body(), headers=service.kiosk("gate-b"))
    assert other.status_code == 201  # only that lane is closed
    assert _control(service, "supervisor", "out_of_service").status_code == 200
    assert service.client.post("/kiosk/transactions", json=cards.other.body(),
                               headers=service.kiosk()).json()["code"] == "LANE_CLOSED"
    assert _control(service, "admin", "reopen").status_code == 200
    assert service.start(cards.other)["stage"] in ("capture", "decided")
    chain = stored_chain(service.runtime.db, "gate-a")
    actions = [r for r in chain if "LANE_CONTROL" in r.get("reason_codes", [])]
    assert [a["reason_codes"][1] for a in actions] == ["ACTION:lock", "ACTION:out_of_service", "ACTION:reopen"]
    assert [a["officer"]["officer_id"] for a in actions] == ["supervisor", "supervisor", "admin"]
    assert actions[0]["officer"]["reason_hmac"] and "MAINTENANCE" in actions[0]["reason_codes"]
    assert all("Nguyen" not in json.dumps(r) for r in chain)  # the free text stays out of the chain
    doors = [r["reason_codes"] for r in chain if "DOOR_COMMAND" in r.get("reason_codes", [])
             and "BY:supervisor" in r["reason_codes"]]
    assert ["DOOR_COMMAND", "DOOR:exit", "COMMAND:lock", "STATE:locked", "BY:supervisor"] in doors
    assert verify_gate(service.runtime.db.sessions, "gate-a").ok


def test_the_exit_opens_remotely_only_after_an_admit(service: Service, cards: Cards, world: World) -> None:
    refused = _control(service, "supervisor", "open_exit")
    assert refused.status_code == 409 and refused.json()["code"] == "NOT_ADMITTED"
    tid = service.start(cards.holder)["transaction_id"]
    assert service.frames(tid, world.photo("obama-480p.jpg"))["decision"] == "OPEN"
    opened = _control(service, "supervisor", "open_exit", reason_code="ADMITTED_BY_OFFICER")
    assert opened.status_code == 200, opened.text
    records = [r for r in stored_chain(service.runtime.db, "gate-a") if r.get("transaction_id") == tid]
    remote = [r["reason_codes"] for r in records if "BY:supervisor" in r.get("reason_codes", [])]
    assert remote == [["DOOR_COMMAND", "DOOR:exit", "COMMAND:unlock", "STATE:open", "BY:supervisor"],
                      ["DOOR_COMMAND", "DOOR:exit", "COMMAND:lock", "STATE:locked", "BY:supervisor"]]
    action = next(r for r in records if "LANE_CONTROL" in r.get("reason_codes", []))
    assert action["officer"]["officer_id"] == "supervisor" and "ADMITTED_BY_OFFICER" in action["reason_codes"]
    assert _control(service, "supervisor", "open_exit", reason_code="MADE_UP").status_code == 422
    assert _control(service, "supervisor", "lock", gate="no-such-gate").status_code == 404


def test_alarms_are_raised_from_the_chain_and_acknowledged_once(service: Service, cards: Cards,
                                                                 world: World) -> None:
    lanes = service.services.lanes
    lanes.tick()
    tid = service.start(cards.holder)["transaction_id"]
    assert service.frames(tid, world.photo("biden.jpg"))["decision"] == "REFER"
    service.services.lane_control.signal("gate-b", "entry", DoorSignal.TAILGATING)
    lanes.tick()
    lanes.tick()  # the signal's record is read on the tick after it was written
    snapshot = service.client.get("/officer/lanes", headers=service.officer()).json()
    kinds = {(a["gate_id"], a["kind"]) for a in snapshot["alarms"]}
    assert {("gate-a", "referral"), ("gate-b", "tailgating")} <= kinds
    lane_a = next(lane for lane in snapshot["lanes"] if lane["gate_id"] == "gate-a")
    assert lane_a["online"] and lane_a["last_decision"]["verdict"] == "REFER" and lane_a["step"] == "idle"
    referral = next(a for a in snapshot["alarms"] if a["kind"] == "referral")
    assert referral["transaction_id"] == tid
    acked = service.client.post(f"/officer/alarms/{referral['id']}/ack", headers=service.officer())
    assert acked.status_code == 200 and acked.json()["acknowledged_by"] == "officer"
    again = service.client.post(f"/officer/alarms/{referral['id']}/ack", headers=service.officer("supervisor"))
    assert again.status_code == 409
    assert service.client.post("/officer/alarms/99999/ack", headers=service.officer()).status_code == 404
    ack = [r for r in stored_chain(service.runtime.db, "gate-a") if "ALARM_ACK" in r.get("reason_codes", [])]
    assert len(ack) == 1 and ack[0]["transaction_id"] == tid and "ALARM:referral" in ack[0]["reason_codes"]
    left = service.client.get("/officer/lanes", headers=service.officer()).json()["alarms"]
    assert referral["id"] not in [a["id"] for a in left]
    signal = stored_chain(service.runtime.db, "gate-b")
    assert any(r.get("reason_codes") == ["DOOR_SIGNAL", "DOOR:entry", "SIGNAL:tailgating"] for r in signal)
    admin = service.officer("admin")
    bad = service.client.post("/admin/gates/gate-a/doors/roof/signal", json={"signal": "tailgating"}, headers=admin)
    assert bad.status_code == 422
    assert service.client.post("/admin/gates/gate-a/doors/exit/signal", json={"signal": "fault"},
                               headers=service.officer("supervisor")).status_code == 403


def test_a_remote_door_command_is_fail_secure_when_its_record_fails(service: Service, cards: Cards, world: World,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    tid = service.start(cards.holder)["transaction_id"]
    assert service.frames(tid, world.photo("obama-480p.jpg"))["decision"] == "OPEN"
    audit = service.services.fleet.audit("gate-a")
    append = audit.append

    def refuse_door_records(event: AuditEvent) -> SealedRecord:
        if "DOOR_COMMAND" in event.reason_codes:
            raise OSError("database went away")
        return append(event)

    monkeypatch.setattr(audit, "append", refuse_door_records)
    entry, exit_door = service.services.lanes.doors("gate-a")
    before = len(exit_door.events)
    with pytest.raises(OSError):
        _control(service, "supervisor", "open_exit", reason_code="ADMITTED_BY_OFFICER")
    assert exit_door.state is DoorState.LOCKED and exit_door.events[before:] == ["unlocked", "locked"]
    assert _control(service, "supervisor", "lock").status_code == 200  # a lock stands; its record is lost
    assert entry.state is DoorState.LOCKED and exit_door.state is DoorState.LOCKED
    assert not [r for r in stored_chain(service.runtime.db, "gate-a") if "BY:supervisor" in r["reason_codes"]]
