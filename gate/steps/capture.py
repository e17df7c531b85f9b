"""The capture step: live frames within the time budget; the first frame whose quality passes, else the
best one seen. More than one face in a frame stops the transaction (one traveller per gate)."""

from __future__ import annotations

from gate.audit import CheckRecord
from gate.policy import Reason
from gate.steps.context import GateParts, TransactionContext, audit
from gate.transaction import StepOutcome
from matcher.face.quality import FaceQuality
from matcher.face.types import DetectedFace, RgbImage


def run_capture(parts: GateParts, ctx: TransactionContext) -> StepOutcome:
    deadline = parts.monotonic() + parts.config.capture_budget_s
    best: tuple[float, RgbImage, DetectedFace, FaceQuality] | None = None
    crowded = 0
    for frames, frame in enumerate(ctx.devices.camera.frames(), 1):
        faces = parts.pipeline.detect(frame)
        if len(faces) > 1:
            crowded += 1
            break
        if faces:
            quality = parts.pipeline.assess(frame, faces[0])
            if best is None or quality.score > best[0]:
                best = (quality.score, frame, faces[0], quality)
            if quality.passed:
                break
        if frames >= parts.config.max_frames or parts.monotonic() >= deadline:
            break
    checks = [CheckRecord(kind="face_count", result="fail" if crowded else "pass",
                          code="MULTIPLE_FACES" if crowded else None)]
    if best is not None:
        ctx.frame, ctx.face, ctx.quality = best[1], best[2], best[3]
        checks.append(CheckRecord(kind="quality", result="pass" if best[3].passed else "fail"))
        checks += [CheckRecord(kind=f"quality.{c.name}", result="fail", code=c.reason) for c in best[3].failures]
    audit(parts, ctx, "capture_checked", checks=checks)
    if crowded:
        ctx.evidence.stop(Reason.MULTIPLE_FACES)
        return StepOutcome.STOP
    if best is None:
        ctx.evidence.stop(Reason.CAPTURE_TIMEOUT)
        return StepOutcome.STOP
    if not best[3].passed:  # still run PAD on the best frame, so the officer sees its result too
        ctx.evidence.stop(Reason.QUALITY_FAILED)
    return StepOutcome.OK
