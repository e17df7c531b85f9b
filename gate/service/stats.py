"""The shift in numbers over a chosen period: transactions per hour and lane, OPEN / REFER / REJECT
counts, referral reasons, time to the officer's decision, and the operational accuracy estimates
(BSI TR-03121): FMR from the shadow impostor comparisons (:mod:`gate.service.shadow`), FNMR from the face
mismatches that officers admitted.

FNMR assumes every OPEN transaction was its genuine holder (a face match) and counts as false non-matches
the FACE_MISMATCH referrals an officer admitted; refused and second-line cases are left out (not known to
be genuine), as are undecided ones. Both estimates carry a one-sided Clopper-Pearson upper bound.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from gate.policy import Reason, Verdict
from gate.service.errors import InvalidRequest
from gate.service.shadow import ShadowImpostors
from gate.service.stats_bounds import RateEstimate, estimate
from gate.store import Database, GateRepository, read_only
from gate.store.models import ReferralRow, TransactionRow
from gate.store.shift_models import ShadowTallyRow

MAX_PERIOD = timedelta(days=31)
HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class Period:
    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise InvalidRequest("start and end need a time zone (e.g. 2026-12-01T08:00:00Z)")
        if not self.start < self.end:
            raise InvalidRequest("the period's end must come after its start")
        if self.end - self.start > MAX_PERIOD:
            raise InvalidRequest(f"a period is at most {MAX_PERIOD.days} days")

    def hours(self) -> list[datetime]:
        hour = self.start.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
        hours = []
        while hour < self.end:
            hours.append(hour)
            hour += HOUR
        return hours


@dataclass(frozen=True)
class LaneHour:
    gate_id: str
    hour: datetime
    transactions: int


@dataclass(frozen=True)
class VerdictCounts:
    gate_id: str  # "*" for every lane together
    open: int
    refer: int
    reject: int
    undecided: int

    @property
    def decided(self) -> int:
        return self.open + self.refer + self.reject

    def rate(self, count: int) -> float | None:
        return count / self.decided if self.decided else None


@dataclass(frozen=True)
class OfficerTiming:
    decided: int
    mean_s: float | None
    max_s: float | None


@dataclass(frozen=True)
class ShadowFmr:
    model_id: str
    fmr_target: float
    estimate: RateEstimate


@dataclass(frozen=True)
class ShiftStats:
    period: Period
    per_hour: list[LaneHour]
    verdicts: list[VerdictCounts]
    referral_reasons: list[tuple[str, int]]
    officer: OfficerTiming
    fmr: list[ShadowFmr]
    fnmr: RateEstimate


class StatsService:
    def __init__(self, db: Database, shadow: ShadowImpostors | None = None) -> None:
        self._db, self._shadow = db, shadow

    def shift(self, period: Period) -> ShiftStats:
        if self._shadow is not None:
            self._shadow.flush()  # the counts of the last minutes too
        with self._db.sessions() as session:
            read_only(session)
            gates = [g.id for g in GateRepository(session).all()]
            transactions = session.execute(
                select(TransactionRow.gate_id, TransactionRow.created_at, TransactionRow.decision)
                .where(TransactionRow.created_at >= period.start, TransactionRow.created_at < period.end)).all()
            referrals = session.execute(
                select(ReferralRow.reasons, ReferralRow.created_at, ReferralRow.decided_at, ReferralRow.verdict)
                .where(ReferralRow.created_at >= period.start, ReferralRow.created_at < period.end)).all()
            tallies = session.execute(
                select(ShadowTallyRow.model_id, ShadowTallyRow.fmr_target, func.sum(ShadowTallyRow.comparisons),
                       func.sum(ShadowTallyRow.false_matches))
                .where(ShadowTallyRow.created_at >= period.start, ShadowTallyRow.created_at < period.end)
                .group_by(ShadowTallyRow.model_id, ShadowTallyRow.fmr_target)
                .order_by(ShadowTallyRow.model_id, ShadowTallyRow.fmr_target)).all()
        hourly = Counter((gate_id, created.replace(minute=0, second=0, microsecond=0))
                         for gate_id, created, _ in transactions)
        lanes = sorted(set(gates) | {gate_id for gate_id, _ in hourly})
        per_hour = [LaneHour(g, h, hourly.get((g, h), 0)) for g in lanes for h in period.hours()]
        verdicts = [_verdicts(g, [d for gate_id, _, d in transactions if gate_id == g]) for g in lanes]
        verdicts.append(_verdicts("*", [d for _, _, d in transactions]))
        reasons = Counter(reason for row in referrals for reason in row.reasons or ())
        waits = [(decided - created).total_seconds() for _, created, decided, _ in referrals if decided is not None]
        officer = OfficerTiming(len(waits), sum(waits) / len(waits) if waits else None, max(waits, default=None))
        fmr = [ShadowFmr(model_id, float(target), estimate(int(matches), int(comparisons)))
               for model_id, target, comparisons, matches in tallies]
        admitted = sum(1 for reasons_, _, _, verdict in referrals
                       if verdict == "admit" and Reason.FACE_MISMATCH in (reasons_ or ()))
        opened = sum(1 for _, _, d in transactions if d == Verdict.OPEN)
        return ShiftStats(period, per_hour, verdicts, sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0])),
                          officer, fmr, estimate(admitted, opened + admitted))


def _verdicts(gate_id: str, decisions: list[str | None]) -> VerdictCounts:
    counts = Counter(decisions)
    return VerdictCounts(gate_id, counts[Verdict.OPEN], counts[Verdict.REFER], counts[Verdict.REJECT],
                         counts[None])
