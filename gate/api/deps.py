"""Typed dependencies: the app's services, the calling gate (``X-Gate-Key``) and the signed-in officer.

Authentication failures are 401 (with ``WWW-Authenticate``); a role below the route's is 403.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request, Security, status
from fastapi.security import APIKeyCookie, APIKeyHeader, OAuth2PasswordBearer

from gate.service import Gate, Officer, Role, Services
from gate.service.kiosk_device import DEVICE_COOKIE
from gate.service.tokens import GATE_KEY_HEADER

gate_key = APIKeyHeader(name=GATE_KEY_HEADER, scheme_name="GateKey", auto_error=False,
                        description="the gate's API key (egate admin create-gate)")
device_cookie = APIKeyCookie(name=DEVICE_COOKIE, scheme_name="KioskDevice", auto_error=False,
                             description="the kiosk's device token (GET /kiosk/provision)")
officer_token = OAuth2PasswordBearer(tokenUrl="/auth/token", scheme_name="OfficerToken", auto_error=False,
                                     description="bearer token from POST /auth/token")


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


def current_gate(services: ServicesDep, api_key: Annotated[str | None, Security(gate_key)],
                 device: Annotated[str | None, Security(device_cookie)]) -> Gate:
    gate = services.auth.gate(api_key) if api_key else services.devices.gate(device) if device else None
    if gate is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "a valid X-Gate-Key is required",
                            headers={"WWW-Authenticate": "ApiKey"})
    services.lanes.seen(gate.id)  # the live lanes view: this gate's kiosk is online
    return gate


def current_officer(services: ServicesDep, token: Annotated[str | None, Security(officer_token)]) -> Officer:
    officer = services.auth.officer(token) if token else None
    if officer is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "sign in first (POST /auth/token)",
                            headers={"WWW-Authenticate": "Bearer"})
    return officer


def require(role: Role) -> Callable[[Officer], Officer]:
    def dependency(officer: Annotated[Officer, Depends(current_officer)]) -> Officer:
        if not officer.has_role(role):
            raise HTTPException(status.HTTP_403_FORBIDDEN, f"this needs the {role} role")
        return officer

    return dependency


GateDep = Annotated[Gate, Depends(current_gate)]
OfficerDep = Annotated[Officer, Depends(require("officer"))]
SupervisorDep = Annotated[Officer, Depends(require("supervisor"))]
AdminDep = Annotated[Officer, Depends(require("admin"))]
