"""The gate's decision from the evidence of one transaction (BSI TR-03121-3 §2.5: any failed check goes to
a border guard; the gate never opens on doubt).

* ``OPEN``: every check performed passed, the face matched at the configured FMR target (alone, or fused
  with the fingerprint and iris comparisons), liveness below the alarm threshold, quality acceptable, and
  the fingerprint and the iris each matched on its own where it was required.
* ``REJECT``: the chip cannot be read at all (BAC fails): the traveller is sent to a staffed counter.
  Nothing was read, so a REJECT reveals nothing about the document. Everything else — an expired
  document included — is a REFER, so the verdict a traveller sees never tells a flagged expired document
  (stop-list hit, forged chip) from a merely expired one.
* ``REFER``: everything else, with reason codes for the officer.

Every verdict rule lives here: which document checks refer, that Active Authentication is required,
a stop-list hit, a document already in use, the PAD alarm, the comparisons. Pure: evidence in, verdict
out. The steps (``gate.steps``) gather evidence; the audit records both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from enrollment.icao.checks import PA_CHECKS, Check
from matcher.fusion import FusedComparison, fuse_comparisons
from matcher.thresholds import Comparison


class Verdict(StrEnum):
    OPEN = "OPEN"
    REFER = "REFER"
    REJECT = "REJECT"


class Reason(StrEnum):
    DOCUMENT_UNREADABLE = "DOCUMENT_UNREADABLE"  # BAC failed, nothing read
    DOCUMENT_EXPIRED = "DOCUMENT_EXPIRED"
    PASSIVE_AUTH_FAILED = "PASSIVE_AUTH_FAILED"
    ACTIVE_AUTH_FAILED = "ACTIVE_AUTH_FAILED"
    DOCUMENT_CHECK_FAILED = "DOCUMENT_CHECK_FAILED"
    NO_CHIP_FACE = "NO_CHIP_FACE"
    STOP_LIST_HIT = "STOP_LIST_HIT"
    DOCUMENT_IN_USE = "DOCUMENT_IN_USE"
    CAPTURE_TIMEOUT = "CAPTURE_TIMEOUT"
    QUALITY_FAILED = "QUALITY_FAILED"
    MULTIPLE_FACES = "MULTIPLE_FACES"
    PAD_ALARM = "PAD_ALARM"
    PAD_UNAVAILABLE = "PAD_UNAVAILABLE"
    FACE_MISMATCH = "FACE_MISMATCH"
    FINGER_MISMATCH = "FINGER_MISMATCH"
    FINGER_UNAVAILABLE = "FINGER_UNAVAILABLE"
    FINGER_CAPTURE_FAILED = "FINGER_CAPTURE_FAILED"
    IRIS_MISMATCH = "IRIS_MISMATCH"
    IRIS_UNAVAILABLE = "IRIS_UNAVAILABLE"
    IRIS_CAPTURE_FAILED = "IRIS_CAPTURE_FAILED"
    FUSED_MISMATCH = "FUSED_MISMATCH"  # the modalities compared, together, short of the FMR target
    DOOR_FAULT = "DOOR_FAULT"
    SYSTEM_ERROR = "SYSTEM_ERROR"
    INTERRUPTED = "INTERRUPTED"  # the process ended mid-transaction; closed by recovery (gate.service.recovery)


REJECT_REASONS = frozenset({Reason.DOCUMENT_UNREADABLE})

PA_CHECK_NAMES = frozenset(PA_CHECKS)
BIOMETRIC_ACCESS_CHECKS = frozenset({"dg3_access", "dg4_access"})  # judged by the finger and iris steps


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    reasons: tuple[Reason, ...]

    @property
    def opens(self) -> bool:
        return self.verdict is Verdict.OPEN


@dataclass
class Evidence:
    """What the transaction found so far. Built step by step by the orchestrator; reasons accumulate."""

    reasons: list[Reason] = field(default_factory=list)
    face: Comparison | None = None
    finger: Comparison | None = None
    iris: Comparison | None = None  # both eyes fused: the score is the product of their FMR estimates
    fused: FusedComparison | None = None  # every modality compared, judged together (score-level fusion)
    finger_required: bool = False
    iris_required: bool = False
    pad_score: float | None = None
    completed: bool = False  # every stage ran to the end

    def stop(self, *reasons: Reason) -> None:
        self.reasons.extend(r for r in reasons if r not in self.reasons)


def decide(evidence: Evidence) -> Decision:
    reasons = tuple(evidence.reasons)
    if reasons and all(r in REJECT_REASONS for r in reasons):
        return Decision(Verdict.REJECT, reasons)
    if reasons:  # any reason of fraud or doubt goes to an officer
        return Decision(Verdict.REFER, reasons)
    finger_ok = not evidence.finger_required or (evidence.finger is not None and evidence.finger.is_match)
    iris_ok = not evidence.iris_required or (evidence.iris is not None and evidence.iris.is_match)
    if evidence.fused is not None:
        biometrics = evidence.fused.is_match and evidence.face is not None and finger_ok and iris_ok
    else:
        biometrics = evidence.face is not None and evidence.face.is_match and finger_ok and iris_ok
    clean = evidence.completed and evidence.pad_score is not None and biometrics
    if not clean:  # a step was skipped without a reason: never open on missing evidence
        return Decision(Verdict.REFER, (Reason.SYSTEM_ERROR,))
    return Decision(Verdict.OPEN, ())


def document_reasons(report_checks: Sequence[Check], *, require_active_auth: bool = False) -> list[Reason]:
    """Reasons from the inspection report. DG3 and DG4 access are not judged here: the finger and iris
    stages decide whether missing fingerprints or irises matter. With ``require_active_auth`` a chip that
    was opened but did not pass Active Authentication (no DG15, or AA not performed) is referred as
    ACTIVE_AUTH_FAILED."""
    found = _failed_check_reasons(report_checks)
    if require_active_auth and Reason.DOCUMENT_UNREADABLE not in found and Reason.ACTIVE_AUTH_FAILED not in found:
        aa = next((c for c in report_checks if c.name == "active_authentication"), None)
        if aa is None or aa.status != "passed":  # AA cannot run on a chip that was not opened
            found.append(Reason.ACTIVE_AUTH_FAILED)
    return found


def holder_reasons(*, stop_list_hit: bool, document_in_use: bool) -> list[Reason]:
    """Reasons about the document's holder rather than the chip: a stop-list hit, or the same document
    already in an open transaction at another gate."""
    return [r for r, hit in ((Reason.STOP_LIST_HIT, stop_list_hit), (Reason.DOCUMENT_IN_USE, document_in_use))
            if hit]


def pad_alarm(score: float, threshold: float) -> bool:
    """The PAD score (0 bona fide … 1 attack) raises the alarm at or above the configured threshold."""
    return score >= threshold


def comparison_reason(comparison: Comparison, mismatch: Reason) -> Reason | None:
    """``mismatch`` unless the comparison's score is on the match side of its calibrated threshold."""
    return None if comparison.is_match else mismatch


