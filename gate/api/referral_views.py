"""How the service's referral objects become response bodies (one place, shared by the officer's routes)."""

from __future__ import annotations

from dataclasses import asdict

from gate.api.referral_schemas import (
    BiographicView,
    CheckView,
    ComparisonView,
    HandoverView,
    HistoryItem,
    MeasurementView,
    QualityView,
    ReferralDetail,
    ReferralSummary,
)
from gate.service import Referral
from gate.service.decision_history import HistoryEntry
from gate.service.evidence import StageCheck
from gate.service.referrals import Case
from gate.service.second_line import Handover


def handover_view(handover: Handover | None) -> HandoverView | None:
    if handover is None:
        return None
    return HandoverView(officer=handover.officer, note=handover.note, handed_at=handover.handed_at)


def summary(referral: Referral, gate_id: str, handover: Handover | None = None) -> ReferralSummary:
    return ReferralSummary(id=referral.id, transaction_id=referral.transaction_id, gate_id=gate_id,
                           status=referral.status, reasons=list(referral.reasons), created_at=referral.created_at,
                           handover=handover_view(handover))


def check_view(item: StageCheck) -> CheckView:
    return CheckView(stage=item.stage, kind=item.check.kind, result=item.check.result, code=item.check.code)


def detail(case: Case, pad_alarm_threshold: float) -> ReferralDetail:
    r, e, extras = case.referral, case.evidence, case.extras
    quality = next((check_view(c) for c in e.checks if c.check.kind == "quality"), None)
    measurements = None if extras.quality is None else QualityView(
        profile=extras.quality.profile, criteria=[MeasurementView(**asdict(m)) for m in extras.quality.criteria])
    biographic = None if extras.biographic is None else BiographicView(**asdict(extras.biographic))
    comparisons = [ComparisonView(**c.model_dump(), direction=d) for c, d in zip(e.comparisons, case.directions,
                                                                                strict=True)]
    return ReferralDetail(
        **summary(r, case.gate_id, case.handover).model_dump(), decision=case.decision,  # type: ignore[arg-type]
        gate_decided_at=case.gate_decided_at, decided_at=r.decided_at, checks=[check_view(c) for c in e.checks],
        comparisons=comparisons, pad_score=e.pad_score, pad_alarm_threshold=pad_alarm_threshold, quality=quality,
        quality_measurements=measurements, biographic=biographic, captures=list(case.captures), officer=r.officer,
        verdict=r.verdict, officer_reason=r.reason, officer_reason_code=r.reason_code)


def history_item(entry: HistoryEntry) -> HistoryItem:
    r = entry.referral
    assert r.decided_at is not None
    return HistoryItem(**summary(r, entry.gate_id, entry.handover).model_dump(),
                       decided_at=r.decided_at, officer=r.officer, verdict=r.verdict, officer_reason=r.reason,
                       officer_reason_code=r.reason_code)
