"""The officers' decision history: decided referrals searched and filtered, a page at a time (included in
:mod:`gate.api.routes.officer`, under ``/officer``)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query

from gate.api.deps import OfficerDep, ServicesDep
from gate.api.referral_schemas import HistoryPage, OfficerVerdict
from gate.api.referral_views import history_item
from gate.identifiers import CODE_PATTERN
from gate.service.decision_history import HistoryFilter
from gate.service.officer_reasons import OfficerReasonCode

router = APIRouter()
Code = Annotated[str | None, Query(pattern=CODE_PATTERN, max_length=64)]


@router.get("/history", response_model=HistoryPage)
def history(officer: OfficerDep, services: ServicesDep,
            gate_id: Code = None,
            reason: Annotated[Code, Query(description="one of the gate's referral reasons, e.g. FACE_MISMATCH")] = None,
            reason_code: Annotated[OfficerReasonCode | None, Query(description="the officer's reason code")] = None,
            officer_name: Annotated[str | None, Query(alias="officer", max_length=64,
                                                      description="the deciding officer's username")] = None,
            verdict: OfficerVerdict | None = None,
            decided_from: Annotated[datetime | None, Query(description="decided at or after (ISO 8601)")] = None,
            decided_to: Annotated[datetime | None, Query(description="decided before (ISO 8601)")] = None,
            page: Annotated[int, Query(ge=1, le=100_000)] = 1,
            per_page: Annotated[int, Query(ge=1, le=100)] = 25) -> HistoryPage:
    """Decided referrals, newest decision first, filtered by gate, reason, officer, verdict and time range."""
    found = services.referrals.history.search(HistoryFilter(
        gate_id=gate_id, reason=reason, reason_code=reason_code, officer=officer_name, verdict=verdict,
        decided_from=decided_from, decided_to=decided_to), page, per_page)
    return HistoryPage(items=[history_item(e) for e in found.entries], total=found.total, page=found.page,
                       per_page=found.per_page)
