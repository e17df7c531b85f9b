"""Whole gate transactions: real chip, real faces, real PAD, real database. The exit door opens only
on a clean match; every other path refers (or rejects) with a reason code and leaves it locked."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
import pytest

from enrollment.icao.card_file import CardImage
from enrollment.icao.inspection import AccessKey
from gate.assembly import GateRuntime
from gate.audit import verify_gate
from gate.demo import chip_photo, swap_photo
from gate.devices.camera import StillImageCamera
from gate.devices.doors import SimulatedDoor
from gate.orchestrator import TransactionResult
from gate.policy import Decision, Reason, Verdict
from gate.ports import Camera, Door, DoorState
from gate.steps import Devices, GateConfig
from gate.store import CaptureVault, ReferralRepository, TransactionRepository
from gate.transaction import Stage
from matcher.face.types import RgbImage
from matcher.image import decode_image, encode_jpeg
from tests.gate.conftest import GateFactory, World, devices


def events(door: Door) -> list[str]:
    assert isinstance(door, SimulatedDoor)
    return door.events


def run(runtime: GateRuntime, card: CardImage, key: AccessKey,
        frames: list[bytes] | Camera) -> tuple[TransactionResult, Devices]:
    d = devices(card, frames)
    ctx = runtime.controller.start(d, key)
    result = runtime.controller.run(ctx)
    assert result is not None
    return result, d


def test_card_holder_opens_the_gate(world: World, make_gate: GateFactory) -> None:
    gate = make_gate()
    card, key = world.issue()
    result, d = run(gate, card, key, [world.photo("obama-480p.jpg")])
    assert result.decision.verdict is Verdict.OPEN and result.decision.reasons == ()
    assert d.exit_door.state is DoorState.OPEN
    assert result.face is not None and result.face.is_match and result.face.fmr_target == 1e-3
    assert result.pad_score is not None and result.pad_score < 0.1
    with gate.db.sessions() as s:
        assert TransactionRepository(s).get(result.transaction_id).decision == "OPEN"
        assert CaptureVault(s, gate.cipher).for_transaction(result.transaction_id) == []  # nothing kept
    assert verify_gate(gate.db.sessions, "gate-01").ok


def test_impostor_is_referred_and_captures_are_kept_encrypted(world: World, make_gate: GateFactory) -> None:
    gate = make_gate()
    card, key = world.issue()
    result, d = run(gate, card, key, [world.photo("biden.jpg")])
    assert result.decision.verdict is Verdict.REFER and result.decision.reasons == (Reason.FACE_MISMATCH,)
    assert d.exit_door.state is DoorState.LOCKED
    assert result.face is not None and result.face.score > result.face.threshold
    with gate.db.sessions() as s:
        assert ReferralRepository(s).for_transaction(result.transaction_id) is not None
        vault = CaptureVault(s, gate.cipher)
        kinds = {c.kind: c for c in vault.for_transaction(result.transaction_id)}
        assert set(kinds) == {"live_face", "chip_face"}
        assert decode_image(vault.load(kinds["live_face"].id)).rgb.shape[2] == 3


def test_photo_swapped_on_the_chip_fails_passive_authentication(world: World, make_gate: GateFactory) -> None:
    gate = make_gate()
    card, key = world.issue()
    forged = swap_photo(card, chip_photo(world.pipeline, world.photo("biden.jpg")))
    result, d = run(gate, forged, key, [world.photo("biden.jpg")])
    assert result.decision.verdict is Verdict.REFER
    assert result.decision.reasons == (Reason.PASSIVE_AUTH_FAILED,)
    assert result.face is None and result.pad_score is None  # biometrics never ran on a forged document
    assert d.exit_door.state is DoorState.LOCKED and events(d.entry_door) == ["locked"]


def test_wrong_mrz_rejects_without_reading(world: World, make_gate: GateFactory) -> None:
    card, key = world.issue()
    wrong = AccessKey("001089012346", key.birth_date, key.expiry_date)
    result, d = run(make_gate(), card, wrong, [world.photo("obama-480p.jpg")])
    assert result.decision.verdict is Verdict.REJECT
    assert result.decision.reasons == (Reason.DOCUMENT_UNREADABLE,)
    assert result.document is not None and result.document.face_image is None
    assert d.exit_door.state is DoorState.LOCKED


def test_expired_document_is_referred(world: World, make_gate: GateFactory) -> None:
    card, key = world.issue(expiry_days=-3)
    result, d = run(make_gate(), card, key, [world.photo("obama-480p.jpg")])
    assert result.decision.verdict is Verdict.REFER
    assert Reason.DOCUMENT_EXPIRED in result.decision.reasons
    assert d.exit_door.state is DoorState.LOCKED


def test_stop_list_hit_is_referred(world: World, make_gate: GateFactory, tmp_path: Path) -> None:
    card, key = world.issue()
    listed = tmp_path / "sltd.txt"
    listed.write_text(f"# lost and stolen\nVNM {key.document_number}\n")
    result, _ = run(make_gate(stop_list=listed), card, key, [world.photo("obama-480p.jpg")])
    assert result.decision.reasons == (Reason.STOP_LIST_HIT,)


def test_two_people_in_the_mantrap_are_referred(world: World, make_gate: GateFactory) -> None:
    card, key = world.issue()
    result, _ = run(make_gate(), card, key, [world.photo("two_people.jpg")])
    assert result.decision.reasons == (Reason.MULTIPLE_FACES,)


def test_printed_photo_attack_raises_the_pad_alarm(world: World, make_gate: GateFactory, shared_dir: Path) -> None:
    card, key = world.issue()
    spoof = (shared_dir / "data/faces/pad_samples/image_F1.jpg").read_bytes()
    result, d = run(make_gate(), card, key, [spoof])
    assert Reason.PAD_ALARM in result.decision.reasons
    assert result.pad_score is not None and result.pad_score > 0.5
    assert result.face is None  # no comparison on an attack presentation
    assert d.exit_door.state is DoorState.LOCKED


def test_without_pad_models_the_gate_refers_instead_of_skipping_liveness(world: World,
                                                                         make_gate: GateFactory) -> None:
    card, key = world.issue()
    gate = make_gate()
    gate.controller.parts = replace(gate.controller.parts, pad=None)  # as build_gate leaves it without model files
    result, d = run(gate, card, key, [world.photo("obama-480p.jpg")])
    assert result.decision.reasons == (Reason.PAD_UNAVAILABLE,)
    assert d.exit_door.state is DoorState.LOCKED


def test_no_face_within_the_budget_is_a_capture_timeout(world: World, make_gate: GateFactory) -> None:
    card, key = world.issue()
    empty = encode_jpeg(np.full((480, 640, 3), 90, np.uint8))
    result, _ = run(make_gate(), card, key, [empty, empty, empty])
    assert result.decision.reasons == (Reason.CAPTURE_TIMEOUT,)


class EndlessBlurCamera:
    """Blurred frames forever; the gate must stop at its time budget."""

    def __init__(self, frame: RgbImage) -> None:
        self.frame: RgbImage = np.asarray(cv2.GaussianBlur(frame, (0, 0), 7), dtype=np.uint8)
        self.delivered = 0

    def frames(self) -> Iterator[RgbImage]:
        while True:
            self.delivered += 1
            yield self.frame


def test_quality_still_failing_at_the_end_of_the_budget(world: World, make_gate: GateFactory) -> None:
    card, key = world.issue()
    gate = make_gate(capture_budget_s=10.0)
    clock = iter(range(0, 1000))
    gate.controller.parts = replace(gate.controller.parts, monotonic=lambda: float(next(clock)))  # 1 s per frame
    camera = EndlessBlurCamera(decode_image(world.photo("obama-480p.jpg")).rgb)
    result, _ = run(gate, card, key, camera)
    assert result.decision.reasons[0] is Reason.QUALITY_FAILED
    assert result.pad_score is not None  # liveness still ran and was logged (blur also looks like a replay)
    assert result.face is None
    assert 9 <= camera.delivered <= 11
    assert result.quality is not None and "BLUR" in {c.reason for c in result.quality.failures}


def test_several_quality_failures_are_each_audited(world: World, make_gate: GateFactory) -> None:
    import json

    from gate.store.audit_repo import AuditRepository

    gate = make_gate()
    card, key = world.issue()
    dark_and_flat = (decode_image(world.photo("obama-480p.jpg")).rgb * 0.2).astype(np.uint8)
    result, _ = run(gate, card, key, [encode_jpeg(dark_and_flat)])
    assert result.quality is not None and len(result.quality.failures) >= 2
    assert result.decision.reasons[0] is Reason.QUALITY_FAILED  # not SYSTEM_ERROR: the audit took it
    with gate.db.sessions() as s:
        bodies = [json.loads(r.body) for r in AuditRepository(s).chain("gate-01")]
    capture = next(b for b in bodies if b["event_type"] == "capture_checked")
    codes = {c["code"] for c in capture["checks"] if c["kind"].startswith("quality.")}
    assert codes == {c.reason for c in result.quality.failures}


class BrokenCamera:
    def frames(self) -> Iterator[RgbImage]:
        raise OSError("camera unplugged")
        yield  # pragma: no cover


def test_any_device_error_refers_and_keeps_the_door_locked(world: World, make_gate: GateFactory) -> None:
    gate = make_gate()
    card, key = world.issue()
    result, d = run(gate, card, key, BrokenCamera())
    assert result.decision.verdict is Verdict.REFER and result.decision.reasons == (Reason.SYSTEM_ERROR,)
    assert d.exit_door.state is DoorState.LOCKED
    assert verify_gate(gate.db.sessions, "gate-01").ok


def test_a_document_already_inside_an_open_transaction_is_referred(world: World, make_gate: GateFactory,
                                                                   tmp_path: Path) -> None:
    first_gate = make_gate()
    second_gate = make_gate(home=tmp_path / "home", gate_id="gate-02")  # same database: a fleet
    card, key = world.issue()
    first = first_gate.controller.start(devices(card, [world.photo("obama-480p.jpg")]), key)
    assert first_gate.controller.run(first, until=Stage.CAPTURE) is None  # inside the mantrap, undecided
    result, d = run(second_gate, card, key, [world.photo("obama-480p.jpg")])
    assert Reason.DOCUMENT_IN_USE in result.decision.reasons and d.exit_door.state is DoorState.LOCKED
    finished = first_gate.controller.run(first)
    assert finished is not None and finished.decision.verdict is Verdict.OPEN


def test_an_expired_and_stolen_document_goes_to_an_officer(world: World, make_gate: GateFactory,
                                                          tmp_path: Path) -> None:
    card, key = world.issue(expiry_days=-3)
    listed = tmp_path / "sltd.txt"
    listed.write_text(f"VNM {key.document_number}\n")
    gate = make_gate(stop_list=listed)
    result, _ = run(gate, card, key, [world.photo("obama-480p.jpg")])
    assert result.decision.verdict is Verdict.REFER
    assert set(result.decision.reasons) == {Reason.DOCUMENT_EXPIRED, Reason.STOP_LIST_HIT}
    with gate.db.sessions() as s:
        assert ReferralRepository(s).for_transaction(result.transaction_id) is not None


def test_an_interrupted_transaction_does_not_block_the_document(world: World, make_gate: GateFactory) -> None:
    from dataclasses import replace
    from datetime import timedelta

    gate = make_gate()
    card, key = world.issue()
    stuck = gate.controller.start(devices(card, [world.photo("obama-480p.jpg")]), key)
    assert gate.controller.run(stuck, until=Stage.CAPTURE) is None  # then the process dies
    blocked, _ = run(gate, card, key, [world.photo("obama-480p.jpg")])
    assert blocked.decision.reasons == (Reason.DOCUMENT_IN_USE,)  # still fresh: it may be inside
    stale = replace(gate.controller.recorder, stale_after=timedelta(0))  # type: ignore[type-var]
    gate.controller.parts = replace(gate.controller.parts, recorder=stale)
    later, d = run(gate, card, key, [world.photo("obama-480p.jpg")])
    assert later.decision.verdict is Verdict.OPEN and d.exit_door.state is DoorState.OPEN


def test_a_door_that_fails_to_open_calls_an_officer(world: World, make_gate: GateFactory) -> None:
    gate = make_gate()
    card, key = world.issue()
    d = devices(card, [world.photo("obama-480p.jpg")])

    def jammed() -> None:
        raise OSError("door controller offline")

    d.exit_door.unlock = jammed  # type: ignore[method-assign]
    result = gate.controller.run(gate.controller.start(d, key))
    assert result is not None and result.decision.verdict is Verdict.REFER
    assert result.decision.reasons == (Reason.DOOR_FAULT,)
    with gate.db.sessions() as s:  # the officer queue shows it, not only the return value
        referral = ReferralRepository(s).for_transaction(result.transaction_id)
        assert referral is not None and "DOOR_FAULT" in referral.reasons
    assert verify_gate(gate.db.sessions, "gate-01").ok


def test_a_door_that_cannot_be_locked_refers_and_is_recorded(world: World, make_gate: GateFactory) -> None:
    gate = make_gate()
    card, key = world.issue()
    d = devices(card, [world.photo("obama-480p.jpg")])

    def stuck() -> None:
        raise OSError("lock actuator fault")

    d.exit_door.lock = stuck  # type: ignore[method-assign]
    result = gate.controller.run(gate.controller.start(d, key))
    assert result is not None and result.decision.reasons == (Reason.DOOR_FAULT,)
    with gate.db.sessions() as s:
        stored = TransactionRepository(s).get(result.transaction_id)
        assert stored.decision == "REFER" and stored.reasons == ("DOOR_FAULT",)


def test_a_failure_to_record_the_decision_never_opens(world: World, make_gate: GateFactory) -> None:
    gate = make_gate()
    card, key = world.issue()
    recorder = gate.controller.recorder

    class FailingFinish:
        def __getattr__(self, name: str) -> object:
            return getattr(recorder, name)

        def finish(self, *args: object) -> None:
            raise RuntimeError("database went away")

    gate.controller.parts = replace(gate.controller.parts, recorder=FailingFinish())  # type: ignore[arg-type]
    result, d = run(gate, card, key, [world.photo("obama-480p.jpg")])
    assert result.decision.verdict is Verdict.REFER and Reason.SYSTEM_ERROR in result.decision.reasons
    assert d.exit_door.state is DoorState.LOCKED and "unlocked" not in events(d.exit_door)


def test_frames_are_pre_qualified_best_first(world: World, make_gate: GateFactory) -> None:
    card, key = world.issue()
    blurred = encode_jpeg(np.asarray(cv2.GaussianBlur(decode_image(world.photo("obama-480p.jpg")).rgb, (0, 0), 7),
                                     dtype=np.uint8))
    result, _ = run(make_gate(), card, key, StillImageCamera([blurred, world.photo("obama-480p.jpg")]))
    assert result.decision.verdict is Verdict.OPEN
    assert result.quality is not None and result.quality.passed


@pytest.mark.parametrize("fmr", [1e-2, 1e-4])
def test_the_configured_fmr_target_is_applied_and_reported(world: World, make_gate: GateFactory, fmr: float) -> None:
    gate = make_gate()
    gate.controller.parts = replace(gate.controller.parts, config=GateConfig(fmr_target=fmr))
    card, key = world.issue()
    result, _ = run(gate, card, key, [world.photo("obama-480p.jpg")])
    assert result.face is not None and result.face.fmr_target == fmr
    assert result.face.threshold == gate.controller.parts.calibration.threshold_for(fmr)


def test_a_decision_that_fails_to_record_is_recorded_as_a_referral(world: World, make_gate: GateFactory) -> None:
    gate = make_gate()
    card, key = world.issue()
    recorder = gate.controller.recorder
    calls: list[str] = []

    class FailsOnce:
        def __getattr__(self, name: str) -> object:
            return getattr(recorder, name)

        def finish(self, transaction_id: str, decision: Decision, captures: dict[str, bytes]) -> None:
            calls.append(decision.verdict.value)
            if len(calls) == 1:
                raise RuntimeError("deadlock detected")
            recorder.finish(transaction_id, decision, captures)

    gate.controller.parts = replace(gate.controller.parts, recorder=FailsOnce())  # type: ignore[arg-type]
    result, d = run(gate, card, key, [world.photo("obama-480p.jpg")])
    assert calls == ["OPEN", "REFER"] and d.exit_door.state is DoorState.LOCKED
    with gate.db.sessions() as s:
        stored = TransactionRepository(s).get(result.transaction_id)
        assert stored.decision == "REFER" and "SYSTEM_ERROR" in stored.reasons
        assert ReferralRepository(s).for_transaction(result.transaction_id) is not None


def test_a_gate_refuses_a_pipeline_its_calibration_was_not_measured_for(world: World, tmp_path: Path) -> None:
    from gate.assembly import build_gate
    from gate.settings import FaceSettings, GateSettings, Settings
    from matcher.errors import CalibrationError

    settings = Settings(home=tmp_path / "h", face=FaceSettings(flip=True),
                        gate=GateSettings(trust_store=world.pki.trust_store))
    with pytest.raises(CalibrationError, match=r"measured for pipeline 'hog-up1'.*'hog-up1-flip'"):
        build_gate(settings, pad=world.pad)
