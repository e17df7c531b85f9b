"""The face step: the live face 1:1 against the chip photo at the administrator's FMR target. When a
fingerprint or iris comparison follows and fusion is on, a mismatch does not stop here: every modality
compared is judged together at the end (:mod:`gate.steps.judgement`)."""

from __future__ import annotations

import structlog

from gate.policy import Reason, comparison_reason
from gate.steps.context import GateParts, TransactionContext, audit
from gate.steps.finger import finger_will_run
from gate.steps.iris import iris_will_run
from gate.steps.records import comparison_record
from gate.transaction import StepOutcome
from matcher.templates import Template
from matcher.thresholds import Comparison

log = structlog.get_logger(__name__)


def run_face(parts: GateParts, ctx: TransactionContext) -> StepOutcome:
    assert ctx.frame is not None and ctx.face is not None and ctx.reference is not None
    probe = parts.pipeline.embed_face(ctx.frame, ctx.face)
    comparison = parts.pipeline.verify(probe, ctx.reference, parts.calibration, parts.config.fmr_target)
    ctx.evidence.face = comparison
    _shadow(parts, probe, ctx.reference, comparison)
    audit(parts, ctx, "comparison", comparisons=[comparison_record("face", comparison)])
    reason = comparison_reason(comparison, Reason.FACE_MISMATCH)
    fusion_follows = parts.config.fuse_modalities and (finger_will_run(parts, ctx) or iris_will_run(parts, ctx))
    if reason is not None and not fusion_follows:
        ctx.evidence.stop(reason)
        return StepOutcome.STOP
    return StepOutcome.OK


def _shadow(parts: GateParts, probe: Template, reference: Template, comparison: Comparison) -> None:
    """Feed the shadow impostor comparisons, after the comparison is made; whatever happens there stays
    there: the decision is already taken and nothing is read back."""
    if parts.shadow is None:
        return
    try:
        parts.shadow.observe(probe, reference, comparison)
    except Exception as exc:
        log.warning("shadow_comparison_failed", error=type(exc).__name__)
