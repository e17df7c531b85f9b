"""The liveness step: presentation-attack detection on the chosen frame, a graded score in [0, 1]."""

from __future__ import annotations

import numpy as np

from gate.audit import CheckRecord
from gate.policy import Reason, pad_alarm
from gate.steps.context import GateParts, TransactionContext, audit
from gate.transaction import StepOutcome


def run_liveness(parts: GateParts, ctx: TransactionContext) -> StepOutcome:
    assert ctx.frame is not None and ctx.face is not None
    if parts.pad is None:
        audit(parts, ctx, "pad_checked", checks=[CheckRecord(kind="pad", result="error", code="PAD_UNAVAILABLE")])
        ctx.evidence.stop(Reason.PAD_UNAVAILABLE)
        return StepOutcome.STOP
    score = parts.pad.score(ctx.frame, ctx.face.box)
    if not np.isfinite(score) or not 0.0 <= score <= 1.0:
        raise ValueError(f"PAD returned {score}, outside [0, 1]")
    ctx.evidence.pad_score = score
    alarm = pad_alarm(score, parts.config.pad_alarm_threshold)
    audit(parts, ctx, "pad_checked", pad_score=score,
          checks=[CheckRecord(kind="pad", result="fail" if alarm else "pass", code="PAD_ALARM" if alarm else None)])
    if alarm:
        ctx.evidence.stop(Reason.PAD_ALARM)
    return StepOutcome.STOP if ctx.evidence.reasons else StepOutcome.OK
