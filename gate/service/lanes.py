"""Every lane of the station, live: the monitor behind ``GET /officer/events``.

:meth:`LaneService.tick` (run by the app every ``tick_s``) reads the audit records written since the last
tick — of every gate, by any process sharing the database — and moves each lane's view (step, doors, last
decision), raises the alarms they carry (a referral, a PAD alarm, a door fault, a door sensor's signal),
notices a gate that went silent (offline: no kiosk request for ``offline_after_s``) and drains the door
sensors. Each change is published on the :class:`LaneFeed` as the whole new state of one lane or alarm.
Alarms are rows (``lane_alarms``), raised once per cause and acknowledged once, each acknowledgement an
``officer_action`` in the gate's chain.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import structlog

from gate.devices.doors import SimulatedDoor
from gate.logging import failure_fields
from gate.ports import DoorSignal
from gate.service.fleet import GateFleet
from gate.service.lanes_doors import door_signal_event
from gate.service.lanes_feed import LaneFeed
from gate.service.lanes_view import SIGNAL_ALARMS, Lane, alarms_in, apply, lane_json
from gate.service.officers import officer_action
from gate.store import GateRepository, Officer, read_only
from gate.store.lanes import LaneAlarm, LaneRepository, TailRecord

log = structlog.get_logger(__name__)
LOOKBACK = 200  # audit rows re-read behind the cursor: a PostgreSQL id may commit after a larger one
REPLAY = 2000  # audit rows read at start to rebuild the lanes' view (no alarm raised from them)


def alarm_json(alarm: LaneAlarm) -> dict[str, Any]:
    return {"id": alarm.id, "gate_id": alarm.gate_id, "kind": alarm.kind, "transaction_id": alarm.transaction_id,
            "raised_at": alarm.raised_at.isoformat(), "acknowledged_by": alarm.acknowledged_by,
            "acknowledged_at": alarm.acknowledged_at.isoformat() if alarm.acknowledged_at else None}


class LaneService:
    def __init__(self, fleet: GateFleet, feed: LaneFeed | None = None, offline_after_s: float = 15.0) -> None:
        self._fleet = fleet
        self.feed = feed or LaneFeed()
        self.offline_after = timedelta(seconds=offline_after_s)
        self._lanes: dict[str, Lane] = {}
        self._doors: dict[str, tuple[SimulatedDoor, SimulatedDoor]] = {}
        self._cursor: int | None = None
        self._done: set[int] = set()  # rows processed within the lookback window
        self._lock = threading.RLock()

    # -- what the kiosk path calls -------------------------------------------------------------------
    def seen(self, gate_id: str) -> None:
        """A request from the gate's kiosk: the gate is online now."""
        now = datetime.now(UTC)
        with self._lock:
            lane = self._lanes.get(gate_id)
            if lane is None:
                return  # a gate the next tick will add
            self._lanes[gate_id] = replace(lane, last_seen=now, online=True)
            if not lane.online:
                self.feed.publish("lane", lane_json(self._lanes[gate_id]))

    def doors(self, gate_id: str) -> tuple[SimulatedDoor, SimulatedDoor]:
        """The gate's entry and exit doors (simulated in this service), shared by its transactions and the
        supervisors' remote control."""
        with self._lock:
            if gate_id not in self._doors:
                self._doors[gate_id] = (SimulatedDoor("entry"), SimulatedDoor("exit"))
            return self._doors[gate_id]

    # -- the feed ---------------------------------------------------------------------------------------
    def snapshot(self) -> tuple[int, dict[str, Any]]:
        """The feed's head (read first, so no later event is missed) and the whole state."""
        head = self.feed.head
        with self._fleet.db.sessions() as session:
            alarms = LaneRepository(read_only(session)).open_alarms()
        with self._lock:
            lanes = [lane_json(lane) for lane in sorted(self._lanes.values(), key=lambda lane: lane.gate_id)]
        return head, {"lanes": lanes, "alarms": [alarm_json(a) for a in alarms]}

    def lane(self, gate_id: str) -> Lane | None:
        with self._lock:
            return self._lanes.get(gate_id)

    def update(self, gate_id: str, **changes: Any) -> None:
        """Change a lane's view (a supervisor's action) and publish it."""
        with self._lock:
            lane = self._lanes.get(gate_id)
            if lane is not None:
                self._lanes[gate_id] = replace(lane, **changes)
                self.feed.publish("lane", lane_json(self._lanes[gate_id]))

    def publish_alarm(self, alarm: LaneAlarm) -> None:
        self.feed.publish("alarm", alarm_json(alarm))

    def acknowledge(self, alarm_id: int, officer: Officer) -> LaneAlarm:
        """The officer has seen the alarm: stamped on the alarm and audited in its gate's chain."""
        with self._fleet.db.sessions() as session:
            gate_id = LaneRepository(read_only(session)).alarm(alarm_id).gate_id
        audit = self._fleet.audit(gate_id)
        with self._fleet.db.sessions.begin() as session:
            alarm = LaneRepository(session).acknowledge(alarm_id, officer.username)
            audit.append_in(session, officer_action(
                officer, f"acknowledged alarm {alarm.kind}", transaction_id=alarm.transaction_id,
                codes=("ALARM_ACK", f"ALARM:{alarm.kind}", f"ALARM_ID:{alarm.id}")))
        log.info("lane_alarm_acknowledged", alarm_id=alarm_id, gate_id=gate_id, kind=alarm.kind)
        self.publish_alarm(alarm)
        return alarm

    # -- the monitor ------------------------------------------------------------------------------------
    def tick(self) -> None:
        with self._lock:
            self._refresh_gates()
            self._drain_door_signals()
            self._tail()
            self._check_offline()

    def _refresh_gates(self) -> None:
        with self._fleet.db.sessions() as session:
            gates = GateRepository(read_only(session)).all()
            modes = LaneRepository(session).modes()
        for gate in gates:
            lane = self._lanes.get(gate.id)
            mode = modes.get(gate.id, "open")
            if lane is None:
                self._lanes[gate.id] = Lane(gate.id, gate.name, mode)
                if self._cursor is not None:
                    self.feed.publish("lane", lane_json(self._lanes[gate.id]))
            elif lane.mode != mode:  # changed by another process
                self.update(gate.id, mode=mode)

    def _tail(self) -> None:
        with self._fleet.db.sessions() as session:
            repo = LaneRepository(read_only(session))
            if self._cursor is None:  # at start: rebuild the view from the recent records, raise nothing
                head = repo.audit_head()
                for record in repo.audit_after(max(0, head - REPLAY), limit=REPLAY):
                    self._move(record)
                self._cursor = head
                return
            records = repo.audit_after(max(0, self._cursor - LOOKBACK), limit=1000, skip=self._done)  # unseen only
        for record in records:
            if self._move(record):
                self.feed.publish("lane", lane_json(self._lanes[record.gate_id]))
            self._raise_from(record)
            self._done.add(record.row_id)
        if records:
            self._cursor = max(self._cursor, records[-1].row_id)
        self._done = {row for row in self._done if row > self._cursor - LOOKBACK}

    def _move(self, record: TailRecord) -> bool:
        lane = self._lanes.get(record.gate_id)
        if lane is None:
            return False
        moved = apply(lane, record.body, record.created_at)
        self._lanes[record.gate_id] = moved
        return moved != lane

    def _raise_from(self, record: TailRecord) -> None:
        for cause in alarms_in(record.body):
            self._raise(record.gate_id, cause.kind, f"audit:{record.gate_id}:{record.body.get('seq')}:{cause.kind}",
                        cause.transaction_id)

    def _raise(self, gate_id: str, kind: str, source: str, transaction_id: str | None = None) -> None:
        with self._fleet.db.sessions.begin() as session:
            alarm = LaneRepository(session).raise_alarm(gate_id, kind, source, transaction_id)
        if alarm is not None:
            log.warning("lane_alarm", gate_id=gate_id, kind=kind, alarm_id=alarm.id)
            self.publish_alarm(alarm)

    def _check_offline(self) -> None:
        now = datetime.now(UTC)
        for lane in list(self._lanes.values()):
            if lane.online and lane.last_seen is not None and now - lane.last_seen > self.offline_after:
                self.update(lane.gate_id, online=False)
                self._raise(lane.gate_id, "gate_offline", f"offline:{lane.gate_id}:{lane.last_seen.isoformat()}")

    def _drain_door_signals(self) -> None:
        """A door sensor's signal becomes a ``DOOR_SIGNAL`` record in the gate's chain; the tail raises
        its alarm from there (so an alarm raised by any process is raised once)."""
        for gate_id, pair in list(self._doors.items()):
            for door in pair:
                for signal in door.take_signals():
                    self._record_signal(gate_id, door.name, signal)

    def _record_signal(self, gate_id: str, door: str, signal: DoorSignal) -> None:
        try:
            self._fleet.audit(gate_id).append(door_signal_event(door, signal))
        except Exception as exc:  # the alarm is raised anyway; the record's failure is logged
            log.error("door_signal_record_failed", gate_id=gate_id, door=door, signal=signal.value,
                      **failure_fields(exc))
            source = f"signal:{gate_id}:{door}:{datetime.now(UTC).isoformat()}"
            self._raise(gate_id, SIGNAL_ALARMS[signal.value], source)
