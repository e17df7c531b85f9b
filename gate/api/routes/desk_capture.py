"""Captures at the enrolment desk: the face (webcam frame or photo), each finger (the scanner's image) and
each eye (the iris camera's image), as multipart uploads. Each is answered 200 with the verdict: accepted
or not, the failure codes (``MULTIPLE_FACES``, ``NO_FACE``, ``EYE_DISTANCE_LOW``, ``NFIQ2_LOW``,
``IRIS_AT_EDGE`` ...), the tries left and every criterion measured, so that a page can guide the clerk.
Refused outright: the wrong role (403), a case not in draft or a slot whose tries are used up (409/403).
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, File, Path, Response, UploadFile, status

from gate.api.deps import ServicesDep, current_officer
from gate.api.errors import responses
from gate.api.routes.desk_schemas import CaptureResult, CaseView, CriterionView, OperatorFace
from gate.api.routes.desk_views import case_view
from gate.service import Officer
from gate.service.desk_captures import CaptureOutcome
from gate.service.desk_exception_photo import image_type

router = APIRouter(prefix="/desk", tags=["desk"], responses=responses(401, 403, 404, 409, 413, 503))
Account = Annotated[Officer, Depends(current_officer)]
CasePath = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$", description="case id")]
SlotPath = Annotated[str, Path(pattern=r"^(finger:([1-9]|10)|iris:(right|left))$", examples=["finger:7"])]
Image = Annotated[UploadFile, File(description="the captured image: JPEG, PNG, TIFF or BMP")]


def _read(services: ServicesDep, image: UploadFile) -> bytes:
    return image.file.read(services.desk.captures.max_bytes + 1)


def _result(outcome: CaptureOutcome, services: ServicesDep) -> CaptureResult:
    v = outcome.verdict
    return CaptureResult(
        slot=outcome.slot, accepted=v.accepted, codes=list(v.codes), score=v.score, tries_left=outcome.tries_left,
        criteria=[CriterionView(name=c.name, value=c.value, limit=c.limit, passed=c.passed, reason=c.reason)
                  for c in outcome.criteria],
        case=case_view(outcome.case, services.desk.policy))


@router.post("/cases/{case_id}/captures/face", response_model=CaptureResult)
def capture_face(case_id: CasePath, image: Image, officer: Account, services: ServicesDep) -> CaptureResult:
    """The portrait, held to the ICAO rules for issuance; accepted, it becomes the DG2 token portrait."""
    return _result(services.desk.capture_face(officer, case_id, _read(services, image)), services)


@router.post("/cases/{case_id}/captures/fingers/{position}", response_model=CaptureResult)
def capture_finger(case_id: CasePath, position: Annotated[int, Path(ge=1, le=10, description="ISO finger position")],
                   image: Image, officer: Account, services: ServicesDep) -> CaptureResult:
    """One finger (1 right thumb ... 10 left little), held to its NFIQ 2 minimum (30 / 20 / 10)."""
    return _result(services.desk.capture_finger(officer, case_id, position, _read(services, image)), services)


@router.post("/cases/{case_id}/captures/iris/{eye}", response_model=CaptureResult)
def capture_iris(case_id: CasePath, eye: Literal["right", "left"], image: Image, officer: Account,
                 services: ServicesDep) -> CaptureResult:
    """One eye, held to the ISO/IEC 29794-6 enrolment profile."""
    return _result(services.desk.capture_iris(officer, case_id, eye, _read(services, image)), services)


@router.put("/operator-face", status_code=status.HTTP_204_NO_CONTENT, response_class=Response)
def enrol_operator_face(image: Image, officer: Account, services: ServicesDep) -> Response:
    """The signed-in clerk's (or supervisor's) own reference portrait, enrolled once (the issuance face gate;
    422 with its codes). An applicant who matches the case's operator goes to adjudication (OPERATOR_MATCH)."""
    services.desk.enrol_operator(officer, _read(services, image))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/operator-face", response_model=OperatorFace)
def operator_face(officer: Account, services: ServicesDep) -> OperatorFace:
    """Whether the signed-in account enrolled its reference portrait (a clerk without one may not open a
    case: 409 ``OPERATOR_FACE_REQUIRED``)."""
    return OperatorFace(enrolled=services.desk.operator_enrolled(officer))


@router.get("/cases/{case_id}/operator-portrait", response_class=Response, responses={
    200: {"content": {"image/jpeg": {}}, "description": "the case operator's reference portrait"}})
def operator_portrait(case_id: CasePath, officer: Account, services: ServicesDep) -> Response:
    """For a supervisor adjudicating an ``OPERATOR_MATCH``: the clerk's reference beside the applicant
    (404 for any other case or account)."""
    data = services.desk.operator_portrait(officer, case_id)
    return Response(data, media_type="image/jpeg", headers={"Cache-Control": "no-store"})


@router.post("/cases/{case_id}/exceptions/{slot}/photo", response_model=CaseView)
def attach_exception_photo(case_id: CasePath, slot: SlotPath, image: Image, officer: Account,
                           services: ServicesDep) -> CaseView:
    """A photo of the excepted finger or eye (the clerk, while the case is a draft), for the sign-off."""
    case = services.desk.attach_exception_photo(officer, case_id, slot, _read(services, image))
    return case_view(case, services.desk.policy)


@router.get("/cases/{case_id}/exceptions/{slot}/photo", response_class=Response, responses={
    200: {"content": {"image/jpeg": {}, "image/png": {}}, "description": "the exception's photo"}})
def exception_photo(case_id: CasePath, slot: SlotPath, officer: Account, services: ServicesDep) -> Response:
    data = services.desk.exception_photo(officer, case_id, slot)
    return Response(data, media_type=image_type(data), headers={"Cache-Control": "no-store"})
