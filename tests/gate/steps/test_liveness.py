"""The liveness step in whole transactions: the PAD alarm, and no skipping liveness without models."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from gate.policy import Reason
from gate.ports import DoorState
from tests.gate.conftest import GateFactory, World, run


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
