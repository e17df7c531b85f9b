"""Request and response bodies of the live lanes: the event-stream ticket, alarms, lane commands."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from gate.service.lanes_control import LaneAction, LaneReasonCode


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StreamTicket(_Model):
    ticket: str = Field(description="put it in GET /officer/events?ticket=…; valid once, for expires_in seconds")
    expires_in: int


class DoorsView(_Model):
    entry: str
    exit: str


class LastDecisionView(_Model):
    transaction_id: str
    verdict: str
    reasons: list[str]
    at: str


class LaneView(_Model):
    gate_id: str
    name: str
    mode: Literal["open", "locked", "out_of_service"]
    online: bool
    last_seen: str | None
    step: str = Field(description="idle, document, capture, liveness or comparison")
    transaction_id: str | None
    doors: dict[str, str]
    last_decision: LastDecisionView | None


class AlarmView(_Model):
    id: int
    gate_id: str
    kind: Literal["referral", "pad_alarm", "door_fault", "tailgating", "door_forced", "gate_offline"]
    transaction_id: str | None
    raised_at: str
    acknowledged_by: str | None
    acknowledged_at: str | None


class LanesSnapshot(_Model):
    lanes: list[LaneView]
    alarms: list[AlarmView] = Field(description="the alarms not yet acknowledged")


class LaneCommand(_Model):
    action: LaneAction = Field(description="open_exit (after an admit), lock, out_of_service, reopen")
    reason_code: LaneReasonCode
    reason: str | None = Field(None, max_length=500,
                               description="free text: kept with the action, erasable; the chain holds its HMAC")


class LaneCommandResult(_Model):
    action_id: int
    lane: LaneView | None


class DoorSignalBody(_Model):
    signal: Literal["tailgating", "fault", "forced"]
