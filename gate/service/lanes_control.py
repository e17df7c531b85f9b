"""Remote door control for supervisors: open the exit after an admit, lock a lane, put it out of service,
put it back. Each action is an ``officer_action`` in the gate's chain with who (the officer's code) and
why (a reason code, and of the free text only a keyed HMAC — the text stays in ``lane_actions``, erasable,
as an officer's decision reason does); each door it moves is a ``DOOR_COMMAND`` record with the state read
back and ``BY:<officer code>``, through :class:`gate.door_audit.AuditedDoor` as in a transaction. Fail-secure:
an exit unlocked whose record fails is locked again.

A lane that is locked or out of service refuses new kiosk transactions (:class:`LaneClosed`).
"""

from __future__ import annotations

from typing import Literal

import structlog

from gate.audit import AuditEvent, OfficerAction
from gate.door_audit import AuditedDoor
from gate.ports import Door, DoorSignal
from gate.service.errors import InvalidRequest, ServiceError
from gate.service.fleet import GateFleet
from gate.service.lanes import LaneService
from gate.service.officer_reasons import reason_hmac
from gate.service.officers import officer_code
from gate.store import Officer, ReferralRepository, TransactionRepository, read_only
from gate.store.lanes import LaneMode, LaneRepository

log = structlog.get_logger(__name__)

LaneAction = Literal["open_exit", "lock", "out_of_service", "reopen"]
LaneReasonCode = Literal[
    "ADMITTED_BY_OFFICER",  # the traveller was admitted (by the gate or an officer) and must leave
    "TRAVELLER_ASSISTED",  # an officer is with the traveller at the lane
    "DOOR_FAULT",  # the door or its controller misbehaves
    "MAINTENANCE",  # planned work on the gate
    "SECURITY_INCIDENT",  # tailgating, a forced door, a disturbance
    "STAFFING",  # not enough officers to watch the lane
    "OTHER",
]
LANE_REASON_CODES: tuple[str, ...] = LaneReasonCode.__args__  # type: ignore[attr-defined]
MODE_AFTER: dict[str, LaneMode] = {"lock": "locked", "out_of_service": "out_of_service", "reopen": "open"}


class LaneClosed(ServiceError):
    """The lane is locked or out of service: no new transaction starts on it."""

    code = "LANE_CLOSED"


class NotAdmitted(ServiceError):
    """The exit opens remotely only for the traveller of the lane's last transaction, once admitted."""

    code = "NOT_ADMITTED"


class LaneControl:
    def __init__(self, fleet: GateFleet, lanes: LaneService) -> None:
        self._fleet, self._lanes = fleet, lanes

    def check_open(self, gate_id: str) -> None:
        """Raise :class:`LaneClosed` unless the lane takes travellers (the kiosk's start path)."""
        with self._fleet.db.sessions() as session:
            mode = LaneRepository(read_only(session)).mode(gate_id)
        if mode != "open":
            raise LaneClosed(f"lane {gate_id} is {mode.replace('_', ' ')}")

    def doors(self, gate_id: str) -> tuple[Door, Door]:
        """The lane's entry and exit doors, which its transactions use and the supervisors command."""
        return self._lanes.doors(gate_id)

    def signal(self, gate_id: str, door: str, signal: DoorSignal) -> None:
        """The simulated door's sensors report ``signal`` (tests, demonstrations, drills)."""
        self._fleet.audit(gate_id)  # NotFoundError for an unknown gate
        entry, exit_door = self._lanes.doors(gate_id)
        (entry if door == "entry" else exit_door).signal(signal)

    def act(self, gate_id: str, action: LaneAction, officer: Officer, reason_code: str,
            reason: str | None = None) -> int:
        """Carry out ``action`` on the lane (audited); the id of the stored lane action."""
        if reason_code not in LANE_REASON_CODES:
            raise InvalidRequest(f"reason code must be one of {', '.join(LANE_REASON_CODES)}")
        admitted = self._admitted_transaction(gate_id) if action == "open_exit" else None
        audit = self._fleet.audit(gate_id)  # NotFoundError for an unknown gate
        text = reason.strip() if reason and reason.strip() else None
        digest = reason_hmac(self._fleet.pseudonym_key, text) if text else None
        who = officer_code(officer)
        with self._fleet.db.sessions.begin() as session:
            repo = LaneRepository(session)
            action_id = repo.add_action(gate_id, action, reason_code, text, officer.id)
            if action in MODE_AFTER:
                repo.set_mode(gate_id, MODE_AFTER[action], who)
            audit.append_in(session, AuditEvent(
                event_type="officer_action", transaction_id=admitted,
                reason_codes=("LANE_CONTROL", f"ACTION:{action}", reason_code, f"LANE_ACTION:{action_id}"),
                officer=OfficerAction(officer_id=who, verdict="other", reason=f"lane {action}",
                                      reason_hmac=digest)))
        entry, exit_door = self._lanes.doors(gate_id)
        if action == "open_exit":
            self._move(gate_id, exit_door, "unlock", admitted, who)
            self._move(gate_id, exit_door, "lock", admitted, who)  # the door controller's release pulse
        elif action in ("lock", "out_of_service"):
            for door in (exit_door, entry):
                self._move(gate_id, door, "lock", None, who)
        if action in MODE_AFTER:
            self._lanes.update(gate_id, mode=MODE_AFTER[action])
        log.info("lane_action", gate_id=gate_id, action=action, reason_code=reason_code, officer_id=officer.id)
        return action_id

    def _move(self, gate_id: str, door: Door, verb: Literal["lock", "unlock"], transaction_id: str | None,
              who: str) -> None:
        def record(event: AuditEvent) -> None:
            self._fleet.audit(gate_id).append(event)

        audited = AuditedDoor(door, record, transaction_id, by=who, gate_id=gate_id)
        if verb == "unlock":
            audited.unlock()
        else:
            audited.lock()  # anything but an unlock locks (fail-secure)

    def _admitted_transaction(self, gate_id: str) -> str:
        """The lane's last decided transaction, when it was admitted (OPEN, or an officer's admit)."""
        with self._fleet.db.sessions() as session:
            recent = [t for t in TransactionRepository(read_only(session)).recent(gate_id, limit=20) if t.decision]
            if not recent:
                raise NotAdmitted(f"lane {gate_id} has no decided transaction")
            last = recent[0]
            referral = ReferralRepository(session).for_transaction(last.id)
        if last.decision == "OPEN" or (referral is not None and referral.verdict == "admit"):
            return last.id
        raise NotAdmitted(f"the last traveller of lane {gate_id} was not admitted")
