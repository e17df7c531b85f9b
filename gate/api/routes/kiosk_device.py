"""The traveller's kiosk: provisioning of its device credential, and the wait for a card on the reader."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Security, status
from fastapi.responses import RedirectResponse

from gate.api.deps import GateDep, ServicesDep, gate_key
from gate.api.kiosk_schemas import DeviceLink, KioskCurrent
from gate.api.routes.kiosk_errors import KioskRefusal, KioskRoute, kiosk_responses
from gate.service.kiosk_device import DEVICE_COOKIE, DEVICE_TTL_S, LINK_TTL_S
from gate.service.kiosk_reader import READING

router = APIRouter(prefix="/kiosk", tags=["kiosk"], route_class=KioskRoute,
                   responses=kiosk_responses(401, 422, 500, 503))
KIOSK_PAGE = "/ui/kiosk.html"


@router.post("/device-link", response_model=DeviceLink)
def device_link(services: ServicesDep, api_key: Annotated[str | None, Security(gate_key)]) -> DeviceLink:
    """A provisioning link for this gate's kiosk, asked once by the installer with the gate's API key (a
    kiosk's device cookie cannot ask for one: it could otherwise renew itself for ever)."""
    gate = services.auth.gate(api_key) if api_key else None
    link = None if gate is None else services.devices.link(gate)
    if link is None:
        raise KioskRefusal(status.HTTP_401_UNAUTHORIZED, "NOT_PROVISIONED", {"WWW-Authenticate": "ApiKey"})
    return DeviceLink(path=f"/kiosk/provision?link={link}", expires_in=LINK_TTL_S)


@router.get("/provision", response_class=RedirectResponse, status_code=status.HTTP_303_SEE_OTHER)
def provision(link: Annotated[str, Query(max_length=512)], services: ServicesDep) -> RedirectResponse:
    """Exchange a provisioning link for the kiosk's device cookie, then open the kiosk page."""
    token = services.devices.provision(link)
    if token is None:
        raise KioskRefusal(status.HTTP_401_UNAUTHORIZED, "PROVISION_LINK_INVALID")
    response = RedirectResponse(KIOSK_PAGE, status_code=status.HTTP_303_SEE_OTHER)
    response.set_cookie(DEVICE_COOKIE, token, max_age=DEVICE_TTL_S, httponly=True, samesite="strict", path="/")
    return response


@router.get("/current", response_model=KioskCurrent)
def current(gate: GateDep, services: ServicesDep,
            wait: Annotated[float, Query(ge=0, le=2, description="seconds to wait for a card")] = 0) -> KioskCurrent:
    """The gate's open transaction (a reload resumes it); else stage ``reading`` when a card was placed on the
    gate's reader within ``wait`` seconds (poll again at once: that poll reads the chip and answers with the
    transaction started on it); else stage ``waiting``."""
    found = services.reader_kiosk.current(gate.id, wait)
    if found is None or isinstance(found, str):
        return KioskCurrent(gate_id=gate.id, stage="waiting" if found is None else READING)
    return KioskCurrent(gate_id=gate.id, stage=found.stage, transaction_id=found.transaction_id,
                        decision=found.decision)  # type: ignore[arg-type]
