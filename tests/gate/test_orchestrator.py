"""Whole gate transactions: real chip, real faces, real PAD, real database. The exit door opens only
on a clean match; every other path refers (or rejects) with a reason code and leaves it locked."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from gate.audit import verify_gate
from gate.demo import chip_photo, swap_photo
from gate.policy import Decision, Reason, Verdict
from gate.ports import DoorState
from gate.steps import GateConfig
from gate.store import CaptureVault, ReferralRepository, TransactionRepository
from matcher.face.types import RgbImage
from matcher.image import decode_image
from tests.gate.conftest import GateFactory, World, devices, events, run


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
    assert result.face is not None and result.face.score < result.face.threshold  # cosine: lower is unlike
    with gate.db.sessions() as s:
        assert ReferralRepository(s).for_transaction(result.transaction_id) is not None
        vault = CaptureVault(s, gate.cipher)
        kinds = {c.kind: c for c in vault.for_transaction(result.transaction_id)}
        assert set(kinds) == {"live_face", "chip_face", "biographic", "quality_measurements"}
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

    settings = Settings(home=tmp_path / "h", face=FaceSettings(flip=False),
                        gate=GateSettings(trust_store=world.pki.trust_store))
    with pytest.raises(CalibrationError, match=r"measured for pipeline 'yunet-up1-flip'.*'yunet-up1'"):
        build_gate(settings, pad=world.pad)
