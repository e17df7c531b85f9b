"""The iris stage: both eyes from the scanner against CASIA-IrisV1 images enrolled in DG4 (read behind the
simplified EAC with the inspection system's terminal key), fused through their FMR curves, alone or with
the face."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from enrollment.icao.card_file import CardImage
from enrollment.icao.inspection import AccessKey
from enrollment.icao.pki.directory import load_issuer
from enrollment.icao.pki.keys import generate_key
from enrollment.iris import iris_records
from enrollment.personalise import personalise
from gate.assembly import GateRuntime
from gate.demo import chip_photo, holder
from gate.devices.iris_scanner import ImageFileIrisScanner
from gate.orchestrator import TransactionResult
from gate.policy import Reason, Verdict
from gate.ports import DoorState, IrisEye
from gate.steps import TransactionContext
from matcher.fusion import combined_fmr
from matcher.image import encode_jpeg
from tests.conftest import require
from tests.gate.audit.chain_helpers import stored_chain
from tests.gate.conftest import GateFactory, World, devices

Eyes = dict[IrisEye, bytes]


@pytest.fixture(scope="module")
def casia(shared_dir: Path) -> Path:
    return require(shared_dir / "data" / "iris" / "casia-iris-v1")


def eye(casia: Path, name: str) -> bytes:
    """``name`` like "001_2_1" → the bytes of ``<casia>/1/001_2_1.jpg``."""
    return (casia / str(int(name[:3])) / f"{name}.jpg").read_bytes()


@pytest.fixture
def face(world: World) -> bytes:
    return world.photo("obama-480p.jpg")


@pytest.fixture(scope="module")
def enrolled_card(world: World, casia: Path) -> tuple[CardImage, AccessKey]:
    """The holder's right eye is CASIA eye 001, the left eye 002 (first session); DG4 holds both."""
    applicant = holder(chip_photo(world.pipeline, world.photo("obama2.jpg")), world.now)
    records = iris_records({"right": eye(casia, "001_1_1"), "left": eye(casia, "002_1_1")})
    applicant = replace(applicant, iris_records=records)
    card = personalise(applicant, load_issuer(world.pki.root), generate_key("ecdsa-p256"), world.now)
    return card, AccessKey(applicant.document_number, applicant.birth_date, applicant.expiry_date)


def run_with_iris(gate: GateRuntime, card: CardImage, key: AccessKey, eyes: Eyes,
                  face: bytes) -> tuple[TransactionResult, TransactionContext]:
    d = devices(card, [face])
    d.iris_scanner = ImageFileIrisScanner([eyes])
    ctx = gate.controller.start(d, key)
    result = gate.controller.run(ctx)
    assert result is not None
    return result, ctx


def comparisons(gate: GateRuntime) -> list[dict[str, Any]]:
    return [c for b in stored_chain(gate.db) for c in b.get("comparisons", [])]


def test_the_enrolled_eyes_open(make_gate: GateFactory, enrolled_card, casia: Path, face: bytes) -> None:  # type: ignore[no-untyped-def]
    gate = make_gate(iris_mode="required", fuse_modalities=False)
    card, key = enrolled_card
    live: Eyes = {"right": eye(casia, "001_2_1"), "left": eye(casia, "002_2_1")}
    result, ctx = run_with_iris(gate, card, key, live, face)
    assert result.decision.verdict is Verdict.OPEN, result.decision.reasons
    assert ctx.devices.exit_door.state is DoorState.OPEN
    assert result.document is not None and 4 in result.document.data_groups_read
    iris = ctx.evidence.iris
    assert iris is not None and iris.is_match and iris.model_id == "iris-loggabor-v2"
    eyes = [c for c in comparisons(gate) if c["modality"] == "iris" and c["model_id"] == "iris-loggabor-v2"]
    assert len(eyes) == 2 and all(c["matched"] for c in eyes)
    assert all(c["score"] < c["threshold"] for c in eyes)
    checks = [c for b in stored_chain(gate.db) for c in b.get("checks", [])]
    assert {"kind": "iris_eyes", "result": "pass", "code": "right:left"} in checks


def test_other_eyes_are_referred(make_gate: GateFactory, enrolled_card, casia: Path, face: bytes) -> None:  # type: ignore[no-untyped-def]
    """A required iris must match on its own: the matching face does not carry someone else's eyes."""
    gate = make_gate(iris_mode="required")
    card, key = enrolled_card
    live: Eyes = {"right": eye(casia, "003_2_1"), "left": eye(casia, "004_2_1")}
    result, ctx = run_with_iris(gate, card, key, live, face)
    assert result.decision.reasons == (Reason.IRIS_MISMATCH,)
    assert ctx.evidence.iris is not None and not ctx.evidence.iris.is_match
    assert ctx.devices.exit_door.state is DoorState.LOCKED


