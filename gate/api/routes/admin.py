"""Administration: FMR target, gate status, gate registration and key rotation, officer accounts (admin
role); the stop list with its diff before confirming, and reading the FMR target (supervisor role)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, status

from gate.api.admin_schemas import (
    DIFF_SHOWN,
    ConfirmStopList,
    OfficerAccount,
    SetRole,
    StopListDiffView,
    StopListEntry,
    StopListSummary,
    StopListText,
)
from gate.api.deps import AdminDep, ServicesDep, SupervisorDep
from gate.api.errors import responses
from gate.api.schemas import CreatedGate, CreateGate, CreateOfficer, FmrTarget, GateView, LastTransaction, OfficerView
from gate.identifiers import CODE_PATTERN
from gate.service.stop_list_admin import StopListDiff
from gate.service.stop_list_admin import digest as stop_list_digest

router = APIRouter(prefix="/admin", tags=["admin"], responses=responses(401, 403, 503))
Username = Annotated[str, Path(pattern=r"^[A-Za-z0-9_.-]{3,64}$")]
GatePath = Annotated[str, Path(pattern=CODE_PATTERN, max_length=64)]


@router.get("/fmr-target", response_model=FmrTarget)
def get_fmr_target(supervisor: SupervisorDep, services: ServicesDep) -> FmrTarget:
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


@router.post("/gates/{gate_id}/key", response_model=CreatedGate, responses=responses(404))
def rotate_gate_key(gate_id: GatePath, admin: AdminDep, services: ServicesDep) -> CreatedGate:
    """A new API key for the gate, shown only this once; the old key and the kiosk's device cookie stop working."""
    api_key = services.admin.rotate_gate_key(gate_id, admin)
    gate = next(s.gate for s in services.admin.gates() if s.gate.id == gate_id)
    return CreatedGate(id=gate.id, name=gate.name, api_key=api_key)


@router.get("/officers", response_model=list[OfficerAccount])
def list_officers(admin: AdminDep, services: ServicesDep) -> list[OfficerAccount]:
    return [OfficerAccount(id=o.id, username=o.username, role=o.role, active=o.active, created_at=o.created_at)
            for o in services.admin.officers()]


@router.put("/officers/{username}/role", response_model=OfficerView, responses=responses(404))
def set_officer_role(username: Username, body: SetRole, admin: AdminDep, services: ServicesDep) -> OfficerView:
    """Change an account's role (audited); an administrator cannot change their own."""
    o = services.admin.set_role(username, body.role, admin)
    return OfficerView(id=o.id, username=o.username, role=o.role, active=o.active)


@router.post("/officers/{username}/disable", response_model=OfficerView, responses=responses(404))
def disable_officer(username: Username, admin: AdminDep, services: ServicesDep) -> OfficerView:
    """Disable an account (audited): its tokens stop working at once."""
    o = services.admin.disable(username, admin)
    return OfficerView(id=o.id, username=o.username, role=o.role, active=o.active)


@router.get("/stop-list", response_model=StopListSummary)
def stop_list(supervisor: SupervisorDep, services: ServicesDep) -> StopListSummary:
    current = services.stop_list.current()
    return StopListSummary(entries=len(current), digest=stop_list_digest(current))


@router.post("/stop-list/preview", response_model=StopListDiffView)
def preview_stop_list(body: StopListText, supervisor: SupervisorDep, services: ServicesDep) -> StopListDiffView:
    """What an uploaded list would change (added and removed entries); nothing is changed yet."""
    return _diff(services.stop_list.preview(body.text))


@router.put("/stop-list", response_model=StopListDiffView, responses=responses(409))
def replace_stop_list(body: ConfirmStopList, supervisor: SupervisorDep, services: ServicesDep) -> StopListDiffView:
    """Put the list in force (audited with the counts); 409 when the list changed since the preview."""
    return _diff(services.stop_list.replace(body.text, body.expected_digest, supervisor))


def _diff(diff: StopListDiff) -> StopListDiffView:
    def entries(pairs: list[tuple[str, str]]) -> list[StopListEntry]:
        return [StopListEntry(issuing_state=s, document_number=n) for s, n in pairs[:DIFF_SHOWN]]

    return StopListDiffView(added_count=len(diff.added), removed_count=len(diff.removed), unchanged=diff.unchanged,
                            added=entries(diff.added), removed=entries(diff.removed),
                            current_digest=diff.current_digest, new_digest=diff.new_digest)
