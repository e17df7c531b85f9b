"""The fingerprint stage: a live scanner image against the ISO/IEC 19794-2 record enrolled in DG3
(read behind the simplified EAC with the inspection system's terminal key)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from enrollment.icao.inspection import AccessKey
from enrollment.icao.pki.directory import load_issuer
from enrollment.icao.pki.keys import generate_key
from enrollment.personalise import personalise
from gate.assembly import build_finger_verifier
from gate.demo import chip_photo, holder
from gate.devices.finger_scanner import ImageFileScanner
from gate.policy import Reason, Verdict
from gate.ports import DoorState
from gate.settings import GateSettings, Settings
from matcher.finger import FingerVerifier, decode_image, encode, record_of
from matcher.fusion import combined_fmr
from matcher.image import encode_jpeg
from models import load_calibration
from tests.conftest import require
from tests.gate.audit.chain_helpers import stored_chain
from tests.gate.conftest import GateFactory, World, devices


@pytest.fixture
def face(world: World) -> bytes:
    """The holder's live face frame (the face stage runs, and matches, before the finger stage)."""
    return world.photo("obama-480p.jpg")


@pytest.fixture(scope="module")
def fvc(fingerprints_dir: Path) -> Path:
    return require(fingerprints_dir / "fvc2002" / "DB1_B")


@pytest.fixture(scope="module")
def enrolled_card(world: World, fvc: Path):  # type: ignore[no-untyped-def]
    verifier = FingerVerifier(load_calibration("finger-mcc-leader"), extractor="leader", matcher="mcc")
    template = verifier.capture(decode_image((fvc / "101_1.tif").read_bytes()))
    applicant = holder(chip_photo(world.pipeline, world.photo("obama2.jpg")), world.now)
    applicant = replace(applicant, finger_templates=(encode(record_of([template])),))
    card = personalise(applicant, load_issuer(world.pki.root), generate_key("ecdsa-p256"), world.now)
    return card, AccessKey(applicant.document_number, applicant.birth_date, applicant.expiry_date)


def run_with_finger(gate, card, key, impression: bytes, face: bytes):  # type: ignore[no-untyped-def]
    d = devices(card, [face])
    d.finger_scanner = ImageFileScanner([impression])
    result = gate.controller.run(gate.controller.start(d, key))
    assert result is not None
    return result, d


@pytest.fixture
def finger_gate(world: World, make_gate: GateFactory):  # type: ignore[no-untyped-def]
    gate = make_gate(finger_mode="required")
    verifier = build_finger_verifier(Settings(gate=GateSettings(finger_mode="required")))
    gate.controller.parts = replace(gate.controller.parts, finger=verifier)
    return gate


def test_the_enrolled_finger_opens(finger_gate, enrolled_card, fvc: Path, face: bytes) -> None:  # type: ignore[no-untyped-def]
    card, key = enrolled_card
    result, d = run_with_finger(finger_gate, card, key, (fvc / "101_2.tif").read_bytes(), face)
    assert result.decision.verdict is Verdict.OPEN, result.decision.reasons
    assert result.finger is not None and result.finger.is_match and result.finger.model_id == "finger-mcc-leader"
    assert result.document is not None and 3 in result.document.data_groups_read
    assert d.exit_door.state is DoorState.OPEN


def test_another_finger_is_referred(finger_gate, enrolled_card, fvc: Path, face: bytes) -> None:  # type: ignore[no-untyped-def]
    card, key = enrolled_card
    result, d = run_with_finger(finger_gate, card, key, (fvc / "104_2.tif").read_bytes(), face)
    assert result.decision.reasons == (Reason.FINGER_MISMATCH,)
    assert result.finger is not None and result.finger.score < result.finger.threshold
    assert d.exit_door.state is DoorState.LOCKED


def test_a_blank_platen_is_a_typed_referral(finger_gate, enrolled_card, face: bytes) -> None:  # type: ignore[no-untyped-def]
    card, key = enrolled_card
    blank = encode_jpeg(np.full((400, 400, 3), 235, np.uint8))
    result, _ = run_with_finger(finger_gate, card, key, blank, face)
    assert result.decision.reasons == (Reason.FINGER_CAPTURE_FAILED,)


def test_a_required_finger_without_dg3_is_referred(finger_gate, world: World, face: bytes) -> None:  # type: ignore[no-untyped-def]
    card, key = world.issue()  # no fingerprints enrolled
    result, _ = run_with_finger(finger_gate, card, key, b"unused", face)
    assert result.decision.reasons == (Reason.FINGER_UNAVAILABLE,)


def test_several_references_tighten_the_threshold() -> None:
    from gate.steps import corrected_fmr
    from matcher.errors import FingerprintError

    calibrated = {1e-2: 0.2, 1e-3: 0.3, 1e-4: 0.4}
    assert corrected_fmr(calibrated, 1e-3, 1) == 1e-3
    assert corrected_fmr(calibrated, 1e-3, 2) == 1e-4  # 5e-4 needed: the next stricter calibrated point
    assert corrected_fmr(calibrated, 1e-2, 10) == 1e-3
    with pytest.raises(FingerprintError):
        corrected_fmr(calibrated, 1e-3, 20)  # 5e-5 is stricter than anything calibrated


def test_gabor_mindtct_with_lsa_is_a_configurable_pipeline(fvc: Path) -> None:
    """The alternative pipeline the settings offer (Gabor-enhanced mindtct, MCC with LSA-R) loads its own
    calibration and separates a mated from a non-mated impression against a DG3 record it enrolled."""
    settings = Settings(gate=GateSettings(finger_mode="required", finger_extractor="gabor-mindtct",
                                          finger_matcher="mcc-lsa"))
    chip = build_finger_verifier(settings)
    enrol = FingerVerifier(load_calibration("finger-mcc-lsa-gabor-mindtct"), extractor="gabor-mindtct",
                           matcher="mcc-lsa")
    record = encode(record_of([enrol.capture(decode_image((fvc / "101_1.tif").read_bytes()))]))
    mated = chip.verify((fvc / "101_2.tif").read_bytes(), [record], 0.001)
    other = chip.verify((fvc / "102_1.tif").read_bytes(), [record], 0.001)
    assert mated.model_id == "finger-mcc-lsa-gabor-mindtct"
    assert mated.is_match and not other.is_match
    assert mated.threshold == load_calibration("finger-mcc-lsa-gabor-mindtct").threshold_for(0.001)


def test_face_and_finger_are_judged_together_and_audited(  # type: ignore[no-untyped-def]
        make_gate: GateFactory, enrolled_card, fvc: Path, face: bytes) -> None:


    gate = make_gate(finger_mode="when_available")
    verifier = build_finger_verifier(Settings(gate=GateSettings(finger_mode="when_available")))
    gate.controller.parts = replace(gate.controller.parts, finger=verifier)
    card, key = enrolled_card
    result, d = run_with_finger(gate, card, key, (fvc / "101_2.tif").read_bytes(), face)
    assert result.decision.verdict is Verdict.OPEN and d.exit_door.state is DoorState.OPEN
    bodies = stored_chain(gate.db)
    records = {c["modality"]: c for b in bodies for c in b.get("comparisons", [])}
    assert set(records) == {"face", "finger", "fused"}
    fused = records["fused"]
    assert fused["matched"] and fused["threshold"] == fused["fmr_target"] == 0.001
    estimates = [records["face"]["fmr_estimate"], records["finger"]["fmr_estimate"]]
    assert fused["score"] == pytest.approx(combined_fmr(estimates))
