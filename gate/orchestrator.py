"""The gate controller: the one sequencer of device I/O for a transaction.

It asks :func:`gate.transaction.advance` for the next stage, runs that stage's step (:mod:`gate.steps`)
against the ports, and lets :func:`gate.policy.decide` give the verdict. Fail-secure: the exit door is
locked at the start, any exception anywhere turns the transaction into a REFER with ``SYSTEM_ERROR``, and
the door is unlocked only after the OPEN decision has been committed.

A transaction may run in two halves — the document at the entrance (``run(ctx, until=Stage.CAPTURE)``)
and the biometrics inside (``run(ctx)``) — which is how the HTTP API drives it, one kiosk call each.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace

import structlog

from enrollment.icao.inspection import ChipKey, DecodedDocument
from gate.door_audit import audited
from gate.logging import failure_fields
from gate.policy import Decision, Reason, Verdict, decide
from gate.recording import TransactionRecorder
from gate.steps import STEPS, Devices, GateConfig, GateParts, TransactionContext, audit
from gate.steps.referral_evidence import referral_evidence
from gate.transaction import Stage, advance
from matcher.face.pipeline import FacePipeline
from matcher.face.quality import FaceQuality
from matcher.image import encode_jpeg
from matcher.thresholds import Comparison

log = structlog.get_logger(__name__)


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
    iris: Comparison | None = None  # both eyes, fused


class GateController:
    def __init__(self, parts: GateParts) -> None:
        self.parts = parts

    @property
    def config(self) -> GateConfig:
        return self.parts.config

    @property
    def pipeline(self) -> FacePipeline:
        return self.parts.pipeline

    @property
    def recorder(self) -> TransactionRecorder:
        return self.parts.recorder

    def start(self, devices: Devices, key: ChipKey) -> TransactionContext:
        tid = str(uuid.uuid4())
        record = self.recorder.record  # every door command and the state after it is an audited event
        devices = replace(devices, entry_door=audited(devices.entry_door, record, tid),
                          exit_door=audited(devices.exit_door, record, tid))
        ctx = TransactionContext(tid, devices, key)
        ctx.evidence.finger_required = self.config.finger_mode == "required"
        ctx.evidence.iris_required = self.config.iris_mode == "required"
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
                outcome = STEPS[ctx.stage](self.parts, ctx)
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
        _safely(lambda: captures.update(_referral_captures(ctx, decision)))  # evidence, not a must
        if not self._record(ctx, decision, captures):
            # never open on an unrecorded decision; record the referral itself, without captures, once more
            reasons = decision.reasons if Reason.SYSTEM_ERROR in decision.reasons else (*decision.reasons,
                                                                                         Reason.SYSTEM_ERROR)
            decision = Decision(Verdict.REFER, reasons)
            if not self._record(ctx, decision, {}):  # kept in the outbox until the database takes it
                referral = decision
                _safely(lambda: self.recorder.defer(ctx.transaction_id, referral))
        if decision.opens:
            decision = self._open_exit(ctx, decision)
        ctx.decision = decision
        ctx.timings_ms["decide+record"] = (time.perf_counter() - started) * 1000
        return TransactionResult(ctx.transaction_id, decision, ctx.document, ctx.quality, ctx.evidence.pad_score,
                                 ctx.evidence.face, ctx.evidence.finger, dict(ctx.timings_ms), ctx.evidence.iris)

    def _open_exit(self, ctx: TransactionContext, decision: Decision) -> Decision:
        try:
            ctx.devices.exit_door.unlock()
            return decision
        except Exception as exc:  # the door did not open: the traveller is stuck inside, call an officer
            log.error("exit_door_fault", transaction_id=ctx.transaction_id, **failure_fields(exc))
            _safely(ctx.devices.exit_door.lock)  # its state is unknown after a failed unlock
            _safely(lambda: audit(self.parts, ctx, "gate_event", reason_codes=[Reason.DOOR_FAULT.value]))
            _safely(lambda: self.recorder.refer_after_decision(ctx.transaction_id, [Reason.DOOR_FAULT.value]))
            return Decision(Verdict.REFER, (Reason.DOOR_FAULT,))

    def _record(self, ctx: TransactionContext, decision: Decision, captures: dict[str, bytes]) -> bool:
        try:
            self.recorder.finish(ctx.transaction_id, decision, captures)
            return True
        except Exception as exc:
            log.error("transaction_finish_failed", transaction_id=ctx.transaction_id, **failure_fields(exc))
            return False


def _safely(action: Callable[[], object]) -> None:
    try:
        action()
    except Exception as exc:
        log.error("gate_action_failed", **failure_fields(exc))


def _referral_captures(ctx: TransactionContext, decision: Decision) -> dict[str, bytes]:
    if decision.verdict is not Verdict.REFER:
        return {}
    captures = {}
    if ctx.frame is not None:
        captures["live_face"] = encode_jpeg(ctx.frame, quality=90)
    if ctx.document is not None and ctx.document.face_image is not None:
        captures["chip_face"] = ctx.document.face_image
    return captures | referral_evidence(ctx.document, ctx.quality)
