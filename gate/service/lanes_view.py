"""What the lanes screen shows of one gate, and how each audit record moves it: a projection of the chain.

The chain already holds every step of every transaction, each door command with the state the door
reported, referrals and door faults, each committed with what it records; so the live view reads it and
nothing in the run of a transaction has to know about the screen. :func:`apply` is pure.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from gate.store.lanes import LaneMode

# the step a lane is in once the record closing the previous one is written
NEXT_STEP = {"transaction_started": "document", "document_checked": "capture", "capture_checked": "liveness",
             "pad_checked": "comparison", "comparison": "comparison"}
ALARM_KINDS = ("referral", "pad_alarm", "door_fault", "tailgating", "door_forced", "gate_offline")
SIGNAL_ALARMS = {"tailgating": "tailgating", "fault": "door_fault", "forced": "door_forced"}


@dataclass(frozen=True)
class LastDecision:
    transaction_id: str
    verdict: str
    reasons: tuple[str, ...]
    at: datetime


@dataclass(frozen=True)
class Lane:
    gate_id: str
    name: str
    mode: LaneMode = "open"
    last_seen: datetime | None = None
    online: bool = False
    step: str = "idle"
    transaction_id: str | None = None
    doors: dict[str, str] = field(default_factory=lambda: {"entry": "locked", "exit": "locked"})
    last_decision: LastDecision | None = None


@dataclass(frozen=True)
class AlarmCause:
    """An alarm a record raises: its kind and the transaction, if any."""

    kind: str
    transaction_id: str | None


def _codes(body: dict[str, Any], prefix: str) -> list[str]:
    return [c[len(prefix):] for c in body.get("reason_codes", ()) if c.startswith(prefix)]


def apply(lane: Lane, body: dict[str, Any], at: datetime) -> Lane:
    """The lane after the audit record ``body`` (a record of another gate must not be passed)."""
    event, tid = body.get("event_type"), body.get("transaction_id")
    if event in NEXT_STEP:
        return replace(lane, step=NEXT_STEP[event], transaction_id=tid)
    if event == "decision":
        last = LastDecision(tid or "", str(body.get("decision")), tuple(body.get("reason_codes", ())), at)
        return replace(lane, step="idle", transaction_id=None, last_decision=last)
    if event == "gate_event" and "DOOR_COMMAND" in body.get("reason_codes", ()):
        doors, states = _codes(body, "DOOR:"), _codes(body, "STATE:")
        if doors and states:
            return replace(lane, doors={**lane.doors, doors[0]: states[0]})
    return lane


def alarms_in(body: dict[str, Any]) -> list[AlarmCause]:
    """The alarms a record raises: a referral, a PAD alarm, a door fault, a door's sensor signal."""
    event, tid, codes = body.get("event_type"), body.get("transaction_id"), body.get("reason_codes", ())
    found: list[AlarmCause] = []
    if event == "referral_opened":
        found.append(AlarmCause("referral", tid))
    if event == "pad_checked" and any(c.get("code") == "PAD_ALARM" for c in body.get("checks", ())):
        found.append(AlarmCause("pad_alarm", tid))
    if event == "gate_event" and "DOOR_FAULT" in codes:
        found.append(AlarmCause("door_fault", tid))
    if event == "gate_event" and "DOOR_SIGNAL" in codes:
        found += [AlarmCause(SIGNAL_ALARMS[s], tid) for s in _codes(body, "SIGNAL:") if s in SIGNAL_ALARMS]
    return found


def lane_json(lane: Lane) -> dict[str, Any]:
    last = lane.last_decision
    return {"gate_id": lane.gate_id, "name": lane.name, "mode": lane.mode, "online": lane.online,
            "last_seen": lane.last_seen.isoformat() if lane.last_seen else None, "step": lane.step,
            "transaction_id": lane.transaction_id, "doors": dict(lane.doors),
            "last_decision": None if last is None else {
                "transaction_id": last.transaction_id, "verdict": last.verdict, "reasons": list(last.reasons),
                "at": last.at.isoformat()}}
