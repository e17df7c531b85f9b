"""The fingerprint step: the scanner's image 1:1 against DG3's records, when configured and available."""

from __future__ import annotations

from gate.audit import CheckRecord
from gate.policy import Reason, comparison_reason
from gate.steps.context import GateParts, TransactionContext, audit
from gate.steps.records import comparison_record
from gate.transaction import StepOutcome
from matcher.errors import FingerprintError


def run_finger(parts: GateParts, ctx: TransactionContext) -> StepOutcome:
    mode = parts.config.finger_mode
    templates = ctx.document.finger_templates if ctx.document else []
    scanner = ctx.devices.finger_scanner
    if mode == "off" or not templates or parts.finger is None or scanner is None:
        if mode == "required":
            ctx.evidence.stop(Reason.FINGER_UNAVAILABLE)
            return StepOutcome.STOP
        ctx.evidence.completed = True
        return StepOutcome.OK
    try:
        comparison = parts.finger.verify(scanner.capture(), templates, parts.config.fmr_target)
    except FingerprintError as exc:  # blank platen, not a finger, unusable record: an officer takes over
        audit(parts, ctx, "comparison", checks=[CheckRecord(kind="finger", result="error", code=exc.code)])
        ctx.evidence.stop(Reason.FINGER_CAPTURE_FAILED)
        return StepOutcome.STOP
    ctx.evidence.finger = comparison
    audit(parts, ctx, "comparison", comparisons=[comparison_record("finger", comparison)])
    reason = comparison_reason(comparison, Reason.FINGER_MISMATCH)
    if reason is not None:
        ctx.evidence.stop(reason)
        return StepOutcome.STOP
    ctx.evidence.completed = True
    return StepOutcome.OK
