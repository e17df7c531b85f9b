"""In real Chromium, each bad input of the issue gets a clear, localised message and nothing is issued: an
impossible birth date (31 February, typed into the date picker) and an expiry already past, beside their
fields; two faces before the webcam; a fingerprint as the face photo; a photo failing the issuance quality;
a finger that fails three times becomes an exception only a supervisor (not the clerk) can sign off; the
incomplete case cannot be submitted. axe-core finds no serious violation on these screens either."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.enrollment.desk.applicants import form
from tests.enrollment.desk.portraits import framed
from tests.gate.api.conftest import PASSWORD
from tests.gate.conftest import World
from tests.kiosk_ui.desk_flow import ScreenCheck, fill_demographics, save_demographics, scan_selected, start_application
from tests.kiosk_ui.desk_server import FVC, DeskServer, desk_page, desk_server, sign_in, webcam_video  # noqa: F401
from tests.kiosk_ui.kiosk_browser import chromium_with_camera
from tests.kiosk_ui.test_kiosk_axe import AXE

CATALOGUES = Path(__file__).resolve().parents[2] / "kiosk_ui" / "static" / "i18n"


def message(lang: str, code: str) -> str:
    return str(json.loads((CATALOGUES / f"{lang}.json").read_text(encoding="utf-8"))[f"desk.code.{code}"])


def field_error(page: Any, field: str) -> str:
    return str(page.inner_text(f"#e-{field}"))


def guidance_shows(page: Any, code: str) -> None:
    page.wait_for_selector(f"#face-guidance li[data-code='{code}']", timeout=60_000)


def test_each_bad_input_is_a_localised_message_and_nothing_is_issued(desk_server: DeskServer,  # noqa: F811
                                                                     world: World, tmp_path: Path) -> None:
    if not AXE.is_file():
        pytest.skip("needs axe-core: run `npm ci` at the repository root")
    check = ScreenCheck()
    video = webcam_video(world.photo("two_people.jpg"), tmp_path / "two.y4m")
    with chromium_with_camera(video) as browser:
        page = desk_page(desk_server, browser)
        sign_in(page, "clerk-lan")
        start_application(page)
        fill_demographics(page, form(birth_date="", issue_date="2010-01-01", expiry_date="2020-01-01"))
        page.click("#f-birth_date")
        page.keyboard.type("02311999")  # the picker's month/day/year: 31 February 1999 does not exist
        save_demographics(page)
        page.wait_for_selector("#e-birth_date:not(:empty)")
        assert field_error(page, "birth_date") == message("vi", "BIRTH_DATE_INVALID")
        assert field_error(page, "expiry_date") == message("vi", "EXPIRY_DATE_PAST")
        assert page.get_attribute("#f-expiry_date", "aria-invalid") == "true"
        check(page, "e1-demographics-refused")
        page.click("#lang")
        assert field_error(page, "birth_date") == message("en", "BIRTH_DATE_INVALID")
        assert field_error(page, "expiry_date") == message("en", "EXPIRY_DATE_PAST")
        page.click("#lang")
        assert page.is_visible("#form")  # refused: still on the form

        fill_demographics(page, form())
        save_demographics(page)
        guidance_shows(page, "MULTIPLE_FACES")  # the live view: two people before the webcam
        assert page.inner_text("#face-guidance li[data-code='MULTIPLE_FACES']") == message("vi", "MULTIPLE_FACES")
        assert page.is_disabled("#face-next")
        check(page, "e2-face-two-people")
        fingerprint = desk_server.shared / FVC / "101_1.tif"
        page.set_input_files("#face-file", str(fingerprint))
        guidance_shows(page, "NO_FACE")
        assert page.inner_text("#face-guidance") == message("vi", "NO_FACE")
        small = tmp_path / "obama-480p.jpg"
        small.write_bytes(world.photo("obama-480p.jpg"))
        page.set_input_files("#face-file", str(small))
        guidance_shows(page, "EYE_DISTANCE_LOW")
        assert page.is_disabled("#face-next")
        check(page, "e3-face-quality")
        case_id = str(page.evaluate("desk.caseId"))
        assert_nothing_issued(desk_server, case_id, "face")

        portrait = tmp_path / "an.jpg"
        portrait.write_bytes(framed(world.photo("obama.jpg"), world.pipeline))
        page.set_input_files("#face-file", str(portrait))
        page.wait_for_function("!document.getElementById('face-next').disabled", timeout=60_000)
        page.click("#face-next")
        page.wait_for_selector("#scan:not(.hidden)")
        not_a_finger = world.photo("obama-480p.jpg")
        desk_server.place_fingers([not_a_finger] * 3)
        codes = [scan_selected(page) for _ in range(3)]
        assert all(c.startswith("finger:1 false ") for c in codes), codes
        assert page.is_disabled("#slot-scan")
        check(page, "e4-finger-tries-used")
        page.click("#exception-record")
        page.wait_for_selector("#signoff-box:not(.hidden)")
        page.fill("#signoff-user", "clerk-lan")  # the clerk may not sign off their own exception
        page.fill("#signoff-password", PASSWORD)
        page.click("#signoff")
        page.wait_for_selector("#error:not(.hidden)")
        assert page.inner_text("#error") == message("vi", "ROLE_NOT_ALLOWED")
        assert page.is_visible("#signoff-box") and page.is_visible("#scan")  # the clerk stays signed in
        page.fill("#signoff-user", "sup-hoa")
        page.fill("#signoff-password", PASSWORD)
        page.click("#signoff")
        page.wait_for_selector("#slots button.done[data-slot='finger:1']")
        check(page, "e5-exception-signed-off")
        page.click("#scan-next")
        page.click("#scan-next")
        page.wait_for_selector("#review:not(.hidden)")
        assert page.is_disabled("#review-submit")
        missing = page.eval_on_selector_all("#review-missing li", "(items) => items.map((i) => i.dataset.code)")
        assert missing.count("CAPTURE_MISSING") == 11  # nine fingers and two eyes
        check(page, "e6-review-incomplete")
        assert_nothing_issued(desk_server, case_id, "finger:2")
    assert check.problems == [], "\n".join(check.problems)


def assert_nothing_issued(server: DeskServer, case_id: str, missing: str) -> None:
    with httpx.Client(base_url=server.url, timeout=60) as client:
        token = client.post("/auth/token", data={"username": "sup-hoa", "password": PASSWORD}).json()["access_token"]
        auth = {"Authorization": f"Bearer {token}"}
        case = client.get(f"/desk/cases/{case_id}", headers=auth).json()
        assert case["state"] == "draft" and {"code": "CAPTURE_MISSING", "field": missing} in case["missing"]
        issue = client.post(f"/desk/cases/{case_id}/issue", headers=auth)
        assert (issue.status_code, issue.json()["code"]) == (409, "STATE_NOT_ALLOWED")
