"""In real Chromium: a new clerk signs in for the first time and is asked for her own reference portrait
before anything else (the fake webcam plays a framed obama.jpg: her face); she cannot skip it. She then
enrols an applicant before the same webcam — her own face — records a bandaged finger as an exception and
photographs it with the webcam; the supervisor signing the exception off on her screen sees that photo.
On submission the applicant matches the clerk: the case goes to adjudication, where the supervisor sees
OPERATOR_MATCH — the clerk's reference beside the applicant — and rejects it. axe-core on every new screen,
in Vietnamese and English."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.enrollment.desk.applicants import form
from tests.enrollment.desk.portraits import framed
from tests.gate.api.conftest import PASSWORD
from tests.gate.conftest import World
from tests.kiosk_ui.desk_flow import (
    ScreenCheck,
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

LOADED = "(id) => document.getElementById(id).naturalWidth > 0"


def first_sign_in_enrols_her_portrait(page: Any, check: ScreenCheck) -> None:
    page.fill("#username", "clerk-mai")
    page.fill("#password", PASSWORD)
    page.click("#signin-form button[type=submit]")
    page.wait_for_selector("#operator:not(.hidden)")  # not the case list: her reference comes first
    page.click("#home-button")  # no way round it
    page.wait_for_selector("#operator:not(.hidden)")
    assert page.is_hidden("#home")
    page.wait_for_function("!document.getElementById('op-next').disabled", timeout=60_000)  # captured by itself
    assert page.get_attribute("#op-status", "data-key") == "desk.operator.accepted"
    page.wait_for_function(LOADED, arg="op-taken")
    check(page, "12-operator-portrait")
    assert page.evaluate("call('/desk/operator-face')") == {"enrolled": True}
    page.click("#op-next")
    page.wait_for_selector("#home:not(.hidden)")


def bandaged_finger_with_a_photo(page: Any, check: ScreenCheck) -> None:
    """Finger 1 recorded as bandaged, photographed with the webcam, signed off by a supervisor who sees it."""
    assert page.get_attribute("#slots button[aria-pressed='true']", "data-slot") == "finger:1"
    page.select_option("#exception-code", "FINGER_BANDAGED")
    page.click("#exception-record")
    page.wait_for_selector("#xphoto-box:not(.hidden)")
    assert page.is_visible("#signoff-box") and page.is_hidden("#signoff-figure")  # no photo yet
    page.click("#xphoto-open")
    page.wait_for_function("document.getElementById('xphoto-video').videoWidth > 0")
    page.click("#xphoto-take")
    page.wait_for_selector("#signoff-figure:not(.hidden)")
    page.wait_for_function(LOADED, arg="signoff-photo")
    assert page.get_attribute("#xphoto-status", "data-key") == "desk.xphoto.saved"
    check(page, "13-exception-photo")
    page.fill("#signoff-user", "sup-hoa")
    page.fill("#signoff-password", PASSWORD)
    page.click("#signoff")
    page.wait_for_selector("#slots button.done[data-slot='finger:1']")
    assert page.is_hidden("#xphoto-box") and page.is_hidden("#signoff-box")


def test_a_new_clerk_enrols_her_portrait_and_her_own_face_as_an_applicant_is_adjudicated(
        desk_server: DeskServer, world: World, tmp_path: Path) -> None:  # noqa: F811
    if not AXE.is_file():
        pytest.skip("needs axe-core: run `npm ci` at the repository root")
    check = ScreenCheck()
    fvc, casia = desk_server.shared / FVC, desk_server.shared / CASIA
    video = webcam_video(framed(world.photo("obama.jpg"), world.pipeline), tmp_path / "mai.y4m")
    with chromium_with_camera(video) as browser:
        clerk = desk_page(desk_server, browser)
        first_sign_in_enrols_her_portrait(clerk, check)

        desk_server.place_fingers([(fvc / f"1{p:02d}_1.tif").read_bytes() for p in range(2, 11)])
        desk_server.place_eyes(right=(casia / "33" / "033_1_1.jpg").read_bytes())
        desk_server.place_eyes(left=(casia / "69" / "069_1_3.jpg").read_bytes())
        start_application(clerk)
        fill_demographics(clerk, form())
        save_demographics(clerk)
        wait_face_accepted(clerk)  # the webcam shows the clerk herself
        clerk.click("#face-next")
        clerk.wait_for_selector("#scan:not(.hidden)")
        bandaged_finger_with_a_photo(clerk, check)
        for _ in range(9 + 2):
            if clerk.is_disabled("#slot-scan"):  # the fingers are done: on to the eyes
                clerk.click("#scan-next")
            outcome = scan_selected(clerk)
            assert " true " in f"{outcome} ", outcome
        clerk.click("#scan-next")
        assert submit(clerk) == "adjudication"

        supervisor = desk_page(desk_server, browser)
        sign_in(supervisor, "sup-duc")  # a supervisor is not asked for a portrait
        open_first_case(supervisor, "adjudication")
        press(supervisor, "desk.case.adjudicate")
        supervisor.wait_for_selector("#adj-operator:not(.hidden)")
        assert supervisor.evaluate("document.body.dataset.adjReason") == "OPERATOR_MATCH"
        assert "clerk-mai" in supervisor.inner_text("#adj-operator-text")
        assert "OPERATOR_MATCH" in supervisor.inner_text("#adj-candidate-fields")
        assert supervisor.inner_text("#adj-candidate-title") == "Cán bộ tiếp nhận (ảnh tham chiếu)"
        for image in ("adj-portrait", "adj-candidate-portrait"):  # the applicant and the clerk's reference
            supervisor.wait_for_function(LOADED, arg=image)
        check(supervisor, "14-adjudication-operator")
        supervisor.click("#adj-duplicate")
        supervisor.wait_for_selector("#case-state[data-state='rejected']")
    assert check.problems == [], "\n".join(check.problems)
