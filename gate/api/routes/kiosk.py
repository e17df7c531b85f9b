"""Kiosk endpoints: one gate, authenticated by its API key, sees only its own transactions. Answers carry
codes only (the stage, the verdict, an error code): the kiosk page words them in the traveller's language."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated

from fastapi import APIRouter, File, UploadFile, status

from enrollment.icao.inspection import AccessKey
from gate.api.deps import GateDep, ServicesDep
from gate.api.kiosk_schemas import KioskTransaction
from gate.api.params import TransactionId
from gate.api.routes.kiosk_errors import KioskRoute, kiosk_responses
from gate.api.schemas import StartTransaction
from gate.service.errors import InvalidUpload
from gate.service.frames import Upload
from gate.service.kiosk import KioskStatus

router = APIRouter(prefix="/kiosk", tags=["kiosk"], route_class=KioskRoute,
                   responses=kiosk_responses(401, 422, 500, 503))


def _view(result: KioskStatus) -> KioskTransaction:
    return KioskTransaction(transaction_id=result.transaction_id, gate_id=result.gate_id, stage=result.stage,
                            decision=result.decision)  # type: ignore[arg-type]


@router.post("/transactions", status_code=status.HTTP_201_CREATED, response_model=KioskTransaction,
             responses=kiosk_responses(413))
def start_transaction(body: StartTransaction, gate: GateDep, services: ServicesDep) -> KioskTransaction:
    """Present the card: reads and authenticates the chip. Decided at once (REJECT/REFER) when the
    document fails; otherwise the transaction waits in stage ``capture`` for the frames."""
    try:
        card = base64.b64decode(body.card, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InvalidUpload("card is not valid base64") from exc  # answered with its code only
    key = AccessKey(body.document_number, body.birth_date, body.expiry_date)
    return _view(services.kiosk.start(gate.id, key, card))


@router.post("/transactions/{transaction_id}/frames", response_model=KioskTransaction,
             responses=kiosk_responses(404, 409, 413, 415))
def submit_frames(transaction_id: TransactionId, frames: Annotated[list[UploadFile], File(
                      description="live frames, JPEG or PNG, best first")],
                  gate: GateDep, services: ServicesDep) -> KioskTransaction:
    """Submit the live frames: runs capture, liveness and the face comparison to the decision."""
    limit = services.kiosk.limits.max_frame_bytes
    uploads = [Upload(frame.content_type, frame.file.read(limit + 1)) for frame in frames]
    return _view(services.kiosk.submit_frames(gate.id, transaction_id, uploads))


@router.get("/transactions/{transaction_id}", response_model=KioskTransaction, responses=kiosk_responses(404))
def get_transaction(transaction_id: TransactionId, gate: GateDep, services: ServicesDep) -> KioskTransaction:
    """The transaction's stage and, once decided, the decision. Reasons are not shown at the kiosk: a
    stop-list hit or a PAD alarm must not be revealed to the traveller."""
    return _view(services.kiosk.status(gate.id, transaction_id))
