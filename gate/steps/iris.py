"""The iris step: both eyes from the scanner 1:1 against DG4's images, when configured and available,
then the biometric verdict over every modality compared (:mod:`gate.steps.judgement`).

``iris_mode`` "required" refers a traveller whose chip holds no iris (or a lane without a scanner) with
IRIS_UNAVAILABLE; "when_available" compares when it can. A scanner image or a DG4 image that gives no
iris code is a typed referral, IRIS_CAPTURE_FAILED, with the :class:`matcher.iris.IrisError` code audited.
The audit holds one iris comparison per eye (native distances, right before left; a check ``iris_eyes``
names them) and one more for the eyes fused (model ``fmr-product``: its score is the product of the eyes'
FMR estimates, its threshold the FMR target), which the fused record of all modalities then includes.
"""

from __future__ import annotations

from dataclasses import replace

from gate.audit import CheckRecord
from gate.policy import Reason
from gate.steps.context import GateParts, TransactionContext, audit
from gate.steps.judgement import deferred_mismatches, judge
from gate.steps.records import FUSION_MODEL, comparison_record
from gate.transaction import StepOutcome
from matcher.iris import IrisError


def iris_will_run(parts: GateParts, ctx: TransactionContext) -> bool:
    """An iris comparison is configured, the chip's DG4 was read and the lane has a scanner."""
    return (parts.config.iris_mode != "off" and bool(ctx.document and ctx.document.iris_images)
            and parts.iris is not None and ctx.devices.iris_scanner is not None)


def run_iris(parts: GateParts, ctx: TransactionContext) -> StepOutcome:
    if not iris_will_run(parts, ctx):
        if ctx.evidence.iris_required:
            ctx.evidence.stop(Reason.IRIS_UNAVAILABLE, *deferred_mismatches(parts, ctx))
            return StepOutcome.STOP
        return judge(parts, ctx)
    assert parts.iris is not None and ctx.devices.iris_scanner is not None and ctx.document is not None
    try:
        verification = parts.iris.verify(ctx.devices.iris_scanner.capture(), ctx.document.iris_images,
                                         parts.config.fmr_target)
    except IrisError as exc:  # closed eye, blank frame, not an eye, unusable DG4 image: an officer takes over
        audit(parts, ctx, "comparison", checks=[CheckRecord(kind="iris", result="error", code=exc.code)])
        ctx.evidence.stop(Reason.IRIS_CAPTURE_FAILED, *deferred_mismatches(parts, ctx))
        return StepOutcome.STOP
    ctx.evidence.iris = verification.combined
    eyes = ":".join(eye for eye, _ in verification.eyes)
    audit(parts, ctx, "comparison", checks=[CheckRecord(kind="iris_eyes", result="pass", code=eyes)],
          comparisons=[*(comparison_record("iris", c) for _, c in verification.eyes),
                       comparison_record("iris", replace(verification.combined, model_id=FUSION_MODEL))])
    return judge(parts, ctx)
