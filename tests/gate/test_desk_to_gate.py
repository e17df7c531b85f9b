"""End to end: a citizen enrolled at the desk (a framed photo from obama.jpg, ten real fingerprints of
FVC2002 DB1, both eyes from CASIA-IrisV1), approved by a supervisor and issued a CCCD, then walks through
the gate, which sees another photo of him (obama-480p.jpg), reads the chip with the CAN printed on the card,
verifies it against the issuing PKI and compares face, finger and iris: OPEN."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from enrollment.desk.workflow import Action
from enrollment.icao.inspection import CanKey
from gate.devices.finger_scanner import ImageFileScanner
from gate.devices.iris_scanner import ImageFileIrisScanner
from gate.policy import Verdict
from gate.ports import DoorState, IrisEye
from gate.service.desk import DeskService
from gate.service.desk_build import build_desk
from gate.settings import DeskSettings
from gate.store import Officer, OfficerRepository
from tests.conftest import require
from tests.enrollment.desk.applicants import form
from tests.enrollment.desk.portraits import framed
from tests.gate.api.conftest import CHEAP, PASSWORD
from tests.gate.api.desk_fixtures import clerk_portrait
from tests.gate.conftest import GateFactory, World, devices
from tests.gate.desk_doubles import FaceDeduplicator

# the eyes' folders, the image enrolled and the image the gate's scanner sees
EYES: dict[IrisEye, tuple[str, str, str]] = {"right": ("33", "033_1_1", "033_2_1"),
                                             "left": ("69", "069_1_3", "069_2_3")}


@pytest.fixture(scope="module")
def data(shared_dir: Path) -> tuple[Path, Path]:
    return (require(shared_dir / "data" / "fingerprints" / "fvc2002" / "DB1_B"),
            require(shared_dir / "data" / "iris" / "casia-iris-v1"))


@pytest.fixture
def gate_and_desk(make_gate: GateFactory, world: World) -> Iterator[tuple[object, DeskService, dict[str, Officer]]]:
    gate = make_gate(finger_mode="required", iris_mode="required")
    gate.settings.desk = DeskSettings(pki=world.pki.root)  # the default policy: ten fingers, both eyes
    with gate.db.sessions.begin() as s:
        accounts = {name: OfficerRepository(s, CHEAP).create(name, PASSWORD, role)  # type: ignore[arg-type]
                    for name, role in (("clerk-lan", "clerk"), ("sup-hoa", "supervisor"))}
    yield gate, build_desk(gate, world.pipeline, FaceDeduplicator(world.pipeline)), accounts


def test_a_citizen_enrolled_at_the_desk_opens_the_gate(gate_and_desk, world: World,  # type: ignore[no-untyped-def]
                                                       data: tuple[Path, Path]) -> None:
    gate, desk, who = gate_and_desk
    fvc, casia = data
    clerk, supervisor = who["clerk-lan"], who["sup-hoa"]
    desk.enrol_operator(clerk, clerk_portrait(world))  # the clerk's own reference: no case without it
    case = desk.open(clerk, consent=True)
    desk.set_demographics(clerk, case.id, form())
    assert desk.capture_face(clerk, case.id, framed(world.photo("obama.jpg"), world.pipeline)).verdict.accepted
    for position in range(1, 11):  # finger 10x of FVC2002 DB1 as the ten fingers, first impressions
        outcome = desk.capture_finger(clerk, case.id, position, (fvc / f"1{position:02d}_1.tif").read_bytes())
        assert outcome.verdict.accepted, (position, outcome.verdict.codes)
    for side, (folder, enrolled, _) in EYES.items():
        outcome = desk.capture_iris(clerk, case.id, side, (casia / folder / f"{enrolled}.jpg").read_bytes())
        assert outcome.verdict.accepted, (side, outcome.verdict.codes)
    desk.act(clerk, case.id, Action.COMPLETE_CAPTURE)
    assert desk.submit(clerk, case.id).dedup_done
    desk.act(supervisor, case.id, Action.APPROVE)
    issued = desk.issue(clerk, case.id)
    assert issued.case.state.value == "issued" and issued.card.can is not None

    d = devices(issued.card, [world.photo("obama-480p.jpg")])
    d.finger_scanner = ImageFileScanner([(fvc / "102_2.tif").read_bytes()])  # his right index, again
    d.iris_scanner = ImageFileIrisScanner([{side: (casia / folder / f"{live}.jpg").read_bytes()
                                            for side, (folder, _, live) in EYES.items()}])
    result = gate.controller.run(gate.controller.start(d, CanKey(issued.card.can)))
    assert result is not None
    assert result.decision.verdict is Verdict.OPEN, result.decision.reasons
    assert d.exit_door.state is DoorState.OPEN
    assert result.document is not None and {1, 2, 3, 4, 13} <= set(result.document.data_groups_read)
    assert result.finger is not None and result.finger.is_match
