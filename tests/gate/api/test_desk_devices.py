"""The desk's devices through the API: the clerk's "scan" takes the next image an operator laid on the
simulated finger or iris scanner (nothing there: 409 ``SCANNER_EMPTY``; the eye not imaged: 422
``EYE_NOT_IMAGED``), only an administrator lays images, and the live face check judges a frame without
recording anything on the case."""

from __future__ import annotations

from pathlib import Path

from tests.gate.api.desk_fixtures import Desk, desk  # noqa: F401  (the fixture)

FVC = "data/fingerprints/fvc2002/DB1_B"
CASIA = "data/iris/casia-iris-v1"


def test_a_scan_takes_the_image_laid_on_the_scanner(desk: Desk, shared_dir: Path) -> None:  # noqa: F811
    case_id = desk.open()
    empty = desk.post(f"/cases/{case_id}/scans/fingers/2")
    assert (empty.status_code, empty.json()["code"]) == (409, "SCANNER_EMPTY")
    finger = (shared_dir / FVC / "102_1.tif").read_bytes()
    refused = desk.client.put("/admin/desk/scanners/fingers", headers=desk.auth("clerk-lan"),
                              files=[("images", ("f.tif", finger))])
    assert refused.status_code == 403
    laid = desk.client.put("/admin/desk/scanners/fingers", headers=desk.auth("admin"),
                           files=[("images", ("f.tif", finger))])
    assert laid.status_code == 204, laid.text
    scanned = desk.post(f"/cases/{case_id}/scans/fingers/2")
    assert scanned.status_code == 200, scanned.text
    body = scanned.json()
    assert body["slot"] == "finger:2" and body["accepted"] and body["score"] >= 30 and body["tries_left"] == 2
    again = desk.post(f"/cases/{case_id}/scans/fingers/2")  # taken: the platen is empty again
    assert again.json()["code"] == "SCANNER_EMPTY"


def test_an_eye_the_iris_camera_did_not_image_is_refused(desk: Desk, shared_dir: Path) -> None:  # noqa: F811
    case_id = desk.open()
    left_only = (shared_dir / CASIA / "69" / "069_1_3.jpg").read_bytes()
    laid = desk.client.put("/admin/desk/scanners/iris", headers=desk.auth("admin"),
                           files={"left": ("l.jpg", left_only)})
    assert laid.status_code == 204, laid.text
    answer = desk.post(f"/cases/{case_id}/scans/iris/right")
    assert answer.status_code == 422 and answer.json()["detail"][0]["type"] == "EYE_NOT_IMAGED"
    right = (shared_dir / CASIA / "33" / "033_1_1.jpg").read_bytes()
    desk.client.put("/admin/desk/scanners/iris", headers=desk.auth("admin"), files={"right": ("r.jpg", right)})
    scanned = desk.post(f"/cases/{case_id}/scans/iris/right").json()
    assert scanned["slot"] == "iris:right" and scanned["accepted"]
    cleared = desk.client.delete("/admin/desk/scanners", headers=desk.auth("admin"))
    assert cleared.status_code == 204


def test_the_live_face_check_records_nothing(desk: Desk) -> None:  # noqa: F811
    case_id = desk.open()
    two = desk.post("/face-check", files={"image": ("f.jpg", desk.world.photo("two_people.jpg"))})
    assert two.status_code == 200 and two.json() == {"accepted": False, "codes": ["MULTIPLE_FACES"], "criteria": []}
    good = desk.post("/face-check", files={"image": ("f.jpg", desk.portrait())}).json()
    assert good["accepted"] and good["codes"] == [] and all(c["passed"] for c in good["criteria"])
    face = desk.client.get(f"/desk/cases/{case_id}", headers=desk.auth("clerk-lan")).json()["slots"][0]
    assert face["slot"] == "face" and face["attempts"] == 0
    officer = desk.post("/face-check", "officer", files={"image": ("f.jpg", desk.portrait())})
    assert (officer.status_code, officer.json()["code"]) == (403, "DESK_ROLE_REQUIRED")
