"""The shift in numbers (supervisor role and above): JSON for the page, every table as CSV."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from gate.api.deps import ServicesDep, SupervisorDep
from gate.api.errors import responses
from gate.api.stats_schemas import (
    LaneHourView,
    OfficerTimingView,
    RateView,
    ReasonView,
    ShadowFmrView,
    ShiftStatsView,
    VerdictView,
)
from gate.service.stats import Period, ShiftStats
from gate.service.stats_bounds import RateEstimate
from gate.service.stats_csv import to_csv

router = APIRouter(prefix="/stats", tags=["stats"], responses=responses(401, 403, 503))

Start = Annotated[datetime | None, Query(description="period start (ISO 8601 with zone); default end - 24 h")]
End = Annotated[datetime | None, Query(description="period end, exclusive; default the next full hour")]
Table = Literal["per-hour", "verdicts", "reasons", "officer", "accuracy"]


def _period(start: datetime | None, end: datetime | None) -> Period:
    end = end or datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    return Period(start or end - timedelta(hours=24), end)


@router.get("/shift", response_model=ShiftStatsView)
def shift(supervisor: SupervisorDep, services: ServicesDep, start: Start = None, end: End = None) -> ShiftStatsView:
    """Transactions per hour and lane, verdict rates, referral reasons, time to the officer's decision, and the
    operational FMR (shadow impostors) and FNMR (admitted face mismatches) with their upper bounds."""
    stats = services.stats.shift(_period(start, end))
    return _view(stats, services.shadow.references_held())


@router.get("/shift/{table}.csv", response_class=Response,
            responses={200: {"content": {"text/csv": {}}, "description": "one table, header row first"}})
def shift_csv(table: Table, supervisor: SupervisorDep, services: ServicesDep, start: Start = None,
              end: End = None) -> Response:
    stats = services.stats.shift(_period(start, end))
    return Response(to_csv(stats, table), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="shift-{table}.csv"'})


def _rate(e: RateEstimate) -> RateView:
    return RateView(errors=e.errors, trials=e.trials, rate=e.rate, upper=e.upper, confidence=e.confidence)


def _view(stats: ShiftStats, held: int) -> ShiftStatsView:
    return ShiftStatsView(
        start=stats.period.start, end=stats.period.end,
        per_hour=[LaneHourView(gate_id=h.gate_id, hour=h.hour, transactions=h.transactions) for h in stats.per_hour],
        verdicts=[VerdictView(gate_id=v.gate_id, open=v.open, refer=v.refer, reject=v.reject, undecided=v.undecided,
                              open_rate=v.rate(v.open), refer_rate=v.rate(v.refer), reject_rate=v.rate(v.reject))
                  for v in stats.verdicts],
        referral_reasons=[ReasonView(reason=r, referrals=n) for r, n in stats.referral_reasons],
        officer=OfficerTimingView(decided=stats.officer.decided, mean_s=stats.officer.mean_s,
                                  max_s=stats.officer.max_s),
        fmr=[ShadowFmrView(model_id=f.model_id, fmr_target=f.fmr_target, estimate=_rate(f.estimate))
             for f in stats.fmr],
        fnmr=_rate(stats.fnmr), shadow_references=held)
