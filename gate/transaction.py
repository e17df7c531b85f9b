"""One traveller, one transaction: the two-step ABC process as a state machine.

The machine is pure: :func:`advance` takes the current :class:`Stage` and the outcome of the step just run
and returns the next stage. The orchestrator runs the steps (device I/O) and asks the machine where to
go; it never decides the order itself. Any failed step ends in ``DECIDED`` through the policy: the
machine knows the order, :mod:`gate.policy` knows the verdict.

::

    DOCUMENT ──ok──▶ CAPTURE ──ok──▶ LIVENESS ──ok──▶ FACE ──ok──▶ FINGER ──ok/skip──▶ IRIS ──ok/skip──▶ DECIDED
        │               │               │              │             │                  │
        └──── stop ─────┴───── stop ────┴──── stop ────┴──── stop ───┴────── stop ──────┴───────▶ DECIDED
"""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    DOCUMENT = "document"  # read the chip: BAC, PA, AA, validity, stop-list, duplicates
    CAPTURE = "capture"  # live frames within the time budget, best one pre-qualified by quality
    LIVENESS = "liveness"  # presentation-attack detection on the chosen frame(s)
    FACE = "face"  # 1:1 against DG2 at the configured FMR target
    FINGER = "finger"  # 1:1 against DG3, when configured and available
    IRIS = "iris"  # both eyes 1:1 against DG4, when configured and available; then every comparison judged
    DECIDED = "decided"


class StepOutcome(StrEnum):
    OK = "ok"  # the step passed: go on
    STOP = "stop"  # the step found a reason to stop: decide now (REFER or REJECT)


ORDER = (Stage.DOCUMENT, Stage.CAPTURE, Stage.LIVENESS, Stage.FACE, Stage.FINGER, Stage.IRIS, Stage.DECIDED)


class IllegalTransition(RuntimeError):
    pass


def advance(stage: Stage, outcome: StepOutcome) -> Stage:
    if stage is Stage.DECIDED:
        raise IllegalTransition("the transaction is already decided")
    if outcome is StepOutcome.STOP:
        return Stage.DECIDED
    return ORDER[ORDER.index(stage) + 1]
