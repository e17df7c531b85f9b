"""The gate controller: the one sequencer of device I/O for a transaction.

It asks :func:`gate.transaction.advance` for the next stage, runs that stage's step against the ports,
records every check, comparison and the PAD score in the audit, and lets :func:`gate.policy.decide` give
the verdict. Fail-secure: the exit door is locked at the start, any exception anywhere turns the
transaction into a REFER with ``SYSTEM_ERROR``, and the door is unlocked only after the OPEN decision
has been committed.

A transaction may run in two halves — the document at the entrance (``run(ctx, until=Stage.CAPTURE)``)
and the biometrics inside (``run(ctx)``) — which is how the HTTP API drives it, one kiosk call each.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal, Protocol

import numpy as np
import structlog

from enrollment.icao.inspection import AccessKey, DecodedDocument, TrustStore, inspect_document
from gate.audit import AuditEvent
from gate.audit import Check as AuditCheck
from gate.audit import Comparison as AuditComparison
from gate.logging import failure_fields
from gate.policy import Decision, Evidence, Reason, Verdict, decide, document_reasons
from gate.ports import Camera, ChipReader, Door, FingerScanner
from gate.recording import TransactionRecorder
from gate.stop_list import StopList
from gate.transaction import Stage, StepOutcome, advance
from matcher.errors import FingerprintError, MatcherError
from matcher.face.pad import PresentationAttackDetector
from matcher.face.pipeline import FacePipeline
from matcher.face.quality import FaceQuality
from matcher.face.types import DetectedFace, RgbImage
from matcher.image import decode_image, encode_jpeg
from matcher.templates import Template
from matcher.thresholds import Calibration, Comparison

log = structlog.get_logger(__name__)

FingerMode = Literal["off", "when_available", "required"]


class LiveFingerVerifier(Protocol):
    """1:1 fingerprint verification of a live image against the chip's ISO 19794-2 records."""

    def verify(self, live_image: bytes, templates: list[bytes], fmr_target: float) -> Comparison: ...


@dataclass(frozen=True)
class GateConfig:
    fmr_target: float = 1e-3
    capture_budget_s: float = 10.0
    max_frames: int = 60
    pad_alarm_threshold: float = 0.5
    require_active_auth: bool = True
    finger_mode: FingerMode = "off"


@dataclass
class Devices:
    chip_reader: ChipReader
    camera: Camera
    entry_door: Door
    exit_door: Door
    finger_scanner: FingerScanner | None = None


@dataclass
class TransactionContext:
    """Mutable state of one transaction while it runs; the result is frozen from it at the end."""

    transaction_id: str
    devices: Devices
    key: AccessKey
    stage: Stage = Stage.DOCUMENT
    evidence: Evidence = field(default_factory=Evidence)
    document: DecodedDocument | None = None
    reference: Template | None = None
    frame: RgbImage | None = None
    face: DetectedFace | None = None
    quality: FaceQuality | None = None
    timings_ms: dict[str, float] = field(default_factory=dict)
    decision: Decision | None = None


@dataclass(frozen=True)
class TransactionResult:
    transaction_id: str
    decision: Decision
    document: DecodedDocument | None
    quality: FaceQuality | None
    pad_score: float | None
    face: Comparison | None
    finger: Comparison | None
    timings_ms: dict[str, float]


