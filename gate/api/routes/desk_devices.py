"""The desk's devices: a finger or an eye captured from the desk's scanner when the clerk presses "scan",
the live view's face check (guidance, nothing recorded), and the operator laying images on the simulated
scanners (demonstrations, browser tests), as the kiosk's simulated document reader takes a card.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, File, Path, UploadFile, status
from pydantic import BaseModel

from gate.api.deps import AdminDep, ServicesDep, current_officer
from gate.api.errors import responses
from gate.api.routes.desk_schemas import CaptureResult, CriterionView
from gate.api.routes.desk_views import case_view
from gate.ports import IrisEye
from gate.service import Officer
from gate.service.desk_captures import CaptureOutcome
from gate.service.errors import UploadTooLarge

router = APIRouter(tags=["desk"], responses=responses(401, 403, 503))
Account = Annotated[Officer, Depends(current_officer)]
CasePath = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$", description="case id")]
Image = Annotated[UploadFile, File(description="an image: JPEG, PNG, TIFF or BMP")]


class FaceCheck(BaseModel):
    accepted: bool
    codes: list[str]
    criteria: list[CriterionView]


def _criteria(criteria: tuple[object, ...]) -> list[CriterionView]:
    return [CriterionView.model_validate(c, from_attributes=True) for c in criteria]


def _result(outcome: CaptureOutcome, services: ServicesDep) -> CaptureResult:
    v = outcome.verdict
    return CaptureResult(slot=outcome.slot, accepted=v.accepted, codes=list(v.codes), score=v.score,
                         tries_left=outcome.tries_left, criteria=_criteria(outcome.criteria),
                         case=case_view(outcome.case, services.desk.policy))


def _read(services: ServicesDep, image: UploadFile) -> bytes:
    limit = services.desk.captures.max_bytes
    data = image.file.read(limit + 1)
    if len(data) > limit:
        raise UploadTooLarge(f"image larger than {limit} bytes")
    return data


@router.post("/desk/face-check", response_model=FaceCheck, responses=responses(413))
def face_check(image: Image, officer: Account, services: ServicesDep) -> FaceCheck:
    """A webcam frame judged by the issuance rules, for the live view's guidance; never recorded."""
    verdict, criteria = services.desk_scanning.check_face(officer, _read(services, image))
    return FaceCheck(accepted=verdict.accepted, codes=list(verdict.codes), criteria=_criteria(criteria))


@router.post("/desk/cases/{case_id}/scans/fingers/{position}", response_model=CaptureResult,
             responses=responses(404, 409))
def scan_finger(case_id: CasePath, position: Annotated[int, Path(ge=1, le=10, description="ISO finger position")],
                officer: Account, services: ServicesDep) -> CaptureResult:
    """The finger on the desk's scanner, held to its NFIQ 2 minimum (409 ``SCANNER_EMPTY``: nothing on it)."""
    return _result(services.desk_scanning.scan_finger(officer, case_id, position), services)


@router.post("/desk/cases/{case_id}/scans/iris/{eye}", response_model=CaptureResult,
             responses=responses(404, 409))
def scan_iris(case_id: CasePath, eye: Literal["right", "left"], officer: Account,
              services: ServicesDep) -> CaptureResult:
    """The eye before the desk's iris camera (422 ``EYE_NOT_IMAGED`` when the camera did not image it)."""
    return _result(services.desk_scanning.scan_iris(officer, case_id, eye), services)


@router.put("/admin/desk/scanners/fingers", status_code=status.HTTP_204_NO_CONTENT,
            responses=responses(409, 413))
def place_fingers(images: Annotated[list[UploadFile], File(description="one image per touch, in order")],
                  _admin: AdminDep, services: ServicesDep) -> None:
    """Lay finger images on the simulated scanner: each "scan" takes the next one."""
    services.desk_scanning.place_fingers([_read(services, image) for image in images])


@router.put("/admin/desk/scanners/iris", status_code=status.HTTP_204_NO_CONTENT, responses=responses(409, 413))
def place_eyes(_admin: AdminDep, services: ServicesDep, right: Annotated[UploadFile | None, File()] = None,
               left: Annotated[UploadFile | None, File()] = None) -> None:
    """One presentation before the simulated iris camera: the right and/or the left eye's image."""
    eyes: dict[IrisEye, bytes] = {}
    for eye, upload in (("right", right), ("left", left)):
        if upload is not None:
            eyes[eye] = _read(services, upload)  # type: ignore[index]
    services.desk_scanning.place_eyes(eyes)


@router.delete("/admin/desk/scanners", status_code=status.HTTP_204_NO_CONTENT, responses=responses(409))
def clear_scanners(_admin: AdminDep, services: ServicesDep) -> None:
    """Take every image off the simulated scanners."""
    services.desk_scanning.clear()
