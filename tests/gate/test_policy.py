"""The pure decision: order of stages and the verdict from evidence."""

from __future__ import annotations

import pytest

from enrollment.icao.checks import failed, not_performed, passed
from gate.policy import Evidence, Reason, Verdict, decide, document_reasons
from gate.transaction import IllegalTransition, Stage, StepOutcome, advance
from matcher.thresholds import Comparison


def comparison(score: float, threshold: float = 0.54) -> Comparison:
    return Comparison(score=score, threshold=threshold, fmr_target=1e-3, lower_is_better=True, model_id="m")


def clean() -> Evidence:
    return Evidence(face=comparison(0.3), pad_score=0.01, completed=True)


def test_stages_run_in_the_two_step_order() -> None:
    stage, seen = Stage.DOCUMENT, [Stage.DOCUMENT]
    while stage is not Stage.DECIDED:
        stage = advance(stage, StepOutcome.OK)
        seen.append(stage)
    assert seen == [Stage.DOCUMENT, Stage.CAPTURE, Stage.LIVENESS, Stage.FACE, Stage.FINGER, Stage.IRIS,
                    Stage.DECIDED]


@pytest.mark.parametrize("stage", [s for s in Stage if s is not Stage.DECIDED])
def test_a_stop_decides_from_any_stage(stage: Stage) -> None:
    assert advance(stage, StepOutcome.STOP) is Stage.DECIDED


def test_a_decided_transaction_cannot_move() -> None:
    with pytest.raises(IllegalTransition):
        advance(Stage.DECIDED, StepOutcome.OK)


def test_clean_evidence_opens() -> None:
    assert decide(clean()).verdict is Verdict.OPEN


@pytest.mark.parametrize("change", [
    {"face": None}, {"pad_score": None}, {"completed": False}, {"face": comparison(0.6)},
    {"finger_required": True}, {"finger_required": True, "finger": comparison(0.7)},
    {"iris_required": True}, {"iris_required": True, "iris": comparison(0.7)},
])
def test_missing_or_failed_evidence_never_opens(change: dict[str, object]) -> None:
    evidence = clean()
    for key, value in change.items():
        setattr(evidence, key, value)
    assert decide(evidence).verdict is Verdict.REFER


def test_only_an_unreadable_chip_is_rejected() -> None:
    evidence = clean()
    evidence.stop(Reason.DOCUMENT_UNREADABLE)
    assert decide(evidence).verdict is Verdict.REJECT


@pytest.mark.parametrize("fraud", [Reason.STOP_LIST_HIT, Reason.PASSIVE_AUTH_FAILED, Reason.ACTIVE_AUTH_FAILED])
def test_an_expired_document_gets_the_same_verdict_flagged_or_not(fraud: Reason) -> None:
    """Otherwise the kiosk's wording would tell the holder of an expired document whether it is flagged."""
    expired, flagged = clean(), clean()
    expired.stop(Reason.DOCUMENT_EXPIRED)
    flagged.stop(fraud, Reason.DOCUMENT_EXPIRED, fraud)
    assert decide(expired).verdict is decide(flagged).verdict is Verdict.REFER
    assert decide(flagged).reasons == (fraud, Reason.DOCUMENT_EXPIRED)  # in order, without repeats


def test_document_checks_map_to_reasons() -> None:
    checks = [passed("bac"), failed("data_group_hashes", "hash_mismatch"), failed("sod_signature", "bad"),
              failed("active_authentication", "aa_failed"), not_performed("dg3_access", "dg3_absent"),
              failed("dg3_access", "eac_terminal_authentication_failed"), failed("biometric_decode", "x")]
    assert document_reasons(checks) == [Reason.PASSIVE_AUTH_FAILED, Reason.ACTIVE_AUTH_FAILED,
                                        Reason.DOCUMENT_CHECK_FAILED]
    assert document_reasons([failed("bac", "bac_failed")]) == [Reason.DOCUMENT_UNREADABLE]
    assert document_reasons([failed("document_validity", "document_expired")]) == [Reason.DOCUMENT_EXPIRED]
