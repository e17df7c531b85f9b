"""The audit record schema: what a gate may write about a transaction, and nothing else.

Privacy by construction (GDPR Art. 9, Decree 13/2023): there is no field for an image, a template, a
name or a raw document number. The document appears only as a keyed HMAC pseudonym; codes are short
identifiers (``^[A-Za-z0-9_.:-]{1,64}$``) so no payload can hide in them; unknown fields are refused.
The only free text is the short description of an officer's action, capped at 500 characters; an officer's
*decision* carries its reason code there and, of the officer's free text, only a keyed HMAC
(``reason_hmac``): the text itself stays in the referral, outside the chain, where it can be erased.

:class:`AuditEvent` is what a caller hands to :meth:`gate.audit.AuditLog.append`; :class:`AuditRecord`
adds the chain fields the log fills in (id, gate, sequence number, time, previous hash, key id).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

Code = Annotated[str, Field(pattern=r"^[A-Za-z0-9_.:-]{1,64}$")]
Hex64 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
Score = Annotated[float, Field(allow_inf_nan=False)]

EventType = Literal[
    "transaction_started",
    "document_checked",
    "capture_checked",
    "pad_checked",
    "comparison",
    "decision",
    "referral_opened",
    "officer_decision",
    "officer_action",
    "capture_purged",
    "gate_event",
    "desk_action",  # a step of an enrolment case: the case id, who, the action and states as codes
]
CheckResult = Literal["pass", "fail", "skipped", "error"]
Decision = Literal["OPEN", "REFER", "REJECT"]
OfficerVerdict = Literal["admit", "refuse", "second_line", "other"]


def _as_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware (UTC)")
    return value.astimezone(UTC)


UtcDatetime = Annotated[datetime, AfterValidator(_as_utc)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=False)


class CheckRecord(_Frozen):
    """One check of kind ``pa``, ``aa``, ``stop_list``, ``quality``, ``face_count``… and its result."""

    kind: Code
    result: CheckResult
    code: Code | None = None


class ComparisonRecord(_Frozen):
    """One biometric comparison: the score, the threshold used, its FMR target and the model."""

    modality: Literal["face", "finger", "iris", "fused"]  # fused: score is the product of the FMR estimates
    score: Score
    threshold: Score
    fmr_target: Annotated[float, Field(gt=0.0, lt=1.0)]
    model_id: Code
    matched: bool
    fmr_estimate: Annotated[float, Field(ge=0.0, le=1.0)] | None = None  # the FMR the score reaches


class OfficerAction(_Frozen):
    """An officer's decision or action, with who took it and why."""

    officer_id: Code
    verdict: OfficerVerdict
    reason: Annotated[str, Field(min_length=1, max_length=500)]
    reason_hmac: Hex64 | None = None  # HMAC-SHA256 of the officer's free text (gate.service.officer_reasons)


class AuditEvent(_Frozen):
    """What happened, as supplied by the orchestrator or the API."""

    event_type: EventType
    transaction_id: Code | None = None
    document_pseudonym: Hex64 | None = None
    checks: tuple[CheckRecord, ...] = ()
    comparisons: tuple[ComparisonRecord, ...] = ()
    pad_score: Annotated[float, Field(ge=0.0, le=1.0)] | None = None
    decision: Decision | None = None
    reason_codes: tuple[Code, ...] = ()
    officer: OfficerAction | None = None


class AuditRecord(AuditEvent):
    """An event placed in a gate's chain. Its canonical JSON is what the record hash covers."""

    record_id: Code
    gate_id: Code
    seq: Annotated[int, Field(ge=1)]
    timestamp: UtcDatetime
    prev_hash: Hex64
    key_id: Code


GENESIS_HASH = "0" * 64
