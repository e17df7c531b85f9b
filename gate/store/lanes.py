"""The lanes of a station: each gate's mode (open, locked, out of service), the supervisors' lane actions
(their free-text reasons kept here, erasable, never in the chain) and the alarms officers acknowledge.

The alarm feed reads the audit chain itself (:meth:`LaneRepository.audit_after`): every step, door command
and referral of every gate is already a record there, committed with what it records.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, cast

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from gate.store.clock import Clock, utc_now
from gate.store.errors import ConflictError, NotFoundError
from gate.store.models import AuditRecordRow, Base, UtcDateTime, _in

LaneMode = Literal["open", "locked", "out_of_service"]
LANE_MODES: tuple[str, ...] = ("open", "locked", "out_of_service")


class LaneModeRow(Base):
    __tablename__ = "lane_modes"
    __table_args__ = (CheckConstraint(_in("mode", LANE_MODES), name="mode"),)
    gate_id: Mapped[str] = mapped_column(ForeignKey("gates.id"), primary_key=True)
    mode: Mapped[str] = mapped_column(String(16))
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    changed_by: Mapped[str | None] = mapped_column(String(64))


class LaneActionRow(Base):
    """A supervisor's door or lane command; ``reason_text`` is the erasable free text."""

    __tablename__ = "lane_actions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    gate_id: Mapped[str] = mapped_column(ForeignKey("gates.id"), index=True)
    action: Mapped[str] = mapped_column(String(32))
    reason_code: Mapped[str] = mapped_column(String(64))
    reason_text: Mapped[str | None] = mapped_column(Text)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class LaneAlarmRow(Base):
    """An alarm raised on a lane; ``source`` makes raising it idempotent (one alarm per cause)."""

    __tablename__ = "lane_alarms"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    gate_id: Mapped[str] = mapped_column(ForeignKey("gates.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    transaction_id: Mapped[str | None] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(128), unique=True)
    raised_at: Mapped[datetime] = mapped_column(UtcDateTime)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    acknowledged_by: Mapped[str | None] = mapped_column(String(64))


@dataclass(frozen=True)
class LaneAlarm:
    id: int
    gate_id: str
    kind: str
    transaction_id: str | None
    raised_at: datetime
    acknowledged_at: datetime | None
    acknowledged_by: str | None


@dataclass(frozen=True)
class TailRecord:
    """One audit record as the lane feed reads it: the row id (the feed's cursor) and the signed body."""

    row_id: int
    gate_id: str
    created_at: datetime
    body: dict[str, Any]


def _alarm(row: LaneAlarmRow) -> LaneAlarm:
    return LaneAlarm(row.id, row.gate_id, row.kind, row.transaction_id, row.raised_at, row.acknowledged_at,
                     row.acknowledged_by)


class LaneRepository:
    def __init__(self, session: Session, clock: Clock = utc_now) -> None:
        self._session, self._clock = session, clock

    def modes(self) -> dict[str, LaneMode]:
        rows = self._session.scalars(select(LaneModeRow)).all()
        return {row.gate_id: cast(LaneMode, row.mode) for row in rows}

    def mode(self, gate_id: str) -> LaneMode:
        row = self._session.get(LaneModeRow, gate_id)
        return "open" if row is None else cast(LaneMode, row.mode)

    def set_mode(self, gate_id: str, mode: LaneMode, changed_by: str) -> None:
        if mode not in LANE_MODES:
            raise ValueError(f"lane mode must be one of {', '.join(LANE_MODES)}")
        row = self._session.get(LaneModeRow, gate_id)
        if row is None:
            self._session.add(LaneModeRow(gate_id=gate_id, mode=mode, changed_at=self._clock(), changed_by=changed_by))
        else:
            row.mode, row.changed_at, row.changed_by = mode, self._clock(), changed_by
        self._session.flush()

    def add_action(self, gate_id: str, action: str, reason_code: str, reason_text: str | None,
                   officer_id: int) -> int:
        row = LaneActionRow(gate_id=gate_id, action=action, reason_code=reason_code, reason_text=reason_text,
                            officer_id=officer_id, created_at=self._clock())
        self._session.add(row)
        self._session.flush()
        return row.id

    def action_reason(self, action_id: int) -> str | None:
        row = self._session.get(LaneActionRow, action_id)
        if row is None:
            raise NotFoundError(f"no lane action {action_id}")
        return row.reason_text

    def raise_alarm(self, gate_id: str, kind: str, source: str, transaction_id: str | None = None,
                    at: datetime | None = None) -> LaneAlarm | None:
        """The new alarm, or None when one was already raised for ``source``."""
        if self._session.scalar(select(LaneAlarmRow.id).where(LaneAlarmRow.source == source)) is not None:
            return None
        row = LaneAlarmRow(gate_id=gate_id, kind=kind, transaction_id=transaction_id, source=source,
                           raised_at=at or self._clock())
        self._session.add(row)
        self._session.flush()
        return _alarm(row)

    def open_alarms(self, limit: int = 200) -> list[LaneAlarm]:
        query = (select(LaneAlarmRow).where(LaneAlarmRow.acknowledged_at.is_(None))
                 .order_by(LaneAlarmRow.id).limit(limit))
        return [_alarm(row) for row in self._session.scalars(query)]

    def alarm(self, alarm_id: int) -> LaneAlarm:
        row = self._session.get(LaneAlarmRow, alarm_id)
        if row is None:
            raise NotFoundError(f"no alarm {alarm_id}")
        return _alarm(row)

    def acknowledge(self, alarm_id: int, officer: str) -> LaneAlarm:
        row = self._session.get(LaneAlarmRow, alarm_id, with_for_update=True)
        if row is None:
            raise NotFoundError(f"no alarm {alarm_id}")
        if row.acknowledged_at is not None:
            raise ConflictError(f"alarm {alarm_id} is already acknowledged")
        row.acknowledged_at, row.acknowledged_by = self._clock(), officer
        self._session.flush()
        return _alarm(row)

    def audit_head(self) -> int:
        return int(self._session.scalar(select(func.max(AuditRecordRow.id))) or 0)

    def audit_after(self, row_id: int, limit: int = 500, skip: Collection[int] = ()) -> list[TailRecord]:
        """The first ``limit`` records after ``row_id``, less those in ``skip`` (already read: their rows are
        neither loaded nor parsed, only their ids looked up)."""
        ids = self._session.scalars(select(AuditRecordRow.id).where(AuditRecordRow.id > row_id)
                                    .order_by(AuditRecordRow.id).limit(limit)).all()
        wanted = [i for i in ids if i not in skip]
        if not wanted:
            return []
        query = select(AuditRecordRow).where(AuditRecordRow.id.in_(wanted)).order_by(AuditRecordRow.id)
        return [TailRecord(row.id, row.gate_id, row.created_at, json.loads(row.body))
                for row in self._session.scalars(query)]