def test_the_swapped_eyes_are_referred(make_gate: GateFactory, enrolled_card, casia: Path, face: bytes) -> None:  # type: ignore[no-untyped-def]
    """Each eye is compared with DG4's image of the same eye: the holder's own eyes, swapped, do not match."""
    gate = make_gate(iris_mode="required", fuse_modalities=False)
    card, key = enrolled_card
    live: Eyes = {"right": eye(casia, "002_2_1"), "left": eye(casia, "001_2_1")}
    result, _ = run_with_iris(gate, card, key, live, face)
    assert result.decision.reasons == (Reason.IRIS_MISMATCH,)


def test_one_eye_imaged_is_compared_alone(make_gate: GateFactory, enrolled_card, casia: Path, face: bytes) -> None:  # type: ignore[no-untyped-def]
    gate = make_gate(iris_mode="required", fuse_modalities=False)
    card, key = enrolled_card
    result, ctx = run_with_iris(gate, card, key, {"left": eye(casia, "002_2_2")}, face)
    assert result.decision.verdict is Verdict.OPEN, result.decision.reasons
    eyes = [c for c in comparisons(gate) if c["modality"] == "iris" and c["model_id"] == "iris-loggabor-v2"]
    assert len(eyes) == 1 and ctx.evidence.iris is not None
    assert ctx.evidence.iris.score == pytest.approx(eyes[0]["fmr_estimate"])


@pytest.mark.parametrize("eyes", ["blank", "none"])
def test_an_unusable_capture_is_a_typed_referral(make_gate: GateFactory, enrolled_card, casia: Path,  # type: ignore[no-untyped-def]
                                                 face: bytes, eyes: str) -> None:
    gate = make_gate(iris_mode="required")
    card, key = enrolled_card
    blank = encode_jpeg(np.full((280, 320, 3), 128, np.uint8))
    live: Eyes = {"right": blank, "left": eye(casia, "002_2_1")} if eyes == "blank" else {}
    result, _ = run_with_iris(gate, card, key, live, face)
    assert result.decision.reasons == (Reason.IRIS_CAPTURE_FAILED,)
    checks = [c for b in stored_chain(gate.db) for c in b.get("checks", [])]
    code = "IRIS_IMAGE_BLANK" if eyes == "blank" else "IRIS_EYE_MISSING"
    assert {"kind": "iris", "result": "error", "code": code} in checks


def test_a_required_iris_without_dg4_is_referred(make_gate: GateFactory, world: World, casia: Path,
                                                 face: bytes) -> None:
    gate = make_gate(iris_mode="required")
    card, key = world.issue()  # no iris enrolled
    result, _ = run_with_iris(gate, card, key, {"right": eye(casia, "001_2_1")}, face)
    assert result.decision.reasons == (Reason.IRIS_UNAVAILABLE,)


def test_iris_off_reads_no_dg4(make_gate: GateFactory, enrolled_card, casia: Path, face: bytes) -> None:  # type: ignore[no-untyped-def]
    gate = make_gate()  # iris_mode off by default: DG4 stays unread, the face alone decides
    card, key = enrolled_card
    result, ctx = run_with_iris(gate, card, key, {"right": eye(casia, "003_2_1")}, face)
    assert result.decision.verdict is Verdict.OPEN
    assert result.document is not None and 4 not in result.document.data_groups_read
    assert ctx.evidence.iris is None


def test_face_and_iris_are_judged_together_and_audited(make_gate: GateFactory, enrolled_card, casia: Path,  # type: ignore[no-untyped-def]
                                                      face: bytes) -> None:
    gate = make_gate(iris_mode="when_available")
    card, key = enrolled_card
    live: Eyes = {"right": eye(casia, "001_2_3"), "left": eye(casia, "002_2_3")}
    result, ctx = run_with_iris(gate, card, key, live, face)
    assert result.decision.verdict is Verdict.OPEN and ctx.devices.exit_door.state is DoorState.OPEN
    found = comparisons(gate)
    assert [c["modality"] for c in found] == ["face", "iris", "iris", "iris", "fused"]
    face_c, right, left, both, fused = found
    assert both["model_id"] == "fmr-product" and both["threshold"] == both["fmr_target"] == 0.001
    assert both["score"] == pytest.approx(combined_fmr([right["fmr_estimate"], left["fmr_estimate"]]))
    assert fused["matched"] and fused["threshold"] == fused["fmr_target"] == 0.001
    assert fused["score"] == pytest.approx(combined_fmr([face_c["fmr_estimate"], both["score"]]))
    assert ctx.evidence.fused is not None and ctx.evidence.fused.modalities == ("face", "iris")
