"""Request and response bodies of the HTTP API (pydantic). No images except base64 where stated."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from gate.identifiers import CODE_PATTERN

GateId = Annotated[str, Field(pattern=CODE_PATTERN, examples=["gate-02"])]
Yymmdd = Annotated[str, Field(pattern=r"^[0-9]{6}$", examples=["890804"])]
GateVerdict = Literal["OPEN", "REFER", "REJECT"]
Role = Literal["clerk", "officer", "second_line", "supervisor", "admin"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StartTransaction(_Model):
    """The MRZ access key (as the kiosk's MRZ reader gives it) and the presented card file."""

    document_number: Annotated[str, Field(pattern=r"^[A-Z0-9<]{1,20}$", examples=["001089012345"])]
    birth_date: Yymmdd
    expiry_date: Yymmdd
    card: Annotated[str, Field(min_length=4, description="the card file (egate-virtual-card/1), base64")]


class Token(_Model):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int
    role: Role


class FmrTarget(_Model):
    fmr_target: float = Field(description="one of 0.01, 0.001, 0.0001", examples=[0.001])

    @field_validator("fmr_target")
    @classmethod
    def _calibrated(cls, value: float) -> float:
        if value not in (0.01, 0.001, 0.0001):
            raise ValueError("the FMR target must be 0.01, 0.001 or 0.0001")
        return value


class LastTransaction(_Model):
    id: str
    state: str
    decision: GateVerdict | None
    created_at: datetime


class GateView(_Model):
    id: str
    name: str
    last_transaction: LastTransaction | None
    open_referrals: int
    in_flight: int


class CreateGate(_Model):
    id: GateId
    name: Annotated[str, Field(min_length=1, max_length=128)] | None = None


class CreatedGate(_Model):
    id: str
    name: str
    api_key: str = Field(description="shown once; only its hash is stored")


class CreateOfficer(_Model):
    username: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]{3,64}$")]
    password: Annotated[str, Field(min_length=12, max_length=256)]
    role: Role = "officer"


class OfficerView(_Model):
    id: int
    username: str
    role: Role
    active: bool


class VerifyResult(_Model):
    gate_id: str | None
    ok: bool
    records: int
    checkpoints: int
    first_bad: str | None
    first_bad_seq: int | None = Field(default=None, description="seq of the first bad record")
    first_bad_reason: str | None = Field(default=None, description="why that record fails")


class Problem(_Model):
    """The body of an error response (``code`` names the domain error; absent on 401 and 403)."""

    detail: str
    code: str | None = None
