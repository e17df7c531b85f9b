"""Face and finger judged together (score-level fusion) in the verdict: a strong finger carries a
borderline face, two weak ones do not, and a *required* fingerprint must still match on its own."""

from __future__ import annotations

import pytest

from gate.policy import Compared, Evidence, Reason, Verdict, decide, fused_reasons
from matcher.fusion import combined_fmr
from matcher.thresholds import Comparison


def comparison(matched: bool, fmr: float, model: str) -> Comparison:
    """A comparison at target 1e-3 whose score sits on the given side of its threshold, reaching ``fmr``."""
    return Comparison(score=0.6 if matched else 0.4, threshold=0.5, fmr_target=1e-3, lower_is_better=False,
                      model_id=model, fmr_estimate=fmr)


def evidence(face: Comparison, finger: Comparison, *, required: bool) -> Evidence:
    fused, reasons = fused_reasons([Compared("face", face, Reason.FACE_MISMATCH),
                                    Compared("finger", finger, Reason.FINGER_MISMATCH, required)], 1e-3)
    return Evidence(reasons=reasons, face=face, finger=finger, fused=fused, finger_required=required,
                    pad_score=0.01, completed=not reasons)


def test_a_strong_finger_carries_a_borderline_face() -> None:
    face, finger = comparison(False, 5e-3, "face"), comparison(True, 1e-5, "finger")
    result = evidence(face, finger, required=False)
    assert result.fused is not None and result.fused.fused_fmr == pytest.approx(combined_fmr([5e-3, 1e-5]))
    assert decide(result).verdict is Verdict.OPEN


def test_two_weak_comparisons_refer_naming_both() -> None:
    face, finger = comparison(False, 2e-2, "face"), comparison(False, 0.3, "finger")
    decision = decide(evidence(face, finger, required=False))
    assert decision.verdict is Verdict.REFER
    assert set(decision.reasons) == {Reason.FACE_MISMATCH, Reason.FINGER_MISMATCH}


def test_each_close_but_together_short_is_a_fused_mismatch() -> None:
    # both pass alone at their own (looser) thresholds yet their estimates multiply above the target
    face, finger = comparison(True, 0.5, "face"), comparison(True, 0.5, "finger")
    assert decide(evidence(face, finger, required=False)).reasons == (Reason.FUSED_MISMATCH,)


def test_a_required_finger_must_match_on_its_own() -> None:
    face, finger = comparison(True, 1e-7, "face"), comparison(False, 0.8, "finger")
    decision = decide(evidence(face, finger, required=True))
    assert decision.verdict is Verdict.REFER and decision.reasons == (Reason.FINGER_MISMATCH,)
    assert decide(evidence(face, finger, required=False)).verdict is Verdict.OPEN  # when merely available


def test_fused_evidence_without_a_finger_comparison_never_opens() -> None:
    face, finger = comparison(True, 1e-7, "face"), comparison(True, 1e-5, "finger")
    ok = evidence(face, finger, required=True)
    ok.finger = None
    assert decide(ok).verdict is Verdict.REFER


def test_three_modalities_multiply_and_a_required_iris_must_match_alone() -> None:
    face, finger = comparison(False, 2e-2, "face"), comparison(False, 0.2, "finger")
    iris = comparison(True, 1e-4, "iris")  # both eyes fused: estimate 1e-4
    named = [Compared("face", face, Reason.FACE_MISMATCH), Compared("finger", finger, Reason.FINGER_MISMATCH),
             Compared("iris", iris, Reason.IRIS_MISMATCH, required=True)]
    fused, reasons = fused_reasons(named, 1e-3)
    assert fused.modalities == ("face", "finger", "iris")
    assert fused.fused_fmr == pytest.approx(combined_fmr([2e-2, 0.2, 1e-4]))
    assert fused.is_match and reasons == []
    weak_iris = comparison(False, 0.4, "iris")
    fused, reasons = fused_reasons([*named[:2], Compared("iris", weak_iris, Reason.IRIS_MISMATCH, required=True)],
                                   1e-3)
    assert not fused.is_match and reasons == [Reason.FACE_MISMATCH, Reason.FINGER_MISMATCH, Reason.IRIS_MISMATCH]
    strong_face = comparison(True, 1e-7, "face")
    _, reasons = fused_reasons([Compared("face", strong_face, Reason.FACE_MISMATCH),
                                Compared("iris", weak_iris, Reason.IRIS_MISMATCH, required=True)], 1e-3)
    assert reasons == [Reason.IRIS_MISMATCH]  # the fused product passes, the required iris alone does not


def test_a_required_iris_never_opens_without_its_own_match() -> None:
    face, iris = comparison(True, 1e-7, "face"), comparison(False, 0.3, "iris")
    named = [Compared("face", face, Reason.FACE_MISMATCH), Compared("iris", iris, Reason.IRIS_MISMATCH)]
    fused, _ = fused_reasons(named, 1e-3)
    ok = Evidence(face=face, iris=iris, fused=fused, pad_score=0.01, completed=True)
    assert decide(ok).verdict is Verdict.OPEN  # merely available: the face carries it
    ok.iris_required = True
    assert decide(ok).verdict is Verdict.REFER  # required: a step that forgot the reason still cannot open
