"""Enrolment desk endpoints: open a case, its demographics, exceptions, the transitions, issuance.

Any signed-in account may call them; the service admits clerks and supervisors only (403
``DESK_ROLE_REQUIRED``). Refusals carry typed codes: 422 with one ``detail`` entry per problem at its
field (``BIRTH_DATE_INVALID`` at ``["body", "birth_date"]``), 403 for the wrong role or the four-eyes rule,
409 for the wrong state. Captures are in :mod:`gate.api.routes.desk_capture`.
"""

from __future__ import annotations

import base64
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Response, status

from enrollment.desk.workflow import Action
from enrollment.icao.card_file import dumps
from gate.api.deps import ServicesDep, current_officer
from gate.api.errors import responses
from gate.api.routes.desk_schemas import (
    AdjudicateIn,
    Adjudication,
    CandidateCase,
    CaseView,
    DemographicsIn,
    ExceptionIn,
    IssueResult,
    OpenCase,
    RejectIn,
)
from gate.api.routes.desk_views import candidate_record_view, candidate_view, case_view
from gate.service import Officer
from gate.service.desk_errors import DeskConflict, DeskUnavailable
from gate.service.desk_operator import is_operator_candidate

router = APIRouter(prefix="/desk", tags=["desk"], responses=responses(401, 403, 503))
Account = Annotated[Officer, Depends(current_officer)]
CasePath = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$", description="case id")]
SlotPath = Annotated[str, Path(pattern=r"^(finger:([1-9]|10)|iris:(right|left))$", examples=["finger:7"])]


@router.post("/cases", response_model=CaseView, status_code=status.HTTP_201_CREATED, responses=responses(409))
def open_case(body: OpenCase, officer: Account, services: ServicesDep) -> CaseView:
    """A new draft case, the applicant's consent recorded (``CONSENT_REQUIRED`` without it); 409
    ``DESK_QUEUE_FULL`` / ``DESK_UNSYNCED_TOO_LONG`` while the desk's packets wait too long for the registry."""
    return case_view(services.desk.open(officer, consent=body.consent), services.desk.policy)


@router.get("/cases", response_model=list[CaseView])
def list_cases(officer: Account, services: ServicesDep,
               state: Literal["draft", "captured", "dedup_pending", "adjudication", "approved", "issued",
                              "rejected"] | None = None) -> list[CaseView]:
    """This desk's cases, newest first (the supervisor's end-of-day queue: ``state=dedup_pending``)."""
    cases = services.desk.cases_of(officer, (state,) if state else ())
    return [case_view(c, services.desk.policy) for c in cases]


@router.get("/cases/{case_id}", response_model=CaseView, responses=responses(404))
def get_case(case_id: CasePath, officer: Account, services: ServicesDep) -> CaseView:
    return case_view(services.desk.get(officer, case_id), services.desk.policy)


@router.put("/cases/{case_id}/demographics", response_model=CaseView, responses=responses(404, 409))
def put_demographics(case_id: CasePath, body: DemographicsIn, officer: Account, services: ServicesDep) -> CaseView:
    """Validated all at once: every problem is one ``detail`` entry (code and field)."""
    fields = {k: v for k, v in body.model_dump().items() if v}
    return case_view(services.desk.set_demographics(officer, case_id, fields), services.desk.policy)


@router.post("/cases/{case_id}/exceptions/{slot}", response_model=CaseView, responses=responses(404, 409))
def record_exception(case_id: CasePath, slot: SlotPath, body: ExceptionIn, officer: Account,
                     services: ServicesDep) -> CaseView:
    """A finger or eye that cannot be captured (``FINGER_MISSING``, ``EYE_DAMAGED``...;
    ``QUALITY_RETRIES_EXHAUSTED`` once its tries are used up), pending a supervisor's sign-off."""
    return case_view(services.desk.record_exception(officer, case_id, slot, body.code), services.desk.policy)


@router.post("/cases/{case_id}/exceptions/{slot}/sign-off", response_model=CaseView,
             responses=responses(404, 409))
def sign_off(case_id: CasePath, slot: SlotPath, officer: Account, services: ServicesDep) -> CaseView:
    """A supervisor other than the clerk of the case accepts the exception."""
    return case_view(services.desk.sign_off(officer, case_id, slot), services.desk.policy)


@router.post("/cases/{case_id}/complete", response_model=CaseView, responses=responses(404, 409))
def complete(case_id: CasePath, officer: Account, services: ServicesDep) -> CaseView:
    """The capture is done: refused (422) with each missing capture or unsigned exception as a problem."""
    return case_view(services.desk.act(officer, case_id, Action.COMPLETE_CAPTURE), services.desk.policy)


