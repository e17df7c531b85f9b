"""An :class:`ApplicationCase` to and from what :mod:`gate.store.desk` keeps: a JSON body (no biometric
data) and the samples by ``(slot, part)``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from enrollment.desk.case import ApplicationCase, CaptureException, CaseState, Sample, SlotStatus
from enrollment.desk.demographics import DATES, Demographics
from enrollment.registry.biometrics import DuplicateCandidate
from gate.store.desk import SampleKey, StoredCase


def body(case: ApplicationCase) -> dict[str, Any]:
    return {
        "demographics": case.demographics.as_fields() if case.demographics else None,
        "slots": {slot: {"attempts": s.attempts, "accepted": s.accepted, "codes": list(s.codes), "score": s.score}
                  for slot, s in case.slots.items()},
        "exceptions": {slot: {"code": e.code, "recorded_by": e.recorded_by, "signed_off_by": e.signed_off_by}
                       for slot, e in case.exceptions.items()},
        "dedup_done": case.dedup_done,
        "candidates": [{"application_id": c.application_id, "fused_fmr": c.fused_fmr,
                        "per_modality": dict(c.per_modality)} for c in case.candidates],
        "supervisor": case.supervisor,
        "outcome": case.outcome,
    }


def demographics(fields: Mapping[str, str]) -> Demographics:
    values: dict[str, Any] = dict(fields)
    for name in DATES:
        values[name] = date.fromisoformat(fields[name])
    return Demographics(**values)


def sample_parts(samples: Mapping[str, Sample]) -> dict[SampleKey, bytes]:
    parts: dict[SampleKey, bytes] = {}
    for slot, sample in samples.items():
        parts[(slot, "image")] = sample.image
        parts[(slot, "template")] = sample.template
    return parts


def samples_of(parts: Mapping[SampleKey, bytes]) -> dict[str, Sample]:
    """A part purged after upload reads as empty bytes (:data:`RAW_AFTER_UPLOAD`)."""
    slots = {slot for slot, part in parts if part in ("image", "template")}  # not an exception's photo
    return {slot: Sample(parts.get((slot, "image"), b""), parts.get((slot, "template"), b"")) for slot in slots}


EXCEPTION_PHOTO = "exception_photo"  # a slot's part: the photo of an excepted finger or eye (kept to issuance)


def raw_after_upload(keys: Iterable[SampleKey]) -> list[SampleKey]:
    """The parts a desk deletes once the registry holds the packet: every capture image but the eyes' (DG4
    carries the eye image itself, ISO/IEC 19794-6), and the iris codes (issuance needs no template of the eye).
    What stays until issuance: the DG2 portrait, the ISO/IEC 19794-2 finger records, the eye images."""
    return [(slot, part) for slot, part in keys
            if (part == "image" and not slot.startswith("iris:")) or (part == "template" and slot.startswith("iris:"))]


def case_of(stored: StoredCase, parts: Mapping[SampleKey, bytes] | None = None) -> ApplicationCase:
    b = stored.body
    return ApplicationCase(
        id=stored.id, desk_id=stored.desk_id, operator=stored.operator, created_at=stored.created_at,
        state=CaseState(stored.state),
        demographics=demographics(b["demographics"]) if b.get("demographics") else None,
        slots={k: SlotStatus(v["attempts"], v["accepted"], tuple(v["codes"]), v["score"])
               for k, v in b.get("slots", {}).items()},
        exceptions={k: CaptureException(v["code"], v["recorded_by"], v["signed_off_by"])
                    for k, v in b.get("exceptions", {}).items()},
        samples=samples_of(parts) if parts else {},
        exception_photos={slot: data for (slot, part), data in (parts or {}).items()
                          if part == EXCEPTION_PHOTO and data},
        dedup_done=bool(b.get("dedup_done")),
        candidates=tuple(DuplicateCandidate(c["application_id"], c["fused_fmr"], c["per_modality"])
                         for c in b.get("candidates", [])),
        supervisor=b.get("supervisor"), outcome=b.get("outcome"), version=stored.version,
    )
