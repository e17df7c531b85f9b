"""The audit schema has no room for biometric data, names or raw document numbers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from gate.audit import AuditEvent, AuditRecord, CheckRecord, ComparisonRecord, OfficerAction

FORBIDDEN = ("image", "photo", "frame", "jpeg", "template", "embedding", "feature", "minutiae", "name",
             "surname", "given", "birth", "mrz", "document_number", "face_data", "biometric", "wsq")


def _field_names(model: type[BaseModel]) -> set[str]:
    names = set(model.model_fields)
    for field in model.model_fields.values():
        for candidate in (field.annotation, *getattr(field.annotation, "__args__", ())):
            inner = getattr(candidate, "__args__", (candidate,))
            for sub in (candidate, *inner):
                if isinstance(sub, type) and issubclass(sub, BaseModel):
                    names |= _field_names(sub)
    return names


def test_no_field_can_hold_images_templates_or_names() -> None:
    names = _field_names(AuditRecord)
    assert {"comparisons", "score", "threshold", "fmr_target", "officer_id", "pad_score"} <= names
    offending = {n for n in names for bad in FORBIDDEN if bad in n.lower()}
    assert offending == set()


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(ValidationError):
        AuditEvent.model_validate({"event_type": "capture_checked", "live_image": "/9j/4AAQ"})
    with pytest.raises(ValidationError):
        ComparisonRecord.model_validate({"modality": "face", "score": 0.5, "threshold": 0.6, "fmr_target": 0.001,
                                   "model_id": "m", "matched": False, "template": "AAAA"})


@pytest.mark.parametrize("payload", ["A" * 65, "Nguyễn Văn An", "with space", "x/y+z="])
def test_codes_cannot_smuggle_payloads(payload: str) -> None:
    with pytest.raises(ValidationError):
        CheckRecord(kind=payload, result="fail")
    with pytest.raises(ValidationError):
        AuditEvent(event_type="decision", reason_codes=(payload,))


def test_document_appears_only_as_a_pseudonym() -> None:
    with pytest.raises(ValidationError):
        AuditEvent(event_type="document_checked", document_pseudonym="C01234567")
    AuditEvent(event_type="document_checked", document_pseudonym="ab" * 32)


def test_officer_reason_is_bounded_and_scores_finite() -> None:
    with pytest.raises(ValidationError):
        OfficerAction(officer_id="le.chi", verdict="admit", reason="x" * 501)
    bad_score: dict[str, Any] = {"modality": "face", "threshold": 0.6, "fmr_target": 0.001,
                                 "model_id": "m", "matched": False}
    with pytest.raises(ValidationError):
        ComparisonRecord(score=float("nan"), **bad_score)
    with pytest.raises(ValidationError):
        AuditEvent(event_type="pad_checked", pad_score=1.5)


def test_records_are_frozen_and_timestamps_utc() -> None:
    event = AuditEvent(event_type="decision", decision="REFER", reason_codes=("FACE_MISMATCH",))
    with pytest.raises(ValidationError):
        event.decision = "OPEN"
    base: dict[str, Any] = {"event_type": "decision", "record_id": "r1", "gate_id": "g", "seq": 1,
                            "prev_hash": "0" * 64, "key_id": "k"}
    with pytest.raises(ValidationError):
        AuditRecord(timestamp=datetime(2026, 1, 1), **base)
    record = AuditRecord(timestamp=datetime.fromisoformat("2026-01-01T09:00:00+07:00"), **base)
    assert record.timestamp.isoformat() == "2026-01-01T02:00:00+00:00"
