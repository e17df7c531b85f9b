"""The steps of one gate transaction, one module each, run in the order :mod:`gate.transaction` gives.

Each step is ``run_<stage>(parts, ctx) -> StepOutcome``: it does the stage's device I/O, records what it
found in the audit, and adds reasons to the evidence; :mod:`gate.policy` holds every rule that turns a
finding into a reason, and the verdict.
"""

from __future__ import annotations

from collections.abc import Callable

from gate.steps.capture import run_capture
from gate.steps.context import (
    Devices,
    FingerMode,
    GateConfig,
    GateParts,
    IrisMode,
    LiveFingerVerifier,
    LiveIrisVerifier,
    TransactionContext,
    audit,
)
from gate.steps.document import run_document
from gate.steps.face import run_face
from gate.steps.finger import run_finger
from gate.steps.finger_verifier import ChipFingerVerifier, corrected_fmr
from gate.steps.iris import run_iris
from gate.steps.iris_verifier import ChipIrisVerifier, IrisVerification
from gate.steps.liveness import run_liveness
from gate.transaction import Stage, StepOutcome

Step = Callable[[GateParts, TransactionContext], StepOutcome]

STEPS: dict[Stage, Step] = {
    Stage.DOCUMENT: run_document, Stage.CAPTURE: run_capture, Stage.LIVENESS: run_liveness,
    Stage.FACE: run_face, Stage.FINGER: run_finger, Stage.IRIS: run_iris,
}

__all__ = [
    "STEPS",
    "ChipFingerVerifier",
    "ChipIrisVerifier",
    "Devices",
    "FingerMode",
    "GateConfig",
    "GateParts",
    "IrisMode",
    "IrisVerification",
    "LiveFingerVerifier",
    "LiveIrisVerifier",
    "Step",
    "TransactionContext",
    "audit",
    "corrected_fmr",
]
