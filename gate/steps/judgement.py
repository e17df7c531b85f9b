"""The biometric verdict of a transaction, once every comparison has run: each modality compared (face,
finger, iris) on its own, or — with fusion on and more than one compared — all of them together
(:func:`gate.policy.fused_reasons`), where a *required* modality must still match on its own.

With fusion on, a step whose comparison falls short does not stop the transaction while another
modality has been or will be compared: the mismatch is judged here, with the others.
"""

from __future__ import annotations

from gate.policy import Compared, Reason, fused_reasons
from gate.steps.context import GateParts, TransactionContext, audit
from gate.steps.records import fused_record
from gate.transaction import StepOutcome


def compared(parts: GateParts, ctx: TransactionContext) -> list[Compared]:
    """The modalities compared so far, in the order they ran."""
    e, mode = ctx.evidence, parts.config
    found = [Compared("face", e.face, Reason.FACE_MISMATCH)] if e.face is not None else []
    if e.finger is not None:
        found.append(Compared("finger", e.finger, Reason.FINGER_MISMATCH, mode.finger_mode == "required"))
    if e.iris is not None:
        found.append(Compared("iris", e.iris, Reason.IRIS_MISMATCH, mode.iris_mode == "required"))
    return found


def deferred_mismatches(parts: GateParts, ctx: TransactionContext) -> list[Reason]:
    """The modalities compared so far that fell short on their own (kept for the officer on a referral)."""
    return [c.mismatch for c in compared(parts, ctx) if not c.comparison.is_match]


def judge(parts: GateParts, ctx: TransactionContext) -> StepOutcome:
    """The last word on the comparisons: stop with their reasons, or mark the transaction complete."""
    found = compared(parts, ctx)
    if parts.config.fuse_modalities and len(found) > 1:
        ctx.evidence.fused, reasons = fused_reasons(found, parts.config.fmr_target)
        audit(parts, ctx, "comparison", comparisons=[fused_record(ctx.evidence.fused)])
    else:
        reasons = [c.mismatch for c in found if not c.comparison.is_match]
    if reasons:
        ctx.evidence.stop(*reasons)
        return StepOutcome.STOP
    ctx.evidence.completed = True
    return StepOutcome.OK
