"""Guided capture at the kiosk: one live frame at a time, answered with guidance codes or the decision."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, UploadFile

from gate.api.deps import GateDep, ServicesDep
from gate.api.kiosk_schemas import FrameVerdict
from gate.api.params import TransactionId
from gate.api.routes.kiosk_errors import KioskRoute, kiosk_responses
from gate.service.frames import Upload
from gate.service.kiosk import KioskStatus

router = APIRouter(prefix="/kiosk", tags=["kiosk"], route_class=KioskRoute,
                   responses=kiosk_responses(401, 422, 500, 503))


def _verdict(status: KioskStatus, codes: tuple[str, ...] = ()) -> FrameVerdict:
    return FrameVerdict(transaction_id=status.transaction_id, stage=status.stage,
                        decision=status.decision, codes=list(codes))  # type: ignore[arg-type]


@router.post("/transactions/{transaction_id}/frame", response_model=FrameVerdict,
             responses=kiosk_responses(404, 409, 413, 415))
def submit_frame(transaction_id: TransactionId, frame: Annotated[UploadFile, File(description="JPEG or PNG")],
                 gate: GateDep, services: ServicesDep) -> FrameVerdict:
    """One live frame: the guidance codes when it does not qualify; the decision when it does."""
    limit = services.kiosk.limits.max_frame_bytes
    answer = services.frame_coach.frame(gate.id, transaction_id, Upload(frame.content_type, frame.file.read(limit + 1)))
    return _verdict(answer.status, answer.codes)


@router.post("/transactions/{transaction_id}/finish", response_model=FrameVerdict, responses=kiosk_responses(404, 409))
def finish(transaction_id: TransactionId, gate: GateDep, services: ServicesDep) -> FrameVerdict:
    """The kiosk's capture budget ran out: decided on the best frame seen (or none): a calm referral."""
    return _verdict(services.frame_coach.finish(gate.id, transaction_id))
