"""Officer console endpoints: the referral queue, one case in full with both images, the decision, the
handover to second line (and, from :mod:`gate.api.routes.officer_history`, the decision history)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response, status

from gate.api.deps import OfficerDep, ServicesDep, SupervisorDep
from gate.api.errors import responses
from gate.api.params import ReferralId
from gate.api.referral_schemas import Decide, DecisionResult, HandOver, HandoverView, ReferralDetail, ReferralSummary
from gate.api.referral_views import detail, handover_view, summary
from gate.api.routes import officer_history
from gate.service.images import viewable_jpeg

router = APIRouter(prefix="/officer", tags=["officer"], responses=responses(401, 403, 503))

CaptureKind = Literal["live_face", "chip_face"]
Line = Literal["first", "second"]


@router.get("/referrals", response_model=list[ReferralSummary])
def list_referrals(officer: OfficerDep, services: ServicesDep, status: Literal["open", "decided"] = "open",
                   line: Annotated[Line | None, Query(description="open referrals of first line only (not handed "
                                                                  "over) or of second line only")] = None,
                   limit: Annotated[int, Query(ge=1, le=500)] = 100) -> list[ReferralSummary]:
    """Referrals, oldest first: the open queue by default, each with its handover to second line if any."""
    queue = services.referrals.queue(status, limit)
    handovers = services.referrals.second_line.handovers(r.id for r, _ in queue)
    if line is not None:
        queue = [(r, g) for r, g in queue if (r.id in handovers) == (line == "second")]
    return [summary(referral, gate_id, handovers.get(referral.id)) for referral, gate_id in queue]


@router.get("/referrals/{referral_id}", response_model=ReferralDetail, responses=responses(404))
def get_referral(referral_id: ReferralId, officer: OfficerDep, services: ServicesDep) -> ReferralDetail:
    """The case (the view is audited): reasons, every check, comparison scores with their direction, thresholds,
    FMR targets and the FMR each score reaches, PAD, quality measured beside its limits, the handover note,
    and — for officers only, while the referral is open — the holder's data from the chip (DG1, DG13)."""
    return detail(services.referrals.case(referral_id, officer),
                  services.fleet.base.controller.config.pad_alarm_threshold)


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
    """Admit or refuse, with a reason; the captures and the holder's data are purged (both audited). A referral
    handed to second line is decided by a second-line officer (403 ``SECOND_LINE_ONLY`` for anyone else)."""
    outcome = services.referrals.decide(referral_id, officer, body.verdict, body.reason, body.reason_code)
    r = outcome.referral
    assert r.verdict is not None and r.decided_at is not None and r.officer is not None
    return DecisionResult(referral_id=r.id, transaction_id=r.transaction_id, verdict=r.verdict, officer=r.officer,
                          decided_at=r.decided_at, captures_purged=outcome.captures_purged)


@router.post("/referrals/{referral_id}/handover", response_model=HandoverView, status_code=status.HTTP_201_CREATED,
             responses=responses(404, 409))
def hand_over(referral_id: ReferralId, body: HandOver, officer: OfficerDep, services: ServicesDep) -> HandoverView:
    """Hand an open referral to second line with a note for the second-line officer (audited with the note's
    HMAC, not its text). It stays open, its captures kept, until second line decides."""
    view = handover_view(services.referrals.second_line.hand_over(referral_id, officer, body.note))
    assert view is not None
    return view


@router.delete("/referrals/{referral_id}/reason", status_code=status.HTTP_204_NO_CONTENT,
               responses=responses(404))
def erase_reason(referral_id: ReferralId, supervisor: SupervisorDep, services: ServicesDep) -> None:
    """Erase the officers' free text of a referral — the decision's reason and the handover note (a data
    subject's request; supervisor+, audited). The chain keeps the codes and the texts' HMACs, and verifies."""
    services.referrals.erase_reason(referral_id, supervisor)


router.include_router(officer_history.router)
