"""Decision history: decided referrals searched by gate, reason, time of decision, officer and verdict,
newest decision first, one page at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TypeVarTuple

from sqlalchemy import ColumnElement, Select, String, and_, cast, func, select
from sqlalchemy.orm import Session

from gate.store.models import OfficerRow, ReferralRow, TransactionRow
from gate.store.referrals import Referral, ReferralRepository

MAX_PAGE_SIZE = 100
Columns = TypeVarTuple("Columns")


@dataclass(frozen=True)
class HistoryFilter:
    gate_id: str | None = None
    reason: str | None = None  # one of the gate's referral reasons, e.g. FACE_MISMATCH
    reason_code: str | None = None  # the officer's reason code, e.g. IDENTITY_CONFIRMED
    officer: str | None = None  # the deciding officer's username
    verdict: str | None = None
    decided_from: datetime | None = None  # inclusive
    decided_to: datetime | None = None  # exclusive


@dataclass(frozen=True)
class HistoryPage:
    items: tuple[tuple[Referral, str], ...]  # each decided referral with its gate id
    total: int  # matches over every page
    page: int
    per_page: int


def _like_escaped(code: str) -> str:
    return code.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _conditions(f: HistoryFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [ReferralRow.status == "decided"]
    if f.gate_id is not None:
        conditions.append(TransactionRow.gate_id == f.gate_id)
    if f.reason is not None:  # a JSON list of codes: match the quoted code in its text, on either backend
        conditions.append(cast(ReferralRow.reasons, String).like(f'%"{_like_escaped(f.reason)}"%', escape="\\"))
    if f.reason_code is not None:
        conditions.append(ReferralRow.reason_code == f.reason_code)
    if f.officer is not None:
        conditions.append(OfficerRow.username == f.officer)
    if f.verdict is not None:
        conditions.append(ReferralRow.verdict == f.verdict)
    if f.decided_from is not None:
        conditions.append(ReferralRow.decided_at >= f.decided_from)
    if f.decided_to is not None:
        conditions.append(ReferralRow.decided_at < f.decided_to)
    return conditions


def _joined(query: Select[*Columns], f: HistoryFilter) -> Select[*Columns]:
    query = query.join(TransactionRow, TransactionRow.id == ReferralRow.transaction_id)
    query = query.outerjoin(OfficerRow, OfficerRow.id == ReferralRow.officer_id)
    return query.where(and_(*_conditions(f)))


class ReferralHistory:
    def __init__(self, session: Session) -> None:
        self._session = session

    def search(self, f: HistoryFilter, page: int = 1, per_page: int = 25) -> HistoryPage:
        if page < 1 or not 1 <= per_page <= MAX_PAGE_SIZE:
            raise ValueError(f"page >= 1 and 1 <= per_page <= {MAX_PAGE_SIZE}")
        total = self._session.scalar(_joined(select(func.count(ReferralRow.id)), f)) or 0
        query = _joined(select(ReferralRow, TransactionRow.gate_id), f)
        query = query.order_by(ReferralRow.decided_at.desc(), ReferralRow.id.desc())
        rows = self._session.execute(query.offset((page - 1) * per_page).limit(per_page)).all()
        repo = ReferralRepository(self._session)
        return HistoryPage(tuple((repo.get(row.id), gate_id) for row, gate_id in rows), total, page, per_page)
