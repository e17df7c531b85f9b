"""Run-time operational values an administrator changes (the FMR target, …), stored per database.

Values are strings; callers validate them (e.g. the FMR target against the calibrated set) before
:meth:`RuntimeSettingsRepository.set`. Every change should also be written to the audit trail.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from gate.store.clock import Clock, utc_now
from gate.store.models import SettingRow

FMR_TARGET = "fmr_target"


class RuntimeSettingsRepository:
    def __init__(self, session: Session, clock: Clock = utc_now) -> None:
        self._session = session
        self._clock = clock

    def get(self, key: str, default: str | None = None) -> str | None:
        row = self._session.get(SettingRow, key)
        return default if row is None else row.value

    def set(self, key: str, value: str, updated_by: str | None = None) -> None:
        row = self._session.get(SettingRow, key)
        if row is None:
            row = SettingRow(key=key, value=value, updated_at=self._clock(), updated_by=updated_by)
            self._session.add(row)
        else:
            row.value, row.updated_at, row.updated_by = value, self._clock(), updated_by
        self._session.flush()

    def all(self) -> dict[str, str]:
        return {row.key: row.value for row in self._session.scalars(select(SettingRow))}
