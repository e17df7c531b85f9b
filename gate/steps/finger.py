"""The fingerprint step: the scanner's image 1:1 against DG3's records, when configured and available.
With fusion on, a mismatch is judged later together with the other modalities (:mod:`gate.steps.judgement`)."""

from __future__ import annotations

from gate.audit import CheckRecord
from gate.policy import Reason, comparison_reason
from gate.steps.context import GateParts, TransactionContext, audit
from gate.steps.judgement import deferred_mismatches
from gate.steps.records import comparison_record
from gate.transaction import StepOutcome
from matcher.errors import FingerprintError


def finger_will_run(parts: GateParts, ctx: TransactionContext) -> bool:
    """A fingerprint comparison is configured, the chip holds records and the lane has a scanner."""
    return (parts.config.finger_mode != "off" and bool(ctx.document and ctx.document.finger_templates)
            and parts.finger is not None and ctx.devices.finger_scanner is not None)


def run_finger(parts: GateParts, ctx: TransactionContext) -> StepOutcome:
    if not finger_will_run(parts, ctx):
        if parts.config.finger_mode == "required":
            ctx.evidence.stop(Reason.FINGER_UNAVAILABLE, *deferred_mismatches(parts, ctx))
            return StepOutcome.STOP
        return StepOutcome.OK
    assert parts.finger is not None and ctx.devices.finger_scanner is not None and ctx.document is not None
    try:
        comparison = parts.finger.verify(ctx.devices.finger_scanner.capture(), ctx.document.finger_templates,
                                         parts.config.fmr_target)
    except FingerprintError as exc:  # blank platen, not a finger, unusable record: an officer takes over
        audit(parts, ctx, "comparison", checks=[CheckRecord(kind="finger", result="error", code=exc.code)])
        ctx.evidence.stop(Reason.FINGER_CAPTURE_FAILED, *deferred_mismatches(parts, ctx))
        return StepOutcome.STOP
    ctx.evidence.finger = comparison
    audit(parts, ctx, "comparison", comparisons=[comparison_record("finger", comparison)])
    reason = comparison_reason(comparison, Reason.FINGER_MISMATCH)
    if reason is not None and not parts.config.fuse_modalities:
        ctx.evidence.stop(reason)
        return StepOutcome.STOP
    return StepOutcome.OK
