"""Request and response bodies of the officer's referral endpoints: the queue, the case in full (with the
holder's data, for officers only), the decision, the handover to second line and the decision history."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from gate.api.schemas import GateVerdict
from gate.service.officer_reasons import OfficerReasonCode

OfficerVerdict = Literal["admit", "refuse", "second_line"]  # second_line: decisions recorded before handovers
DecidedVerdict = Literal["admit", "refuse"]
Note = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class HandoverView(_Model):
    officer: str = Field(description="the first-line officer who handed it over")
    note: str | None = Field(description="the note for the second-line officer; null once erased")
    handed_at: datetime


class ReferralSummary(_Model):
    id: int
    transaction_id: str
    gate_id: str
    status: Literal["open", "decided"]
    reasons: list[str]
    created_at: datetime
    handover: HandoverView | None = Field(default=None, description="set when the referral is with second line")


class CheckView(_Model):
    stage: str
    kind: str
    result: str
    code: str | None


class ComparisonView(_Model):
    modality: Literal["face", "finger", "iris", "fused"] = Field(
        description="iris: one per eye, then the eyes fused (model fmr-product); fused: every modality compared "
                    "judged together; a fused score is the product of the FMR estimates")
    score: float
    threshold: float
    fmr_target: float = Field(description="the FMR the threshold was chosen for")
    model_id: str
    matched: bool
    fmr_estimate: float | None = Field(default=None, description="the FMR the score reaches on the calibration")
    direction: Literal["lower_is_better", "higher_is_better"] | None = Field(
        default=None, description="lower_is_better: a distance (or an FMR); higher_is_better: a similarity")


class MeasurementView(_Model):
    name: str
    value: float | None = Field(description="the measured value; null when it was not a finite number")
    limit: str = Field(description="what it was held to, e.g. '>= 120' or '[-5, 5]'")
    passed: bool
    code: str | None


class QualityView(_Model):
    profile: str
    criteria: list[MeasurementView]


class BiographicView(_Model):
    """The holder as the chip says (DG1; DG13 on a CCCD). Officers only: never audited, logged or sent
    to a kiosk; gone with the captures once the referral is decided."""

    surname: str | None
    given_names: str | None
    full_name: str | None = Field(description="DG13's name as printed (CCCD)")
    birth_date: str | None = Field(description="ISO 8601 when readable")
    sex: str | None
    nationality: str | None
    issuing_state: str | None
    document_code: str | None
    document_number: str | None
    expiry_date: str | None = Field(description="ISO 8601 when readable")
    dg13: dict[str, str] = Field(description="every DG13 field read (CCCD), by name")


class ReferralDetail(ReferralSummary):
    decision: GateVerdict | None = Field(description="the gate's verdict")
    gate_decided_at: datetime | None = Field(description="when the gate referred the traveller")
    decided_at: datetime | None = Field(description="when the officer decided (null while open)")
    checks: list[CheckView]
    comparisons: list[ComparisonView]
    pad_score: float | None = Field(description="0 bona fide … 1 attack")
    pad_alarm_threshold: float
    quality: CheckView | None
    quality_measurements: QualityView | None = Field(description="each criterion measured beside its limit")
    biographic: BiographicView | None
    captures: list[str] = Field(description="image kinds at /officer/referrals/{id}/captures/{kind}")
    officer: str | None
    verdict: OfficerVerdict | None
    officer_reason: str | None = Field(description="the officer's free text; null once erased")
    officer_reason_code: str | None = None


class Decide(_Model):
    verdict: DecidedVerdict = Field(description="second line is a handover: POST …/handover")
    reason_code: OfficerReasonCode = Field(default="OTHER", description="why, as a code (kept in the audit chain)")
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)] = Field(
        description="why, in the officer's words: kept with the referral, erasable; the chain holds only its HMAC")


class DecisionResult(_Model):
    referral_id: int
    transaction_id: str
    verdict: OfficerVerdict
    officer: str
    decided_at: datetime
    captures_purged: int


class HandOver(_Model):
    note: Note = Field(description="for the second-line officer: kept with the referral, erasable; the chain "
                                   "holds only its HMAC")


class HistoryItem(ReferralSummary):
    decided_at: datetime
    officer: str | None
    verdict: OfficerVerdict | None
    officer_reason: str | None
    officer_reason_code: str | None


class HistoryPage(_Model):
    items: list[HistoryItem]
    total: int = Field(description="matches over every page")
    page: int
    per_page: int
