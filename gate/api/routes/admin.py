"""Administration: FMR target, gate status, gate registration, officer accounts (admin role)."""

from __future__ import annotations

from fastapi import APIRouter, status

from gate.api.deps import AdminDep, ServicesDep
from gate.api.errors import responses
from gate.api.schemas import CreatedGate, CreateGate, CreateOfficer, FmrTarget, GateView, LastTransaction, OfficerView

router = APIRouter(prefix="/admin", tags=["admin"], responses=responses(401, 403, 503))


@router.get("/fmr-target", response_model=FmrTarget)
def get_fmr_target(admin: AdminDep, services: ServicesDep) -> FmrTarget:
    return FmrTarget(fmr_target=services.admin.fmr_target())


@router.put("/fmr-target", response_model=FmrTarget)
def set_fmr_target(body: FmrTarget, admin: AdminDep, services: ServicesDep) -> FmrTarget:
    """Set the face FMR target (0.01, 0.001 or 0.0001) for transactions started from now on (audited)."""
    return FmrTarget(fmr_target=services.admin.set_fmr_target(body.fmr_target, admin))


@router.get("/gates", response_model=list[GateView])
def list_gates(admin: AdminDep, services: ServicesDep) -> list[GateView]:
    """Each gate with its last transaction, open referrals and transactions waiting for frames."""
    views = []
    for s in services.admin.gates():
        last = s.last_transaction
        views.append(GateView(id=s.gate.id, name=s.gate.name, open_referrals=s.open_referrals,
                              in_flight=services.kiosk.in_flight(s.gate.id), last_transaction=None if last is None
                              else LastTransaction(id=last.id, state=last.state, created_at=last.created_at,
                                                   decision=last.decision)))  # type: ignore[arg-type]
    return views


@router.post("/gates", status_code=status.HTTP_201_CREATED, response_model=CreatedGate, responses=responses(409))
def create_gate(body: CreateGate, admin: AdminDep, services: ServicesDep) -> CreatedGate:
    """Register a gate; the response carries its API key, shown only this once."""
    gate, api_key = services.admin.create_gate(body.id, body.name, admin)
    return CreatedGate(id=gate.id, name=gate.name, api_key=api_key)


@router.post("/officers", status_code=status.HTTP_201_CREATED, response_model=OfficerView,
             responses=responses(409))
def create_officer(body: CreateOfficer, admin: AdminDep, services: ServicesDep) -> OfficerView:
    officer = services.admin.create_officer(body.username, body.password, body.role, admin)
    return OfficerView(id=officer.id, username=officer.username, role=officer.role, active=officer.active)