@dataclass(frozen=True)
class Compared:
    """One modality's comparison as the fused decision sees it."""

    modality: str  # "face", "finger", "iris"
    comparison: Comparison  # the modality's own decision (iris: both eyes already fused)
    mismatch: Reason  # the reason naming it when it falls short alone
    required: bool = False  # must match on its own, whatever the others say


def fused_reasons(compared: Sequence[Compared], fmr_target: float) -> tuple[FusedComparison, list[Reason]]:
    """Every modality compared, judged together: the product of their FMR estimates against the target, so
    a strong finger or iris carries a borderline face. A *required* modality must also match on its own.
    On a mismatch the reasons name each modality that fell short alone, for the officer."""
    fused = fuse_comparisons([(c.modality, c.comparison) for c in compared], fmr_target)
    if fused.is_match:
        return fused, [c.mismatch for c in compared if c.required and not c.comparison.is_match]
    reasons = [c.mismatch for c in compared if not c.comparison.is_match]
    return fused, reasons or [Reason.FUSED_MISMATCH]


def _failed_check_reasons(report_checks: Sequence[Check]) -> list[Reason]:
    found: list[Reason] = []
    for check in report_checks:
        if check.status != "failed" or check.name in BIOMETRIC_ACCESS_CHECKS:
            continue
        if check.name in ("bac", "pace"):  # the chip could not be opened (BAC, or PACE on a CCCD)
            reason = Reason.DOCUMENT_UNREADABLE
        elif check.name == "document_validity":
            reason = Reason.DOCUMENT_EXPIRED
        elif check.name in PA_CHECK_NAMES:
            reason = Reason.PASSIVE_AUTH_FAILED
        elif check.name == "active_authentication":
            reason = Reason.ACTIVE_AUTH_FAILED
        else:
            reason = Reason.DOCUMENT_CHECK_FAILED
        if reason not in found:
            found.append(reason)
    return found
