"""Officer console endpoints: the referral queue, one case with both images, the decision."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response, status

from gate.api.deps import OfficerDep, ServicesDep, SupervisorDep
from gate.api.errors import responses
from gate.api.params import ReferralId
from gate.api.schemas import CheckView, ComparisonView, Decide, DecisionResult, ReferralDetail, ReferralSummary
from gate.service import Referral
from gate.service.evidence import StageCheck
from gate.service.images import viewable_jpeg

router = APIRouter(prefix="/officer", tags=["officer"], responses=responses(401, 403, 503))

CaptureKind = Literal["live_face", "chip_face"]


def _summary(referral: Referral, gate_id: str) -> ReferralSummary:
    return ReferralSummary(id=referral.id, transaction_id=referral.transaction_id, gate_id=gate_id,
                           status=referral.status, reasons=list(referral.reasons), created_at=referral.created_at)


def _check(item: StageCheck) -> CheckView:
    return CheckView(stage=item.stage, kind=item.check.kind, result=item.check.result, code=item.check.code)


@router.get("/referrals", response_model=list[ReferralSummary])
def list_referrals(officer: OfficerDep, services: ServicesDep, status: Literal["open", "decided"] = "open",
                   limit: Annotated[int, Query(ge=1, le=500)] = 100) -> list[ReferralSummary]:
    """Referrals, oldest first: the open queue by default."""
    return [_summary(referral, gate_id) for referral, gate_id in services.referrals.queue(status, limit)]


@router.get("/referrals/{referral_id}", response_model=ReferralDetail, responses=responses(404))
def get_referral(referral_id: ReferralId, officer: OfficerDep, services: ServicesDep) -> ReferralDetail:
    """The case: reasons, checks, comparison scores with thresholds and FMR targets, PAD, quality (audited)."""
    case = services.referrals.case(referral_id, officer)
    r, e = case.referral, case.evidence
    quality = next((_check(c) for c in e.checks if c.check.kind == "quality"), None)
    return ReferralDetail(
        **_summary(r, case.gate_id).model_dump(), decision=case.decision,  # type: ignore[arg-type]
        decided_at=case.decided_at, checks=[_check(c) for c in e.checks],
        comparisons=[ComparisonView(**c.model_dump()) for c in e.comparisons], pad_score=e.pad_score,
        pad_alarm_threshold=services.fleet.base.controller.config.pad_alarm_threshold, quality=quality,
        captures=list(case.captures), officer=r.officer, verdict=r.verdict, officer_reason=r.reason,
        officer_reason_code=r.reason_code)


@router.get("/referrals/{referral_id}/captures/{kind}", response_class=Response, responses={
    200: {"content": {"image/jpeg": {}}, "description": "the decrypted image"}, **responses(404)})
def get_capture(referral_id: ReferralId, kind: CaptureKind, officer: OfficerDep, services: ServicesDep) -> Response:
    """The chip photo or the live capture, decrypted from the vault (audited; not cached), as JPEG; a
    placeholder (header ``X-Image-Placeholder: true``) when the stored bytes are no displayable image."""
    image = viewable_jpeg(services.referrals.capture(referral_id, kind, officer))
    return Response(image.jpeg, media_type="image/jpeg", headers={
        "Cache-Control": "no-store", "X-Image-Placeholder": "true" if image.placeholder else "false"})


@router.post("/referrals/{referral_id}/decision", response_model=DecisionResult, responses=responses(404, 409))
def decide(referral_id: ReferralId, body: Decide, officer: OfficerDep, services: ServicesDep) -> DecisionResult:
    """Admit, refuse or send to second line, with a reason; the captures are purged (both audited)."""
    outcome = services.referrals.decide(referral_id, officer, body.verdict, body.reason, body.reason_code)
    r = outcome.referral
    assert r.verdict is not None and r.decided_at is not None and r.officer is not None
    return DecisionResult(referral_id=r.id, transaction_id=r.transaction_id, verdict=r.verdict, officer=r.officer,
                          decided_at=r.decided_at, captures_purged=outcome.captures_purged)


@router.delete("/referrals/{referral_id}/reason", status_code=status.HTTP_204_NO_CONTENT,
               responses=responses(404))
def erase_reason(referral_id: ReferralId, supervisor: SupervisorDep, services: ServicesDep) -> None:
    """Erase the officer's free-text reason of a referral (a data subject's request; supervisor+, audited).
    The audit chain keeps the reason code and the text's HMAC, and still verifies."""
    services.referrals.erase_reason(referral_id, supervisor)
