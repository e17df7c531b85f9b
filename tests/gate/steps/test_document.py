"""The document step in whole transactions: unreadable, expired, stop-listed and in-use documents."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from enrollment.icao.inspection import AccessKey, CanKey
from gate.policy import Reason, Verdict
from gate.ports import DoorState
from gate.store import ReferralRepository
from gate.transaction import Stage
from tests.gate.conftest import GateFactory, World, devices, run


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


def test_a_cccd_opened_with_its_can_lets_the_holder_through(world: World, make_gate: GateFactory) -> None:
    """The CAN printed on the card (read optically by the document reader) opens the chip with PACE; the
    traveller's identity then comes from DG1, and the MRZ comparison is not performed."""
    card, _ = world.issue()
    assert card.profile == "cccd" and card.can is not None and len(card.can) == 6
    result, d = run(make_gate(), card, CanKey(card.can), [world.photo("obama-480p.jpg")])
    assert result.decision.verdict is Verdict.OPEN and d.exit_door.state is DoorState.OPEN
    assert result.document is not None and result.document.mrz is not None


def test_a_wrong_can_is_rejected_unread(world: World, make_gate: GateFactory) -> None:
    card, _ = world.issue()
    assert card.can is not None
    wrong = f"{(int(card.can) + 1) % 1_000_000:06d}"
    result, d = run(make_gate(), card, CanKey(wrong), [world.photo("obama-480p.jpg")])
    assert result.decision.verdict is Verdict.REJECT and result.decision.reasons == (Reason.DOCUMENT_UNREADABLE,)
    assert d.exit_door.state is DoorState.LOCKED
