"""Supervisors' remote control of a lane (doors, lock, out of service) and the simulated door sensors."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, status

from gate.api.deps import AdminDep, ServicesDep, SupervisorDep
from gate.api.errors import responses
from gate.api.lane_schemas import DoorSignalBody, LaneCommand, LaneCommandResult, LaneView
from gate.api.schemas import GateId
from gate.ports import DoorSignal
from gate.service.lanes_view import lane_json

router = APIRouter(tags=["officer"], responses=responses(401, 403, 503))


@router.post("/officer/lanes/{gate_id}/control", response_model=LaneCommandResult,
             responses=responses(404, 409, 422))
def control(gate_id: GateId, body: LaneCommand, supervisor: SupervisorDep,
            services: ServicesDep) -> LaneCommandResult:
    """Open the exit for the admitted traveller, lock the lane, put it out of service, or reopen it
    (supervisor+). Audited in the gate's chain with who and the reason code (the free text: its HMAC)."""
    action_id = services.lane_control.act(gate_id, body.action, supervisor, body.reason_code, body.reason)
    lane = services.lanes.lane(gate_id)
    return LaneCommandResult(action_id=action_id,
                             lane=None if lane is None else LaneView.model_validate(lane_json(lane)))


@router.post("/admin/gates/{gate_id}/doors/{door}/signal", status_code=status.HTTP_204_NO_CONTENT,
             tags=["admin"], responses=responses(404))
def door_signal(gate_id: GateId, door: Literal["entry", "exit"], body: DoorSignalBody, admin: AdminDep,
                services: ServicesDep) -> None:
    """The simulated door's sensors raise a signal (tailgating, fault, forced), as a real controller would:
    for tests, demonstrations and drills (admin)."""
    services.lane_control.signal(gate_id, door, DoorSignal(body.signal))