@router.post("/cases/{case_id}/reopen", response_model=CaseView, responses=responses(404, 409))
def reopen(case_id: CasePath, officer: Account, services: ServicesDep) -> CaseView:
    """Back to draft, to capture again before submission."""
    return case_view(services.desk.act(officer, case_id, Action.REOPEN), services.desk.policy)


@router.post("/cases/{case_id}/approve", response_model=CaseView, responses=responses(404, 409))
def approve(case_id: CasePath, officer: Account, services: ServicesDep) -> CaseView:
    """A supervisor other than the case's clerk approves a de-duplicated case."""
    return case_view(services.desk.act(officer, case_id, Action.APPROVE), services.desk.policy)


@router.post("/cases/{case_id}/submit", response_model=CaseView, responses=responses(404, 409))
def submit(case_id: CasePath, officer: Account, services: ServicesDep) -> CaseView:
    """Seal, queue and upload the case's packet; the registry's de-duplication moves it (candidates →
    adjudication); unreachable, it stays ``dedup_pending`` and the background job carries on."""
    return case_view(services.desk.submit(officer, case_id), services.desk.policy)


@router.get("/cases/{case_id}/adjudication", response_model=Adjudication, responses=responses(404))
def adjudication(case_id: CasePath, officer: Account, services: ServicesDep) -> Adjudication:
    """The case beside each candidate, as the registry holds the candidate (the record is null while the
    registry cannot be reached)."""
    case = services.desk.get(officer, case_id)
    found = []
    for candidate in case.candidates:
        if is_operator_candidate(candidate):  # the desk's own operator, never at the registry
            found.append(CandidateCase(candidate=candidate_view(candidate), record=None))
            continue
        try:
            record = candidate_record_view(services.desk.candidate(officer, case_id, candidate.application_id))
        except (DeskUnavailable, DeskConflict):
            record = None
        found.append(CandidateCase(candidate=candidate_view(candidate), record=record))
    return Adjudication(case=case_view(case, services.desk.policy), candidates=found)


@router.get("/cases/{case_id}/candidates/{candidate_id}/portrait", response_class=Response, responses={
    200: {"content": {"image/jpeg": {}}, "description": "the candidate's DG2 portrait, from the registry"},
    **responses(404, 409)})
def candidate_portrait(case_id: CasePath, candidate_id: CasePath, officer: Account,
                       services: ServicesDep) -> Response:
    """A candidate the case lists, as the registry holds it (503 REGISTRY_UNAVAILABLE when unreachable)."""
    record = services.desk.candidate(officer, case_id, candidate_id)
    return Response(record.portrait, media_type="image/jpeg", headers={"Cache-Control": "no-store"})


@router.post("/cases/{case_id}/adjudication", response_model=CaseView, responses=responses(404, 409))
def adjudicate(case_id: CasePath, body: AdjudicateIn, officer: Account, services: ServicesDep) -> CaseView:
    """A supervisor decides: ``duplicate`` rejects the case (and the registry drops it from its gallery),
    ``different`` lets it go on to approval. The registry records the decision first (503 when unreachable)."""
    case = services.desk.adjudicate(officer, case_id, duplicate=body.decision == "duplicate")
    return case_view(case, services.desk.policy)


@router.post("/cases/{case_id}/reject", response_model=CaseView, responses=responses(404, 409))
def reject(case_id: CasePath, body: RejectIn, officer: Account, services: ServicesDep) -> CaseView:
    return case_view(services.desk.act(officer, case_id, Action.REJECT, body.code), services.desk.policy)


@router.post("/cases/{case_id}/issue", response_model=IssueResult, responses=responses(404, 409))
def issue(case_id: CasePath, officer: Account, services: ServicesDep) -> IssueResult:
    """Personalise the card of an approved case; the card file is in the answer only (never stored)."""
    issued = services.desk.issue(officer, case_id)
    return IssueResult(case=case_view(issued.case, services.desk.policy), document_number=issued.case.outcome or "",
                       can=issued.card.can, card=base64.b64encode(dumps(issued.card)).decode("ascii"))


@router.get("/cases/{case_id}/portrait", response_class=Response, responses={
    200: {"content": {"image/jpeg": {}}, "description": "the DG2 portrait"}, **responses(404)})
def portrait(case_id: CasePath, officer: Account, services: ServicesDep) -> Response:
    """The DG2 token portrait (404 once the biometrics are purged)."""
    image = services.desk.portrait(officer, case_id)
    return Response(image, media_type="image/jpeg", headers={"Cache-Control": "no-store"})
