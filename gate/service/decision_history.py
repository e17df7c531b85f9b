"""The officers' decision history: decided referrals searched by gate, reason, time, officer and verdict.

Reading it is not audited: it holds no image, no biometric score and none of the holder's data (those
were purged with the decision); opening one case still is.
"""

from __future__ import annotations

from dataclasses import dataclass

from gate.service.errors import InvalidRequest
from gate.service.fleet import GateFleet
from gate.store import Referral, read_only
from gate.store.handovers import Handover, HandoverRepository
from gate.store.referral_history import HistoryFilter, ReferralHistory

__all__ = ["DecisionHistory", "HistoryEntry", "HistoryFilter", "HistoryResult"]


@dataclass(frozen=True)
class HistoryEntry:
    referral: Referral
    gate_id: str
    handover: Handover | None


@dataclass(frozen=True)
class HistoryResult:
    entries: tuple[HistoryEntry, ...]
    total: int
    page: int
    per_page: int


class DecisionHistory:
    def __init__(self, fleet: GateFleet) -> None:
        self._fleet = fleet

    def search(self, f: HistoryFilter, page: int = 1, per_page: int = 25) -> HistoryResult:
        if f.decided_from is not None and f.decided_to is not None and f.decided_from >= f.decided_to:
            raise InvalidRequest("the time range ends before it starts")
        with self._fleet.db.sessions() as session:
            read_only(session)
            try:
                found = ReferralHistory(session).search(f, page, per_page)
            except ValueError as exc:
                raise InvalidRequest(str(exc)) from exc
            handovers = HandoverRepository(session).for_referrals(r.id for r, _ in found.items)
        entries = tuple(HistoryEntry(r, gate_id, handovers.get(r.id)) for r, gate_id in found.items)
        return HistoryResult(entries, found.total, found.page, found.per_page)
