"""Second-line handovers: an open referral passed on by a first-line officer with a note; it stays open
until a second-line officer decides it (:meth:`gate.store.ReferralRepository.decide`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from gate.store.clock import Clock, utc_now
from gate.store.errors import ConflictError, NotFoundError
from gate.store.models import OfficerRow, ReferralRow
from gate.store.referral_models import ReferralHandoverRow

MAX_NOTE_LENGTH = 1000


@dataclass(frozen=True)
class Handover:
    referral_id: int
    officer: str  # who handed it over (username)
    note: str | None  # None once erased
    handed_at: datetime


class HandoverRepository:
    def __init__(self, session: Session, clock: Clock = utc_now) -> None:
        self._session = session
        self._clock = clock

    def hand_over(self, referral_id: int, officer_username: str, note: str) -> Handover:
        """Hand an open referral to second line; a referral is handed over once."""
        if not note.strip():
            raise ValueError("a handover needs a note for the second-line officer")
        if len(note) > MAX_NOTE_LENGTH:
            raise ValueError(f"a handover note has at most {MAX_NOTE_LENGTH} characters")
        referral = self._session.scalar(select(ReferralRow).where(ReferralRow.id == referral_id).with_for_update())
        if referral is None:
            raise NotFoundError(f"no referral {referral_id}")
        if referral.status != "open":
            raise ConflictError(f"referral {referral_id} is already decided")
        if self._row(referral_id) is not None:
            raise ConflictError(f"referral {referral_id} is already with second line")
        officer = self._session.scalar(select(OfficerRow).where(OfficerRow.username == officer_username))
        if officer is None:
            raise NotFoundError(f"no officer {officer_username!r}")
        row = ReferralHandoverRow(referral_id=referral_id, officer_id=officer.id, note=note, handed_at=self._clock())
        self._session.add(row)
        self._session.flush()
        return self._view(row)

    def get(self, referral_id: int) -> Handover | None:
        row = self._row(referral_id)
        return None if row is None else self._view(row)

    def for_referrals(self, referral_ids: Iterable[int]) -> dict[int, Handover]:
        ids = list(referral_ids)
        if not ids:
            return {}
        rows = self._session.scalars(select(ReferralHandoverRow).where(ReferralHandoverRow.referral_id.in_(ids)))
        return {row.referral_id: self._view(row) for row in rows}

    def erase_note(self, referral_id: int) -> bool:
        """Erase the note's text (a data subject's request); False when there was none."""
        row = self._row(referral_id)
        if row is None or row.note is None:
            return False
        row.note = None
        self._session.flush()
        return True

    def _row(self, referral_id: int) -> ReferralHandoverRow | None:
        return self._session.scalar(select(ReferralHandoverRow).where(ReferralHandoverRow.referral_id == referral_id))

    def _view(self, row: ReferralHandoverRow) -> Handover:
        officer = self._session.get(OfficerRow, row.officer_id)
        return Handover(row.referral_id, officer.username if officer else f"officer-{row.officer_id}", row.note,
                        row.handed_at)