class GateController:
    def __init__(self, *, config: GateConfig, pipeline: FacePipeline, calibration: Calibration,
                 pad: PresentationAttackDetector | None, trust_store: TrustStore, stop_list: StopList,
                 recorder: TransactionRecorder, finger: LiveFingerVerifier | None = None,
                 monotonic: Callable[[], float] = time.monotonic,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.config, self.pipeline, self.calibration, self.pad = config, pipeline, calibration, pad
        self.trust_store, self.stop_list, self.recorder, self.finger = trust_store, stop_list, recorder, finger
        self._monotonic, self._now = monotonic, now
        self._steps: dict[Stage, Callable[[TransactionContext], StepOutcome]] = {
            Stage.DOCUMENT: self._document, Stage.CAPTURE: self._capture, Stage.LIVENESS: self._liveness,
            Stage.FACE: self._face, Stage.FINGER: self._finger,
        }

    # -- running ---------------------------------------------------------------------------------------
    def start(self, devices: Devices, key: AccessKey) -> TransactionContext:
        ctx = TransactionContext(str(uuid.uuid4()), devices, key)
        ctx.evidence.finger_required = self.config.finger_mode == "required"
        try:
            self.recorder.begin(ctx.transaction_id)
        except Exception as exc:
            log.error("transaction_begin_failed", transaction_id=ctx.transaction_id, **failure_fields(exc))
            ctx.evidence.stop(Reason.SYSTEM_ERROR)
            ctx.stage = Stage.DECIDED
        for door in (devices.exit_door, devices.entry_door):
            try:
                door.lock()
            except Exception as exc:  # a door that cannot be locked is a door fault: an officer comes
                log.error("door_lock_failed", transaction_id=ctx.transaction_id, door=door.name,
                          **failure_fields(exc))
                ctx.evidence.stop(Reason.DOOR_FAULT)
                ctx.stage = Stage.DECIDED
        return ctx

    def run(self, ctx: TransactionContext, *, until: Stage = Stage.DECIDED) -> TransactionResult | None:
        """Run stages until ``until`` is reached (returns None) or the transaction is decided."""
        try:
            while ctx.stage is not Stage.DECIDED and ctx.stage is not until:
                started = time.perf_counter()
                outcome = self._steps[ctx.stage](ctx)
                ctx.timings_ms[ctx.stage.value] = (time.perf_counter() - started) * 1000
                ctx.stage = advance(ctx.stage, outcome)
        except Exception as exc:  # fail-secure: whatever broke, the traveller goes to an officer
            log.error("transaction_step_failed", transaction_id=ctx.transaction_id, stage=ctx.stage.value,
                      **failure_fields(exc))
            ctx.evidence.stop(Reason.SYSTEM_ERROR)
            ctx.stage = Stage.DECIDED
        if ctx.stage is not Stage.DECIDED:
            return None
        return self._finish(ctx)

    def _finish(self, ctx: TransactionContext) -> TransactionResult:
        started = time.perf_counter()
        decision = decide(ctx.evidence)
        captures: dict[str, bytes] = {}
        self._safely(lambda: captures.update(self._referral_captures(ctx, decision)))  # evidence, not a must
        if not self._record(ctx, decision, captures):
            # never open on an unrecorded decision; record the referral itself, without captures, once more
            reasons = decision.reasons if Reason.SYSTEM_ERROR in decision.reasons else (*decision.reasons,
                                                                                         Reason.SYSTEM_ERROR)
            decision = Decision(Verdict.REFER, reasons)
            self._record(ctx, decision, {})
        if decision.opens:
            try:
                ctx.devices.exit_door.unlock()
            except Exception as exc:  # the door did not open: the traveller is stuck inside, call an officer
                log.error("exit_door_fault", transaction_id=ctx.transaction_id, **failure_fields(exc))
                decision = Decision(Verdict.REFER, (Reason.DOOR_FAULT,))
                self._safely(ctx.devices.exit_door.lock)  # its state is unknown after a failed unlock
                self._safely(lambda: self._audit(ctx, "gate_event", reason_codes=[Reason.DOOR_FAULT.value]))
                self._safely(lambda: self.recorder.refer_after_decision(ctx.transaction_id,
                                                                        [Reason.DOOR_FAULT.value]))
        ctx.decision = decision
        ctx.timings_ms["decide+record"] = (time.perf_counter() - started) * 1000
        return TransactionResult(ctx.transaction_id, decision, ctx.document, ctx.quality, ctx.evidence.pad_score,
                                 ctx.evidence.face, ctx.evidence.finger, dict(ctx.timings_ms))

    def _record(self, ctx: TransactionContext, decision: Decision, captures: dict[str, bytes]) -> bool:
        try:
            self.recorder.finish(ctx.transaction_id, decision, captures)
            return True
        except Exception as exc:
            log.error("transaction_finish_failed", transaction_id=ctx.transaction_id, **failure_fields(exc))
            return False

    @staticmethod
    def _safely(action: Callable[[], object]) -> None:
        try:
            action()
        except Exception as exc:
            log.error("gate_action_failed", **failure_fields(exc))

    @staticmethod
    def _referral_captures(ctx: TransactionContext, decision: Decision) -> dict[str, bytes]:
        if decision.verdict is not Verdict.REFER:
            return {}
        captures = {}
        if ctx.frame is not None:
            captures["live_face"] = encode_jpeg(ctx.frame, quality=90)
        if ctx.document is not None and ctx.document.face_image is not None:
            captures["chip_face"] = ctx.document.face_image
        return captures

    def _audit(self, ctx: TransactionContext, event_type: str, **fields: object) -> None:
        self.recorder.record(AuditEvent.model_validate(
            {"event_type": event_type, "transaction_id": ctx.transaction_id, **fields}))

    # -- steps -----------------------------------------------------------------------------------------
    def _document(self, ctx: TransactionContext) -> StepOutcome:
        result = inspect_document(ctx.devices.chip_reader.connect(), ctx.key, self.trust_store, at=self._now(),
                                  read_dg3=self.config.finger_mode != "off")
        ctx.document = result.document
        reasons = document_reasons(result.report.checks)
        aa = result.report.get("active_authentication")
        aa_missing = aa is None or aa.status != "passed"
        chip_read = Reason.DOCUMENT_UNREADABLE not in reasons  # AA cannot run on a chip that was not opened
        if self.config.require_active_auth and chip_read and aa_missing and Reason.ACTIVE_AUTH_FAILED not in reasons:
            reasons.append(Reason.ACTIVE_AUTH_FAILED)
        checks = [AuditCheck(kind=c.name, result=_audit_result(c.status), code=c.reason_code[:64])
                  for c in result.report.checks]
        pseudonym = None
        mrz = result.document.mrz
        if mrz is not None:
            pseudonym = self.recorder.pseudonym(mrz.document_number, mrz.issuing_state)
            listed = self.stop_list.contains(mrz.document_number, mrz.issuing_state)
            checks.append(AuditCheck(kind="stop_list", result="fail" if listed else "pass"))
            if listed:
                reasons.append(Reason.STOP_LIST_HIT)
            if not self.recorder.attach_document(ctx.transaction_id, pseudonym):
                reasons.append(Reason.DOCUMENT_IN_USE)
        if not reasons:
            ctx.reference = self._chip_face_template(result.document)
            if ctx.reference is None:
                reasons.append(Reason.NO_CHIP_FACE)
        self._audit(ctx, "document_checked", document_pseudonym=pseudonym, checks=checks,
                    reason_codes=[r.value for r in reasons])
        if reasons:
            ctx.evidence.stop(*reasons)
            return StepOutcome.STOP
        ctx.devices.entry_door.unlock()  # the traveller steps into the mantrap
        ctx.devices.entry_door.lock()
        return StepOutcome.OK

    def _chip_face_template(self, document: DecodedDocument) -> Template | None:
        if document.face_image is None:
            return None
        try:
            return self.pipeline.capture(decode_image(document.face_image).rgb).template
        except MatcherError:
            return None

    def _capture(self, ctx: TransactionContext) -> StepOutcome:
        deadline = self._monotonic() + self.config.capture_budget_s
        best: tuple[float, RgbImage, DetectedFace, FaceQuality] | None = None
        crowded = 0
        for frames, frame in enumerate(ctx.devices.camera.frames(), 1):
            faces = self.pipeline.detect(frame)
            if len(faces) > 1:
                crowded += 1
                break
            if faces:
                quality = self.pipeline.assess(frame, faces[0])
                if best is None or quality.score > best[0]:
                    best = (quality.score, frame, faces[0], quality)
                if quality.passed:
                    break
            if frames >= self.config.max_frames or self._monotonic() >= deadline:
                break
        checks = [AuditCheck(kind="face_count", result="fail" if crowded else "pass",
                             code="MULTIPLE_FACES" if crowded else None)]
        if best is not None:
            ctx.frame, ctx.face, ctx.quality = best[1], best[2], best[3]
            checks.append(AuditCheck(kind="quality", result="pass" if best[3].passed else "fail"))
            checks += [AuditCheck(kind=f"quality.{c.name}", result="fail", code=c.reason) for c in best[3].failures]
        self._audit(ctx, "capture_checked", checks=checks)
        if crowded:
            ctx.evidence.stop(Reason.MULTIPLE_FACES)
            return StepOutcome.STOP
        if best is None:
            ctx.evidence.stop(Reason.CAPTURE_TIMEOUT)
            return StepOutcome.STOP
        if not best[3].passed:  # still run PAD on the best frame, so the officer sees its result too
            ctx.evidence.stop(Reason.QUALITY_FAILED)
        return StepOutcome.OK

    def _liveness(self, ctx: TransactionContext) -> StepOutcome:
        assert ctx.frame is not None and ctx.face is not None
        if self.pad is None:
            self._audit(ctx, "pad_checked", checks=[AuditCheck(kind="pad", result="error", code="PAD_UNAVAILABLE")])
            ctx.evidence.stop(Reason.PAD_UNAVAILABLE)
            return StepOutcome.STOP
        score = self.pad.score(ctx.frame, ctx.face.box)
        if not np.isfinite(score) or not 0.0 <= score <= 1.0:
            raise ValueError(f"PAD returned {score}, outside [0, 1]")
        ctx.evidence.pad_score = score
        alarm = score >= self.config.pad_alarm_threshold
        self._audit(ctx, "pad_checked", pad_score=score,
                    checks=[AuditCheck(kind="pad", result="fail" if alarm else "pass",
                                       code="PAD_ALARM" if alarm else None)])
        if alarm:
            ctx.evidence.stop(Reason.PAD_ALARM)
        return StepOutcome.STOP if ctx.evidence.reasons else StepOutcome.OK

    def _face(self, ctx: TransactionContext) -> StepOutcome:
        assert ctx.frame is not None and ctx.face is not None and ctx.reference is not None
        probe = self.pipeline.embed_face(ctx.frame, ctx.face)
        comparison = self.pipeline.verify(probe, ctx.reference, self.calibration, self.config.fmr_target)
        ctx.evidence.face = comparison
        self._audit(ctx, "comparison", comparisons=[_audit_comparison("face", comparison)])
        if not comparison.is_match:
            ctx.evidence.stop(Reason.FACE_MISMATCH)
            return StepOutcome.STOP
        return StepOutcome.OK

    def _finger(self, ctx: TransactionContext) -> StepOutcome:
        mode = self.config.finger_mode
        templates = ctx.document.finger_templates if ctx.document else []
        usable = mode != "off" and templates and self.finger is not None and ctx.devices.finger_scanner is not None
        if not usable:
            if mode == "required":
                ctx.evidence.stop(Reason.FINGER_UNAVAILABLE)
                return StepOutcome.STOP
            ctx.evidence.completed = True
            return StepOutcome.OK
        assert self.finger is not None and ctx.devices.finger_scanner is not None
        try:
            comparison = self.finger.verify(ctx.devices.finger_scanner.capture(), templates, self.config.fmr_target)
        except FingerprintError as exc:  # blank platen, not a finger, unusable record: an officer takes over
            self._audit(ctx, "comparison", checks=[AuditCheck(kind="finger", result="error", code=exc.code)])
            ctx.evidence.stop(Reason.FINGER_CAPTURE_FAILED)
            return StepOutcome.STOP
        ctx.evidence.finger = comparison
        self._audit(ctx, "comparison", comparisons=[_audit_comparison("finger", comparison)])
        if not comparison.is_match:
            ctx.evidence.stop(Reason.FINGER_MISMATCH)
            return StepOutcome.STOP
        ctx.evidence.completed = True
        return StepOutcome.OK


def _audit_result(status: str) -> Literal["pass", "fail", "skipped"]:
    return {"passed": "pass", "failed": "fail"}.get(status, "skipped")  # type: ignore[return-value]


def _audit_comparison(modality: Literal["face", "finger"], c: Comparison) -> AuditComparison:
    return AuditComparison(modality=modality, score=c.score, threshold=c.threshold, fmr_target=c.fmr_target,
                           model_id=c.model_id, matched=c.is_match)
