"""Bodies of the enrolment desk's API. Codes, never sentences: a page maps each code to its message."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Text = Annotated[str, Field(max_length=400)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class OpenCase(_Model):
    consent: bool = Field(description="the applicant consented to the processing of their biometrics")


class DemographicsIn(_Model):
    """The DG13 fields; dates ``YYYY-MM-DD`` (or ``DD/MM/YYYY``); sex ``M`` / ``F``; nationality alpha-3."""

    id_number: Text = Field(default="", examples=["001089012345"])
    full_name: Text = Field(default="", examples=["Nguyễn Văn An"])
    birth_date: Text = Field(default="", examples=["1989-08-04"])
    sex: Text = Field(default="", examples=["M"])
    nationality: Text = Field(default="VNM")
    ethnicity: Text = Field(default="", examples=["Kinh"])
    religion: Text = ""
    place_of_origin: Text = Field(default="", examples=["Hà Nội"])
    place_of_residence: Text = Field(default="", examples=["Quận Ba Đình, Hà Nội"])
    issue_date: Text = ""
    expiry_date: Text = ""
    father_name: Text = ""
    mother_name: Text = ""
    spouse_name: Text = ""
    old_id_number: Text = ""
    identifying_features: Text = ""


class ExceptionIn(_Model):
    code: Annotated[str, Field(pattern=r"^[A-Z_]{1,40}$", examples=["FINGER_MISSING"])]


class RejectIn(_Model):
    code: Annotated[str, Field(pattern=r"^[A-Z_]{1,40}$", examples=["DOCUMENTS_INVALID"])]


class AdjudicateIn(_Model):
    decision: Literal["duplicate", "different"]


class ProblemView(BaseModel):
    code: str
    field: str | None = None


class ExceptionView(BaseModel):
    code: str
    recorded_by: str
    signed_off_by: str | None


class SlotView(BaseModel):
    slot: str
    attempts: int
    accepted: bool
    codes: list[str]
    score: float | None
    tries_left: int | None  # None: no limit (the face)
    exception: ExceptionView | None


class CandidateView(BaseModel):
    application_id: str
    fused_fmr: float
    per_modality: dict[str, float]


class CaseView(BaseModel):
    id: str
    desk_id: str
    state: str
    operator: str
    supervisor: str | None
    created_at: datetime
    demographics: dict[str, str] | None
    mrz_name: str | None = Field(description="the name field of the MRZ, e.g. NGUYEN<<VAN<AN")
    slots: list[SlotView]
    missing: list[ProblemView] = Field(description="what keeps the capture from being complete")
    candidates: list[CandidateView]
    dedup_done: bool
    outcome: str | None = Field(description="the rejection code, or the document number once issued")
    actions: list[str] = Field(description="the transitions the case's state admits now")


class CriterionView(BaseModel):
    name: str
    value: float
    limit: str
    passed: bool
    reason: str


class CaptureResult(BaseModel):
    slot: str
    accepted: bool
    codes: list[str]
    score: float | None
    tries_left: int | None
    criteria: list[CriterionView]
    case: CaseView


class CandidateRecordView(BaseModel):
    application_id: str
    desk_id: str = Field(description="the desk that enrolled the candidate")
    status: str = Field(description="the candidate's status at the registry")
    received_at: datetime
    demographics: dict[str, str] = Field(description="a summary: name, birth date, sex, nationality, ID number, "
                                         "place of origin and of residence")


class CandidateCase(BaseModel):
    candidate: CandidateView
    record: CandidateRecordView | None = Field(description="the candidate as the registry holds it (its portrait: "
                                               "…/candidates/{id}/portrait); null while the registry is unreachable")


class Adjudication(BaseModel):
    case: CaseView
    candidates: list[CandidateCase]


class IssueResult(BaseModel):
    case: CaseView
    document_number: str
    can: str | None
    card: str = Field(description="the card file (egate-virtual-card/1), base64")


class OperatorFace(BaseModel):
    enrolled: bool = Field(description="the signed-in account has a reference portrait (a clerk needs one to "
                                       "open cases)")
