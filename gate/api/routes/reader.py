"""The operator lays a card on a gate's simulated document reader (demos, trials without hardware)."""

from __future__ import annotations

import base64
import binascii

from fastapi import APIRouter, status

from enrollment.icao.card_file import loads
from enrollment.icao.errors import EncodingError
from gate.api.deps import AdminDep, ServicesDep
from gate.api.errors import responses
from gate.api.kiosk_schemas import PlaceCard
from gate.api.schemas import GateId
from gate.ports import OpticalData
from gate.service import NotFoundError
from gate.service.errors import InvalidUpload, UploadTooLarge

router = APIRouter(prefix="/admin", tags=["admin"], responses=responses(401, 403, 503))


@router.put("/gates/{gate_id}/reader", status_code=status.HTTP_204_NO_CONTENT, responses=responses(404, 413))
def place_card(gate_id: GateId, body: PlaceCard, _admin: AdminDep, services: ServicesDep) -> None:
    """Lay the card on the gate's simulated reader: the gate's kiosk starts the transaction by itself."""
    if gate_id not in {known.gate.id for known in services.admin.gates()}:
        raise NotFoundError(f"no gate {gate_id}")
    try:
        raw = base64.b64decode(body.card, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InvalidUpload("card is not valid base64") from exc
    if len(raw) > services.kiosk.limits.max_card_bytes:
        raise UploadTooLarge(f"card file larger than {services.kiosk.limits.max_card_bytes} bytes")
    try:
        card = loads(raw)
    except EncodingError as exc:
        raise InvalidUpload(str(exc)) from exc
    # the simulated optical read of the card's front: the CAN printed on it, unless the operator gives one
    optical = OpticalData(body.document_number, body.birth_date, body.expiry_date,
                          body.can if body.can is not None else card.can)
    services.readers.for_gate(gate_id).place(card, optical)
