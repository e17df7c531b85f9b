"""Referrals: transactions handed to an officer, open until decided (admit, refuse, second line)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from gate.store.clock import Clock, utc_now
from gate.store.errors import ConflictError, NotFoundError
from gate.store.models import OfficerRow, ReferralRow, TransactionRow

OfficerVerdict = Literal["admit", "refuse", "second_line"]
VERDICTS: tuple[str, ...] = ("admit", "refuse", "second_line")


@dataclass(frozen=True)
class Referral:
    id: int
    transaction_id: str
    status: Literal["open", "decided"]
    reasons: tuple[str, ...]
    created_at: datetime
    decided_at: datetime | None
    officer: str | None
    verdict: OfficerVerdict | None
    reason: str | None
    reason_code: str | None = None


class ReferralRepository:
    def __init__(self, session: Session, clock: Clock = utc_now) -> None:
        self._session = session
        self._clock = clock

    def open(self, transaction_id: str, reasons: Sequence[str]) -> Referral:
        if self._session.get(TransactionRow, transaction_id) is None:
            raise NotFoundError(f"no transaction {transaction_id}")
        if self._by_transaction(transaction_id) is not None:
            raise ConflictError(f"transaction {transaction_id} is already referred")
        row = ReferralRow(transaction_id=transaction_id, status="open", reasons=list(reasons),
                          created_at=self._clock())
        self._session.add(row)
        self._session.flush()
        return self._view(row)

    def get(self, referral_id: int) -> Referral:
        return self._view(self._require(referral_id))

    def for_transaction(self, transaction_id: str) -> Referral | None:
        row = self._by_transaction(transaction_id)
        return None if row is None else self._view(row)

    def find(self, status: Literal["open", "decided"] | None = "open", limit: int = 100) -> list[Referral]:
        query = select(ReferralRow).order_by(ReferralRow.created_at).limit(limit)
        if status is not None:
            query = query.where(ReferralRow.status == status)
        return [self._view(row) for row in self._session.scalars(query)]

    def decide(self, referral_id: int, officer_username: str, verdict: OfficerVerdict, reason: str,
               reason_code: str | None = None) -> Referral:
        """Record the officer's decision; a referral is decided once."""
        if verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {verdict!r}")
        if not reason.strip():
            raise ValueError("an officer decision needs a reason")
        row = self._require(referral_id, for_update=True)
        if row.status != "open":
            raise ConflictError(f"referral {referral_id} is already decided")
        officer = self._session.scalar(select(OfficerRow).where(OfficerRow.username == officer_username))
        if officer is None:
            raise NotFoundError(f"no officer {officer_username!r}")
        row.status, row.verdict, row.reason, row.reason_code = "decided", verdict, reason, reason_code
        row.officer_id, row.decided_at = officer.id, self._clock()
        self._session.flush()
        return self._view(row)

    def erase_reason(self, referral_id: int) -> bool:
        """Erase the officer's free text (a data subject's request); False when there was none."""
        row = self._require(referral_id, for_update=True)
        if row.reason is None:
            return False
        row.reason = None
        self._session.flush()
        return True

    def _by_transaction(self, transaction_id: str) -> ReferralRow | None:
        return self._session.scalar(select(ReferralRow).where(ReferralRow.transaction_id == transaction_id))

    def _require(self, referral_id: int, *, for_update: bool = False) -> ReferralRow:
        query = select(ReferralRow).where(ReferralRow.id == referral_id)
        row = self._session.scalar(query.with_for_update() if for_update else query)
        if row is None:
            raise NotFoundError(f"no referral {referral_id}")
        return row

    def _view(self, row: ReferralRow) -> Referral:
        officer = None if row.officer_id is None else self._session.get(OfficerRow, row.officer_id)
        return Referral(row.id, row.transaction_id, cast(Literal["open", "decided"], row.status),
                        tuple(row.reasons or ()), row.created_at, row.decided_at,
                        officer.username if officer else None, cast(OfficerVerdict | None, row.verdict), row.reason,
                        row.reason_code)
