"""In real Chromium: a clerk enrols a citizen (the fake webcam plays his framed portrait, the simulated
scanners hold his ten FVC2002 fingerprints and both CASIA irises), a supervisor approves, the card is issued
and downloaded, and the gate, seeing another photo of the same man, opens. Then a second application of
the same man (another photo, another name and number) is caught by the registry's de-duplication and the
supervisor, seeing both records side by side, rejects it. Every screen passes axe-core in both languages.
The clerk's whole enrolment time is printed (never asserted)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from enrollment.icao.card_file import loads
from enrollment.icao.inspection import CanKey
from gate.devices.finger_scanner import ImageFileScanner
from gate.devices.iris_scanner import ImageFileIrisScanner
from gate.policy import Verdict
from gate.ports import DoorState
from tests.enrollment.desk.applicants import form
from tests.enrollment.desk.portraits import framed
from tests.gate.conftest import World, devices
from tests.kiosk_ui.desk_flow import (
    ScreenCheck,
    done_slots,
    fill_demographics,
    open_first_case,
    press,
    save_demographics,
    scan_selected,
    start_application,
    submit,
    wait_face_accepted,
)
from tests.kiosk_ui.desk_server import CASIA, FVC, DeskServer, desk_page, desk_server, sign_in, webcam_video  # noqa: F401
from tests.kiosk_ui.kiosk_browser import chromium_with_camera
from tests.kiosk_ui.test_kiosk_axe import AXE

EYES = {"right": ("33", "033_1_1", "033_2_1", "033_1_3"), "left": ("69", "069_1_3", "069_2_3", "069_2_4")}
SECOND = form(id_number="001089054321", full_name="Trần Văn Bảo", father_name="Trần Văn Cường")


def enrol(page: Any, server: DeskServer, values: dict[str, str], impression: int, iris_index: int,
          check: ScreenCheck | None) -> str:
    """The clerk's whole enrolment, from "new application" to the submission's answer."""
    fvc, casia = server.shared / FVC, server.shared / CASIA
    server.place_fingers([(fvc / f"1{p:02d}_{impression}.tif").read_bytes() for p in range(1, 11)])
    for eye in ("right", "left"):
        folder, *names = EYES[eye]
        image = (casia / folder / f"{names[iris_index]}.jpg").read_bytes()
        server.place_eyes(**{eye: image})
    start_application(page)
    fill_demographics(page, values)
    if check:
        check(page, "2-demographics")
    save_demographics(page)
    wait_face_accepted(page)
    if check:
        check(page, "3-face")
    page.click("#face-next")
    page.wait_for_selector("#scan:not(.hidden)")
    for _ in range(10):
        outcome = scan_selected(page)
        assert " true " in f"{outcome} ", outcome
    assert len(done_slots(page)) == 10
    if check:
        check(page, "4-fingers")
    page.click("#scan-next")
    for _ in range(2):
        outcome = scan_selected(page)
        assert " true " in f"{outcome} ", outcome
    if check:
        check(page, "5-irises")
    page.click("#scan-next")
    page.wait_for_selector("#review:not(.hidden)")
    if check:
        check(page, "6-review")
    state = submit(page)
    if check:
        check(page, "7-submitted")
    return state


def test_a_citizen_enrolled_in_the_browser_opens_the_gate_and_his_second_application_is_rejected(
        desk_server: DeskServer, world: World, tmp_path: Path) -> None:  # noqa: F811
    if not AXE.is_file():
        pytest.skip("needs axe-core: run `npm ci` at the repository root")
    check = ScreenCheck()
    video = webcam_video(framed(world.photo("obama.jpg"), world.pipeline), tmp_path / "an.y4m")
    with chromium_with_camera(video) as browser:
        clerk = desk_page(desk_server, browser)
        check(clerk, "0-sign-in")
        sign_in(clerk, "clerk-lan")
        check(clerk, "1-home")
        assert enrol(clerk, desk_server, form(), impression=1, iris_index=0, check=check) == "dedup_pending"
        seconds = int(clerk.evaluate("document.body.dataset.enrolmentMs")) / 1000
        print(f"\nclerk's whole enrolment in the browser (consent to submission): {seconds:.1f} s")

        supervisor = desk_page(desk_server, browser)
        sign_in(supervisor, "sup-hoa")
        open_first_case(supervisor, "dedup_pending")
        check(supervisor, "8-case")
        press(supervisor, "desk.case.approve")
        supervisor.wait_for_selector("#case-state[data-state='approved']")
        press(supervisor, "desk.case.issue")
        supervisor.wait_for_selector("#issued:not(.hidden)")
        check(supervisor, "9-issued")
        document_number = supervisor.inner_text("#issued-number")
        can = supervisor.inner_text("#issued-can")
        with supervisor.expect_download() as download:
            supervisor.click("#issued-download")
        card = loads(Path(download.value.path()).read_bytes())
    assert card.can == can and document_number

    fvc, casia = desk_server.shared / FVC, desk_server.shared / CASIA
    d = devices(card, [world.photo("obama-480p.jpg")])  # another photo of the same man at the gate
    d.finger_scanner = ImageFileScanner([(fvc / "102_2.tif").read_bytes()])
    d.iris_scanner = ImageFileIrisScanner([{eye: (casia / folder / f"{live}.jpg").read_bytes()  # type: ignore[misc]
                                            for eye, (folder, _, live, _) in EYES.items()}])
    gate = desk_server.runtime.controller
    result = gate.run(gate.start(d, CanKey(can)))
    assert result is not None and result.decision.verdict is Verdict.OPEN, result and result.decision.reasons
    assert d.exit_door.state is DoorState.OPEN
    assert result.document is not None and result.document.document_number == document_number

    second = webcam_video(framed(world.photo("obama-480p.jpg"), world.pipeline), tmp_path / "bao.y4m")
    with chromium_with_camera(second) as browser:
        clerk = desk_page(desk_server, browser)
        sign_in(clerk, "clerk-lan")
        assert enrol(clerk, desk_server, SECOND, impression=2, iris_index=2, check=None) == "adjudication"
        supervisor = desk_page(desk_server, browser)
        sign_in(supervisor, "sup-duc")
        open_first_case(supervisor, "adjudication")
        press(supervisor, "desk.case.adjudicate")
        supervisor.wait_for_selector("#adjudication:not(.hidden)")
        supervisor.wait_for_function("document.getElementById('adj-candidate-portrait').naturalWidth > 0"
                                     " && document.getElementById('adj-portrait').naturalWidth > 0")
        evidence = supervisor.inner_text("#adj-evidence")
        assert "Ảnh chân dung" in evidence and "Ngón" in evidence and "Mắt" in evidence, evidence
        assert "Nguyễn Văn An" in supervisor.inner_text("#adj-candidate-fields")
        assert "Trần Văn Bảo" in supervisor.inner_text("#adj-fields")
        check(supervisor, "10-adjudication")
        supervisor.click("#adj-duplicate")
        supervisor.wait_for_selector("#case-state[data-state='rejected']")
        assert not supervisor.query_selector("#case-actions button[data-key='desk.case.issue']")
        check(supervisor, "11-rejected")
    assert check.problems == [], "\n".join(check.problems)
