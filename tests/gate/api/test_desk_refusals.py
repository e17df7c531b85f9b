"""Every bad input the issue lists, through the desk's API: a clear typed code, and nothing issued.
Transitions refused for the wrong role or state; the desk refuses to submit without a registry."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gate.api.desk_fixtures import Desk, desk, serve_desk  # noqa: F401  (the fixture)

FVC = "data/fingerprints/fvc2002/DB1_B"


def nothing_issued(d: Desk, case_id: str) -> None:
    response = d.post(f"/cases/{case_id}/issue")
    assert (response.status_code, response.json()["code"]) == (409, "STATE_NOT_ALLOWED")
    assert "card" not in response.json()
    complete = d.post(f"/cases/{case_id}/complete")
    assert complete.status_code == 422 and ("CAPTURE_MISSING", ["body", "face"]) in [
        (p["type"], p["loc"]) for p in complete.json()["detail"]]


@pytest.mark.parametrize(("photo", "code"), [
    ("two_people.jpg", "MULTIPLE_FACES"), ("fingerprint", "NO_FACE"), ("obama-480p.jpg", "EYE_DISTANCE_LOW")])
def test_a_bad_face_photo_is_a_code_and_nothing_is_issued(desk: Desk, shared_dir: Path,  # noqa: F811
                                                          photo: str, code: str) -> None:
    case_id = desk.open()
    data = (shared_dir / FVC / "101_1.tif").read_bytes() if photo == "fingerprint" else desk.world.photo(photo)
    answer = desk.capture(case_id, "face", data)
    assert answer.status_code == 200
    body = answer.json()
    assert not body["accepted"] and code in body["codes"] and body["tries_left"] is None
    assert body["case"]["slots"][0] == {**body["case"]["slots"][0], "slot": "face", "accepted": False,
                                        "attempts": 1}
    if code == "EYE_DISTANCE_LOW":
        failed = [c for c in body["criteria"] if not c["passed"]]
        assert {"name": "eye_distance", "reason": "EYE_DISTANCE_LOW"}.items() <= failed[0].items()
    nothing_issued(desk, case_id)


@pytest.mark.parametrize(("changes", "field", "code"), [
    ({"birth_date": "991340"}, "birth_date", "BIRTH_DATE_INVALID"),
    ({"issue_date": "2010-01-01", "expiry_date": "2020-01-01"}, "expiry_date", "EXPIRY_DATE_PAST"),
    ({"id_number": "001189012345"}, "id_number", "ID_NUMBER_SEX_MISMATCH"),
    ({"full_name": ""}, "full_name", "FULL_NAME_REQUIRED"),
])
def test_bad_demographics_are_codes_at_their_field(desk: Desk, changes: dict[str, str], field: str,  # noqa: F811
                                                   code: str) -> None:
    from tests.enrollment.desk.applicants import form

    case_id = desk.post("/cases", json={"consent": True}).json()["id"]
    response = desk.client.put(f"/desk/cases/{case_id}/demographics", headers=desk.auth("clerk-lan"),
                               json=form(**changes))
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert {"loc": ["body", field], "msg": code, "type": code} in detail
    assert all(p["msg"] == p["type"] for p in detail)  # codes, never sentences
    case = desk.client.get(f"/desk/cases/{case_id}", headers=desk.auth("clerk-lan")).json()
    assert case["demographics"] is None and case["missing"][0]["code"] == "DEMOGRAPHICS_MISSING"
    nothing_issued(desk, case_id)


def test_only_clerks_and_supervisors_work_at_the_desk(desk: Desk) -> None:  # noqa: F811
    for who in ("officer", "admin"):
        response = desk.post("/cases", who, json={"consent": True})
        assert (response.status_code, response.json()["code"]) == (403, "DESK_ROLE_REQUIRED")
    assert desk.client.post("/desk/cases", json={"consent": True}).status_code == 401
    refused = desk.post("/cases", json={"consent": False})
    assert refused.status_code == 422 and refused.json()["code"] == "CONSENT_REQUIRED"
    assert desk.client.get("/officer/referrals", headers=desk.auth("clerk-lan")).status_code == 403


def test_wrong_state_and_wrong_role_are_refused(desk: Desk) -> None:  # noqa: F811
    case_id = desk.open()
    for step, code in (("submit", "STATE_NOT_ALLOWED"), ("reopen", "STATE_NOT_ALLOWED")):
        response = desk.post(f"/cases/{case_id}/{step}")
        assert (response.status_code, response.json()["code"]) == (409, code)
    response = desk.post(f"/cases/{case_id}/approve", "sup-hoa")
    assert (response.status_code, response.json()["code"]) == (409, "STATE_NOT_ALLOWED")
    response = desk.post(f"/cases/{case_id}/reject", json={"code": "OTHER"})
    assert (response.status_code, response.json()["code"]) == (403, "ROLE_NOT_ALLOWED")
    response = desk.post(f"/cases/{case_id}/reject", "sup-hoa", json={"code": "APPLICANT_WITHDREW"})
    assert response.json()["state"] == "rejected"
    late = desk.capture(case_id, "face", desk.portrait())
    assert (late.status_code, late.json()["code"]) == (409, "CASE_NOT_DRAFT")
    assert desk.client.get("/desk/cases/" + "f" * 32, headers=desk.auth("clerk-lan")).status_code == 404


def test_three_bad_prints_then_an_exception_signed_off_by_another(desk: Desk) -> None:  # noqa: F811
    case_id = desk.open()
    face = desk.world.photo("obama.jpg")  # a face is no fingerprint
    for left in (2, 1, 0):
        body = desk.capture(case_id, "fingers/2", face).json()
        assert (body["accepted"], body["codes"], body["tries_left"]) == (False, ["NOT_A_FINGERPRINT"], left)
    fourth = desk.capture(case_id, "fingers/2", face)
    assert (fourth.status_code, fourth.json()["code"]) == (403, "RETRIES_EXHAUSTED")
    early = desk.post(f"/cases/{case_id}/exceptions/iris:right", json={"code": "QUALITY_RETRIES_EXHAUSTED"})
    assert early.status_code == 422 and early.json()["code"] == "RETRIES_LEFT"
    recorded = desk.post(f"/cases/{case_id}/exceptions/finger:2", json={"code": "QUALITY_RETRIES_EXHAUSTED"})
    assert recorded.json()["slots"][1]["exception"]["signed_off_by"] is None
    own = desk.post(f"/cases/{case_id}/exceptions/finger:2/sign-off", "clerk-minh")
    assert (own.status_code, own.json()["code"]) == (403, "ROLE_NOT_ALLOWED")
    signed = desk.post(f"/cases/{case_id}/exceptions/finger:2/sign-off", "sup-hoa").json()
    assert signed["slots"][1]["exception"]["signed_off_by"] == "sup-hoa"
    assert [p["field"] for p in signed["missing"]] == ["face", "iris:right"]
