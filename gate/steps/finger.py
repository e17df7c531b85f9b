"""The fingerprint step: the scanner's image 1:1 against DG3's records, when configured and available.
With fusion on, face and finger are judged together here (:func:`gate.policy.fused_reasons`)."""

from __future__ import annotations

from gate.audit import CheckRecord
from gate.policy import Reason, comparison_reason, fused_reasons
from gate.steps.context import GateParts, TransactionContext, audit
from gate.steps.records import comparison_record, fused_record
from gate.transaction import StepOutcome
from matcher.errors import FingerprintError


def finger_will_run(parts: GateParts, ctx: TransactionContext) -> bool:
    """A fingerprint comparison is configured, the chip holds records and the lane has a scanner."""
    return (parts.config.finger_mode != "off" and bool(ctx.document and ctx.document.finger_templates)
            and parts.finger is not None and ctx.devices.finger_scanner is not None)


def run_finger(parts: GateParts, ctx: TransactionContext) -> StepOutcome:
    if not finger_will_run(parts, ctx):
        if parts.config.finger_mode == "required":
            ctx.evidence.stop(Reason.FINGER_UNAVAILABLE)
            return StepOutcome.STOP
        ctx.evidence.completed = True
        return StepOutcome.OK
    assert parts.finger is not None and ctx.devices.finger_scanner is not None and ctx.document is not None
    face = ctx.evidence.face
    try:
        comparison = parts.finger.verify(ctx.devices.finger_scanner.capture(), ctx.document.finger_templates,
                                         parts.config.fmr_target)
    except FingerprintError as exc:  # blank platen, not a finger, unusable record: an officer takes over
        audit(parts, ctx, "comparison", checks=[CheckRecord(kind="finger", result="error", code=exc.code)])
        mismatch = [Reason.FACE_MISMATCH] if face is not None and not face.is_match else []
        ctx.evidence.stop(Reason.FINGER_CAPTURE_FAILED, *mismatch)
        return StepOutcome.STOP
    ctx.evidence.finger = comparison
    records = [comparison_record("finger", comparison)]
    if parts.config.fuse_face_finger and face is not None:
        ctx.evidence.fused, reasons = fused_reasons(face, comparison, parts.config.fmr_target,
                                                    finger_required=parts.config.finger_mode == "required")
        records.append(fused_record(ctx.evidence.fused))
    else:
        reasons = [r for r in [comparison_reason(comparison, Reason.FINGER_MISMATCH)] if r is not None]
    audit(parts, ctx, "comparison", comparisons=records)
    if reasons:
        ctx.evidence.stop(*reasons)
        return StepOutcome.STOP
    ctx.evidence.completed = True
    return StepOutcome.OK
